"""The PDF frame: project-only fetching, embedded Vietnamese font, NFC text, escaped user text."""

import datetime
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.template import engines

from reports.pdf import (
    FONT_DIR,
    PartyDocument,
    ProjectOnlyFetcher,
    RefusedURL,
    Signature,
    font_urls,
    html_to_pdf,
    render_html,
)

BODY = """{% extends "reports/pdf/base_party.html" %}{% block body %}
<h2>I. TÌNH HÌNH CHUNG</h2><p class="user-text">{{ text }}</p>{{ trusted|safe }}
{% endblock %}"""


def party_doc(**overrides) -> PartyDocument:
    fields = {
        "parent_body": "Đảng bộ tỉnh Thái Nguyên",
        "issuing_body": "Đảng ủy Khối các cơ quan tỉnh",
        "doc_type": "BÁO CÁO",
        "type_code": "BC",
        "issuer_code": "ĐUK",
        "summary": "kết quả thực hiện phong trào thi đua “Dân vận khéo”",
        "place": "Thái Nguyên",
        "date": datetime.date(2024, 4, 16),
        "number": 12,
        "signature": Signature(on_behalf="T/M BAN THƯỜNG VỤ", title="PHÓ BÍ THƯ", name="Lê Văn A"),
        "recipients": ["Ban Thường vụ Đảng ủy Khối (b/c),", "Lưu Văn phòng."],
    }
    fields.update(overrides)
    return PartyDocument(**fields)


def render(tmp_path: Path, *, text="", trusted="", doc=None) -> tuple[Path, ProjectOnlyFetcher]:
    template = engines["django"].from_string(BODY)
    html = template.render(
        {"doc": doc or party_doc(), "fonts": font_urls(), "text": text, "trusted": trusted}
    )
    fetcher = ProjectOnlyFetcher()
    target = tmp_path / "doc.pdf"
    html_to_pdf(unicodedata.normalize("NFC", html), target=target, fetcher=fetcher)
    return target, fetcher


def pdftotext(path: Path) -> str:
    out = subprocess.run(  # noqa: S603 - fixed command on our own file
        ["/usr/bin/pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    )
    return out.stdout.decode()


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "https://example.com/style.css",
        "file:///etc/passwd",
        f"{FONT_DIR.as_uri()}/../../manage.py",
        f"{FONT_DIR.as_uri()}/%2E%2E/pdf.py",
        "file://evil.example.com/share/x.png",
        "ftp://example.com/x",
        "data:text/plain,hello",
        "//example.com/x.png",
    ],
)
def test_the_fetcher_refuses_anything_outside_the_project(url):
    fetcher = ProjectOnlyFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_serves_our_bundled_fonts():
    response = ProjectOnlyFetcher().fetch(font_urls()["regular"])
    assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType font


def test_user_text_cannot_make_the_renderer_reach_out(tmp_path):
    text = '<img src="http://example.com/x.png"> <script>alert(1)</script> file:///etc/passwd'
    target, fetcher = render(tmp_path, text=text)
    printed = pdftotext(target)
    assert "<script>alert(1)</script>" in printed  # escaped: shown as text
    assert '<img src="http://example.com/x.png">' in printed
    assert fetcher.refused == []  # nothing was even attempted


def test_markup_that_points_outside_is_refused_and_the_document_still_renders(tmp_path):
    trusted = (
        '<img src="http://example.com/x.png" alt="">'
        '<img src="file:///etc/passwd" alt="">'
        '<link rel="stylesheet" href="https://example.com/x.css">'
    )
    target, fetcher = render(tmp_path, trusted=trusted)
    assert set(fetcher.refused) == {
        "http://example.com/x.png",
        "file:///etc/passwd",
        "https://example.com/x.css",
    }
    assert "TÌNH HÌNH CHUNG" in pdftotext(target)


def test_the_bundled_font_is_embedded_and_vietnamese_survives(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Hạnh – Tổ chỉ đạo")
    target, _ = render(tmp_path, text=decomposed)
    fonts = subprocess.run(  # noqa: S603
        ["/usr/bin/pdffonts", str(target)], capture_output=True, check=True
    ).stdout.decode()
    font_lines = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert font_lines
    assert all("Danvan-Serif" in line for line in font_lines)
    assert all(" yes yes " in line for line in font_lines)  # embedded, subset
    printed = pdftotext(target)
    assert "Nguyễn Thị Hồng Hạnh – Tổ chỉ đạo" in unicodedata.normalize("NFC", printed)
    assert "CÁC CƠ QUAN TỈNH" in printed


def test_party_header_number_date_and_signature(tmp_path):
    target, _ = render(tmp_path)
    printed = pdftotext(target)
    for expected in (
        "ĐẢNG BỘ TỈNH THÁI NGUYÊN",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 12-BC/ĐUK",
        "Thái Nguyên, ngày 16 tháng 4 năm 2024",
        "BÁO CÁO",
        "T/M BAN THƯỜNG VỤ",
        "Nơi nhận:",
        "- Lưu Văn phòng.",
    ):
        assert expected in printed


def test_a_draft_prints_a_blank_number_and_dates_pad_per_the_format():
    doc = party_doc(number=None, date=datetime.date(2024, 2, 5))
    assert doc.number_line == "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/ĐUK"
    assert doc.place_date == "Thái Nguyên, ngày 05 tháng 02 năm 2024"
    assert party_doc(number=3).number_line == "Số 03-BC/ĐUK"


def test_page_numbers_start_on_page_two(tmp_path):
    trusted = "".join(f"<p>Đoạn văn số {i} của báo cáo.</p>" for i in range(120))
    target, _ = render(tmp_path, trusted=trusted)
    pages = pdftotext(target).split("\f")
    assert len([p for p in pages if p.strip()]) >= 3
    assert pages[1].strip().splitlines()[0].strip() == "2"
    assert not pages[0].strip().splitlines()[0].strip().isdigit()


def test_render_html_normalises_to_nfc(db):
    html = render_html(
        "reports/pdf/base_party.html",
        {"doc": party_doc(summary=unicodedata.normalize("NFD", "báo cáo sơ kết"))},
    )
    assert unicodedata.is_normalized("NFC", html)
    assert "báo cáo sơ kết" in html
