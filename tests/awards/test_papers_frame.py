"""The award papers and the reports share one Party frame (reports.pdf.PartyFrame): every line
the frame templates print (the header names wrapped between words, the summary line, place and
date) comes from it, so an award paper cannot lack one a report has."""

import datetime
import re

from django.template import loader

from awards.documents import AwardDocument
from reports.pdf import PartyDocument, PartyFrame, Signature

FRAMES = ["reports/pdf/base_party.html", "awards/pdf/base_award.html"]
NAMES = {
    "parent_body": "Đảng bộ tỉnh Thái Nguyên",
    "issuing_body": "Đảng ủy Khối các cơ quan tỉnh",
    "doc_type": "QUYẾT ĐỊNH",
    "summary": "Về việc tặng Giấy khen cho tập thể, cá nhân trong phong trào “Dân vận khéo”",
    "place": "Thái Nguyên",
    "date": datetime.date(2013, 10, 5),
    "signature": Signature(on_behalf="T/M BAN THƯỜNG VỤ", title="BÍ THƯ", name="Lê Văn A"),
    "recipients": ["Như Điều 2,", "Lưu."],
}


def read_by_frames() -> set[str]:
    names = set()
    for name in FRAMES:
        source = loader.get_template(name).template.source
        names |= set(re.findall(r"\bdoc\.(\w+)", source))
    return names


def documents() -> list[PartyFrame]:
    return [
        PartyDocument(**NAMES, type_code="QĐ", issuer_code="ĐUK", number=125),
        AwardDocument(**NAMES, state=False, number="125-QĐ/ĐUK"),
        AwardDocument(**NAMES, state=True, number="125/QĐ-UBND"),
    ]


def test_every_line_the_frames_print_is_there_for_every_document():
    read = read_by_frames()
    assert {"parent_body_lines", "issuing_body_lines", "summary_line", "place_date"} <= read
    for doc in documents():
        assert isinstance(doc, PartyFrame)
        for name in read - {"state"}:
            assert getattr(doc, name) is not None, (type(doc).__name__, name)


def test_an_award_paper_prints_its_header_as_a_report_does():
    report, party_award, state_award = documents()
    for award in (party_award, state_award):
        assert award.parent_body_lines == report.parent_body_lines
        assert award.issuing_body_lines == ["ĐẢNG ỦY KHỐI", "CÁC CƠ QUAN TỈNH"]
        assert award.issuing_body_lines == report.issuing_body_lines
        assert award.summary_line == report.summary_line
        assert award.place_date == report.place_date == "Thái Nguyên, ngày 05 tháng 10 năm 2013"
    assert report.number_line == "Số 125-QĐ/ĐUK"
    assert party_award.number_line == "Số 125-QĐ/ĐUK"
    assert state_award.number_line == "Số: 125/QĐ-UBND"
