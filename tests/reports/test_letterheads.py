"""The bloc summary's letterhead, signer, recipients and sections IV–VI are data the standing
office writes on screen before rendering (issue 12 items 4 and 5): saved, versioned, scoped to
its own bloc, printed in the PDF, and never sending the report to its own issuer."""

import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from reports.documents import render_bloc_summary
from reports.letterheads import issuer_lines, letterhead_for
from reports.models import BlocLetterhead, SummaryText

from .factories import make_campaign, make_deadline

pytestmark = pytest.mark.django_db

NARRATIVE = {
    "assessment": "Ưu điểm: các cơ sở đăng ký đúng hạn.\nHạn chế: hồ sơ còn sơ sài.",
    "direction": "Tập trung nhân rộng mô hình “Bữa cơm có thịt”.",
    "proposals": "Đề nghị Tỉnh ủy tổ chức tập huấn.",
}


@pytest.fixture
def period(tree):
    return make_deadline(make_campaign(tree.province), applies_to=tree.bloc)


def text_of(path: Path) -> str:
    out = subprocess.run(  # noqa: S603 - fixed command on our own file
        ["/usr/bin/pdftotext", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    return " ".join(out.replace("\u00a0", " ").split())


def texts_form(**overrides) -> dict[str, str]:
    return {
        "number": "",
        "on_behalf": "T/M BAN THƯỜNG VỤ",
        "signer_position": "PHÓ BÍ THƯ",
        "signer_name": "Trần Thị Thu Hà",
        "recipients": "Ban Thường vụ Tỉnh ủy (b/c),\nCác cơ sở đảng trực thuộc,\nLưu Văn phòng.",
        **NARRATIVE,
        **overrides,
    }


def test_defaults_come_from_the_unit_and_leave_out_the_issuer(tree):
    letterhead = letterhead_for(tree.bloc)
    assert letterhead.pk is None
    assert letterhead.issuing_body == tree.bloc.name
    assert letterhead.parent_body == "Đảng bộ tỉnh Thái Nguyên"
    assert letterhead.issuer_code == "ĐUK"
    assert letterhead.recipient_lines
    assert not issuer_lines(
        letterhead.recipient_lines,
        issuing_body=letterhead.issuing_body,
        on_behalf=letterhead.on_behalf,
    )


@pytest.mark.parametrize(
    ("line", "is_issuer"),
    [
        ("- Ban Thường vụ Đảng ủy Khối (b/c),", True),
        ("Đảng ủy Khối các cơ quan tỉnh,", True),
        ("Đảng ủy Khối.", True),
        ("Ban Thường vụ Tỉnh ủy (b/c),", False),
        ("Ban Dân vận Tỉnh ủy (b/c),", False),
        ("Các cơ sở đảng trực thuộc,", False),
    ],
)
def test_which_recipient_lines_name_the_issuer(line, is_issuer):
    found = issuer_lines(
        [line], issuing_body="Đảng ủy Khối các cơ quan tỉnh", on_behalf="T/M BAN THƯỜNG VỤ"
    )
    assert bool(found) is is_issuer


def test_the_office_sets_the_letterhead_and_it_is_versioned(tree, standing_office, login):
    client = login(standing_office)
    url = reverse("reports:letterhead")
    page = client.get(url, {"unit": tree.bloc.pk})
    assert page.status_code == 200
    assert "ĐUK" in page.content.decode()  # the defaults, ready to change
    data = {
        "unit": tree.bloc.pk,
        "parent_body": "Đảng bộ tỉnh Thái Nguyên",
        "issuing_body": "Đảng ủy Khối\ncác cơ quan tỉnh",
        "issuer_code": "ĐUK",
        "on_behalf": "T/M BAN THƯỜNG VỤ",
        "signer_position": "BÍ THƯ",
        "signer_name": "Nguyễn Văn Quang",
        "recipients": "Ban Thường vụ Tỉnh ủy (b/c),\nLưu Văn phòng.",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data | {"signer_name": "Lê Văn Bình"}).status_code == 302
    letterhead = BlocLetterhead.objects.get(unit=tree.bloc)
    assert letterhead.signer_name == "Lê Văn Bình"
    versions = list(letterhead.history.order_by("history_date"))
    assert [v.signer_name for v in versions] == ["Nguyễn Văn Quang", "Lê Văn Bình"]
    assert {v.history_user for v in versions} == {standing_office}


def test_listing_the_issuer_as_recipient_is_refused_with_a_message(tree, standing_office, login):
    client = login(standing_office)
    page = client.post(
        reverse("reports:letterhead"),
        {
            "unit": tree.bloc.pk,
            "issuing_body": tree.bloc.name,
            "issuer_code": "ĐUK",
            "on_behalf": "T/M BAN THƯỜNG VỤ",
            "signer_position": "PHÓ BÍ THƯ",
            "recipients": "Ban Thường vụ Tỉnh ủy (b/c),\nBan Thường vụ Đảng ủy Khối (b/c),",
        },
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "không gửi cho chính cơ quan ban hành" in html
    assert "Ban Thường vụ Đảng ủy Khối (b/c)," in html  # what was typed is kept on the form
    assert not BlocLetterhead.objects.exists()


def test_another_blocs_office_gets_404_and_others_403(
    tree, period, standing_office2, reviewer, group_leader, login
):
    for name, params in (
        ("reports:letterhead", {"unit": tree.bloc.pk}),
        ("reports:texts", {"unit": tree.bloc.pk, "period": period.pk}),
    ):
        url = reverse(name)
        client = login(standing_office2)
        assert client.get(url, params).status_code == 404
        assert client.post(url, {**params, **texts_form()}).status_code == 404
        for person in (reviewer, group_leader):  # reviewers read the summary, not write it
            assert login(person).get(url, params).status_code == 403
    assert not SummaryText.objects.exists()
    assert not BlocLetterhead.objects.exists()


def test_the_summary_prints_what_the_office_wrote(tree, period, standing_office, login, tmp_path):
    client = login(standing_office)
    url = reverse("reports:texts")
    params = {"unit": tree.bloc.pk, "period": period.pk}
    page = client.get(url, params)
    assert page.status_code == 200
    assert "PHÓ BÍ THƯ" in page.content.decode()  # copied from the letterhead's defaults
    assert client.post(url, {**params, **texts_form(number="07")}).status_code == 302
    assert client.post(url, {**params, **texts_form(number="07", proposals="")}).status_code == 302
    assert client.post(url, {**params, **texts_form(number="07")}).status_code == 302
    texts = SummaryText.objects.get(root=tree.bloc, deadline=period)
    assert texts.history.count() == 3  # each save a version

    target = tmp_path / "summary.pdf"
    render_bloc_summary(root=tree.bloc, deadline=period, target=target)
    text = text_of(target)
    assert "Số 07-BC/ĐUK" in text
    assert "Trần Thị Thu Hà" in text
    assert "T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ" in text
    assert "Hạn chế: hồ sơ còn sơ sài." in text
    assert "Tập trung nhân rộng mô hình “Bữa cơm có thịt”." in text
    assert "Đề nghị Tỉnh ủy tổ chức tập huấn." in text
    assert "to be completed" not in text.lower()
    assert "Thường trực Ban Chỉ đạo bổ sung" not in text  # the placeholder
    nơi_nhận = text[text.index("Nơi nhận:") :]
    assert "Ban Thường vụ Tỉnh ủy (b/c)" in nơi_nhận
    assert "Ban Thường vụ Đảng ủy Khối" not in nơi_nhận


def test_an_issuer_line_saved_earlier_is_not_printed(tree, period, tmp_path):
    SummaryText.objects.create(
        root=tree.bloc,
        deadline=period,
        on_behalf="T/M BAN THƯỜNG VỤ",
        signer_position="PHÓ BÍ THƯ",
        recipients="Ban Thường vụ Đảng ủy Khối (b/c),\nLưu Văn phòng.",
    )
    target = tmp_path / "summary.pdf"
    render_bloc_summary(root=tree.bloc, deadline=period, target=target)
    recipients = text_of(target).split("Nơi nhận:")[1]  # Table 03 names the bloc's awards
    assert "Lưu Văn phòng." in recipients
    assert "Ban Thường vụ Đảng ủy Khối" not in recipients
