"""Award papers as PDFs: the proposal's submission letter with its short list, the decision with
its annex, the certificates — Party format for Party bodies, Decree 30 (Quốc hiệu) for state
ones; labels, not codes; every download scoped (another unit or bloc: 404)."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards.documents import certificates_pdf, decision_pdf, decision_recipients
from awards.models import Decision, NomineeKind, ProposalStatus, Recipient
from awards.services import decision_record
from models_registry.models import Kind, Sex
from tests.models_registry.factories import make_registration

from .factories import form, make_decision, make_nominee, make_proposal
from .test_decisions import post_decision

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def pages_text(content: bytes) -> list[str]:
    """Each page's text with line breaks folded to spaces."""
    reader = PdfReader(io.BytesIO(content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def text_of(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return " ".join(pages_text(response.content))


def embedded_fonts(content: bytes) -> set[bool]:
    reader = PdfReader(io.BytesIO(content))
    found = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target["/FontDescriptor"].get_object()
            found.add(any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))
    return found


@pytest.fixture
def party_decision(tree, campaign):
    decision = make_decision(
        tree.bloc,
        campaign,
        recipients=[(tree.base_a, NomineeKind.COLLECTIVE), (tree.base_b, NomineeKind.INDIVIDUAL)],
    )
    Recipient.objects.filter(decision=decision, kind=NomineeKind.INDIVIDUAL).update(
        name="Lò Thị Mai", position="Bí thư Chi đoàn"
    )
    return decision


def test_a_party_decision_with_its_annex(party_decision, standing_office, login):
    client = login(standing_office)
    content = client.get(reverse("awards:decision_pdf", args=[party_decision.pk])).content
    first, *rest = pages_text(content)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first
    assert "Số 125-QĐ/ĐUK" in first  # Party style: no colon
    # The left header breaks between words (issue 12.3): "ĐẢNG ỦY KHỐI / CÁC CƠ QUAN TỈNH".
    assert "ĐẢNG ỦY KHỐI" in first
    assert "CÁC CƠ QUAN TỈNH" in first, first
    assert "QUYẾT ĐỊNH" in first
    assert "Về việc tặng Giấy khen" in first
    assert "BAN THƯỜNG VỤ ĐẢNG ỦY KHỐI" in first
    assert "cho 1 tập thể và 1 cá nhân" in first
    assert "T/M BAN THƯỜNG VỤ" in first
    assert QUOC_HIEU not in first
    annex = " ".join(rest)
    assert "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN" in annex
    assert "Kèm theo Quyết định số 125-QĐ/ĐUK ngày 15/10/2013" in annex
    assert "Người nhận 1" in annex
    assert "Lò Thị Mai" in annex
    assert "Bí thư Chi đoàn" in annex
    assert "Chi bộ Sở Tư pháp" in annex  # the recipient's organisation
    assert embedded_fonts(content) == {True}


def test_a_state_decision_carries_the_quoc_hieu(tree, campaign, standing_office):
    proposal = make_proposal(tree.base_a, campaign, status=ProposalStatus.ACCEPTED, nominees=0)
    person = make_nominee(
        proposal, kind=NomineeKind.INDIVIDUAL, name="Trần Thị Hoa", code="province_chair_merit"
    )
    decision = decision_record(
        unit=tree.bloc,
        campaign=campaign,
        year=2013,
        number="2345/QĐ-UBND",
        date=datetime.date(2013, 10, 14),
        issuer="Chủ tịch Ủy ban nhân dân tỉnh",
        form=form("province_chair_merit"),
        by=standing_office,
        nominees=[person],
        signer_on_behalf="KT. Chủ tịch",
        signer_title="Phó Chủ tịch",
        signer_name="Nguyễn Văn Bình",
        copies_to="Ban Thi đua - Khen thưởng tỉnh,\nLưu VT.",
    )
    first, *rest = pages_text(decision_pdf(decision))
    assert QUOC_HIEU in first
    assert MOTTO in first
    assert "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN" in first
    assert "Số: 2345/QĐ-UBND" in first  # Decree 30: with a colon
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in first
    assert "Về việc tặng Bằng khen" in first
    assert "KT. CHỦ TỊCH" in first
    assert "PHÓ CHỦ TỊCH" in first
    assert "Nguyễn Văn Bình" in first
    assert "Ban Thi đua - Khen thưởng tỉnh," in first
    assert "Trần Thị Hoa" in " ".join(rest)
    (certificate,) = pages_text(certificates_pdf(decision, decision_recipients(decision)))
    assert QUOC_HIEU in certificate
    assert "BẰNG KHEN" in certificate
    assert "Trần Thị Hoa" in certificate


def test_certificates_one_page_per_recipient(party_decision, standing_office, login):
    client = login(standing_office)
    response = client.get(reverse("awards:certificates_pdf", args=[party_decision.pk]))
    pages = pages_text(response.content)
    assert len(pages) == 2
    for page in pages:
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page
        assert "TẶNG" in page
        assert "GIẤY KHEN" in page
        assert "Quyết định số 125-QĐ/ĐUK ngày 15/10/2013" in page
    assert "Người nhận 1" in pages[0]
    assert "Lò Thị Mai" in pages[1]
    one = party_decision.recipients.get(name="Lò Thị Mai")
    single = client.get(reverse("awards:certificate_pdf", args=[party_decision.pk, one.pk]))
    assert pages_text(single.content) == [pages[1]]


def test_the_proposal_letter_and_short_list(tree, campaign, group_leader, login):
    proposal = make_proposal(tree.base_a, campaign, nominees=1)
    make_nominee(
        proposal,
        kind=NomineeKind.INDIVIDUAL,
        name="Lò Thị Mai",
        birth_year=1984,
        sex=Sex.FEMALE,
        position="Bí thư Chi đoàn",
    )
    exemplar = make_registration(
        tree.base_a,
        campaign,
        year=2013,
        kind=Kind.INDIVIDUAL_EXEMPLAR,
        person_name="Vi Văn Tú",
        person_birth_year=1979,
        person_sex=Sex.MALE,
    )
    make_nominee(
        proposal, kind=NomineeKind.INDIVIDUAL, name="Vi Văn Tú", registration=exemplar
    )  # year of birth and sex from the exemplar's registration
    text = text_of(login(group_leader).get(reverse("awards:proposal_pdf", args=[proposal.pk])))
    assert "TỜ TRÌNH" in text
    assert "TTr/TCĐ" in text
    assert "Kính gửi: Ban Chỉ đạo phong trào “Dân vận khéo” Đảng ủy Khối các cơ quan tỉnh" in text
    assert "Giấy khen của Ban Thường vụ Đảng ủy Khối: 1 tập thể và 2 cá nhân" in text
    assert "DANH SÁCH TRÍCH NGANG" in text
    assert "Chi đoàn thanh niên số 1" in text
    for value in ("Lò Thị Mai", "1984", "Nữ", "Bí thư Chi đoàn", "Vi Văn Tú", "1979", "Nam"):
        assert value in text
    assert "Hoàn thành xuất sắc mô hình" in text  # the achievement
    assert "female" not in text


def test_the_nominee_form_takes_year_of_birth_and_sex(tree, campaign, group_member, login):
    proposal = make_proposal(tree.base_a, campaign, nominees=0)
    response = login(group_member).post(
        reverse("awards:nominee_add", args=[proposal.pk]),
        {
            "kind": "individual",
            "form": form().pk,
            "name": "Lò Thị Mai",
            "position": "Bí thư Chi đoàn",
            "birth_year": "1984",
            "sex": "female",
            "achievement": "Đi đầu tuyên truyền.",
        },
    )
    assert response.status_code == 302
    nominee = proposal.nominees.get()
    assert (nominee.birth_year, nominee.sex) == (1984, "female")


def test_the_decision_form_records_the_signer(tree, campaign, standing_office, login):
    proposal = make_proposal(tree.base_a, campaign, status=ProposalStatus.ACCEPTED)
    client = login(standing_office)
    response = post_decision(
        client,
        campaign,
        tree,
        nominees=[proposal.nominees.get().pk],
        signer_on_behalf="T/M Ban Thường vụ",
        signer_title="Phó Bí thư",
        signer_name="Hà Văn Sơn",
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    page = client.get(decision.get_absolute_url()).content.decode()
    assert reverse("awards:decision_pdf", args=[decision.pk]) in page
    assert reverse("awards:certificates_pdf", args=[decision.pk]) in page
    text = text_of(client.get(reverse("awards:decision_pdf", args=[decision.pk])))
    assert "PHÓ BÍ THƯ" in text
    assert "Hà Văn Sơn" in text


def test_papers_are_scoped(
    tree, campaign, party_decision, group_member, other_leader, reviewer2, standing_office, login
):
    proposal = make_proposal(tree.base_a, campaign)
    url = reverse("awards:proposal_pdf", args=[proposal.pk])
    assert login(group_member).get(url).status_code == 200
    assert login(other_leader).get(url).status_code == 404
    recipient = party_decision.recipients.first()
    other = make_decision(
        tree.bloc2, campaign, number="9-QĐ/ĐUK", recipients=[(tree.base_c, "collective")]
    )
    urls = [
        reverse("awards:decision_pdf", args=[party_decision.pk]),
        reverse("awards:certificates_pdf", args=[party_decision.pk]),
        reverse("awards:certificate_pdf", args=[party_decision.pk, recipient.pk]),
    ]
    client = login(group_member)  # the page rule: decisions are the reviewers'
    assert [client.get(url).status_code for url in urls] == [403, 403, 403]
    client = login(reviewer2)  # another bloc's reviewer: not theirs
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    foreign = other.recipients.get()
    assert (
        client.get(reverse("awards:certificate_pdf", args=[other.pk, foreign.pk])).status_code
        == 200
    )
    # a recipient of another decision is not one of this decision's
    crossed = reverse("awards:certificate_pdf", args=[party_decision.pk, foreign.pk])
    assert login(standing_office).get(crossed).status_code == 404


def test_a_long_decisions_certificates_are_rendered_by_a_job(
    tree,
    campaign,
    standing_office,
    reviewer2,
    login,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    from reports.models import JobStatus, RenderJob

    monkeypatch.setattr("awards.documents.CERTIFICATES_INLINE", 2)
    monkeypatch.setattr("awards.documents.CERTIFICATES_PER_PART", 2)  # two parts, merged
    decision = make_decision(
        tree.bloc,
        campaign,
        recipients=[
            (tree.base_a, "collective"),
            (tree.base_a, "collective"),
            (tree.base_b, "collective"),
        ],
    )
    client = login(standing_office)
    url = reverse("awards:certificates_pdf", args=[decision.pk])
    assert client.get(url).status_code == 302  # too long to answer at once: to the page
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "Chuẩn bị tất cả Giấy khen (PDF)" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    job = RenderJob.objects.get(decision=decision)
    assert (job.status, job.pages, job.root) == (JobStatus.DONE, 3, tree.bloc)
    page = client.get(decision.get_absolute_url()).content.decode()
    download = reverse("reports:job_download", args=[job.pk])
    assert download in page
    content = b"".join(client.get(download).streaming_content)
    pages = pages_text(content)
    assert all("GIẤY KHEN" in p for p in pages)
    assert [f"Người nhận {n}" in p for n, p in enumerate(pages, start=1)] == [True] * 3
    assert login(reviewer2).get(download).status_code == 404
    assert login(reviewer2).post(url).status_code == 404
    assert RenderJob.objects.count() == 1
