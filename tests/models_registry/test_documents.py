"""A registration's papers: the sheet prints what the form stores under the form's headings,
with the party committee's opinion; the dossier's history reads in words, not state codes."""

import datetime
import io
import zipfile

from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from models_registry.documents import registration_sheet_pdf
from models_registry.models import Attachment, Comment, Kind, Organisation, Partner, Sex
from models_registry.workflow import REGISTRATION_WORKFLOW

from .factories import make_registration

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf_text(content: bytes) -> str:
    """The PDF's text with line breaks folded to spaces (long values wrap)."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def unzip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_sheet_prints_an_exemplar_as_the_form_stores_it(tree, campaign):
    registration = make_registration(
        tree.base_a,
        campaign,
        kind=Kind.INDIVIDUAL_EXEMPLAR,
        person_name="Lò Thị Mai",
        person_birth_year=1984,
        person_sex=Sex.FEMALE,
        person_ethnicity="Thái",
        person_party_member=True,
        person_position="Bí thư Chi đoàn",
        contact_position="Phó Bí thư Đảng ủy",
        budget_sources="Ngân sách cơ quan và xã hội hóa",
        milestones="01/3/2025 – khởi động\n30/6/2025 – sơ kết",
        committee_opinion="Đồng ý đăng ký; giao Chi đoàn thực hiện.",
        committee_signer="Trần Văn Hùng",
        committee_signer_position="Bí thư Đảng ủy",
        committee_opinion_date=datetime.date(2025, 2, 20),
    )
    Partner.objects.create(
        registration=registration,
        organisation=Organisation.objects.get(code="women"),
        role="Vận động hội viên tham gia",
    )
    text = pdf_text(registration_sheet_pdf(registration))
    # The form's section headings, in its order
    headings = [
        "Thông tin chung",
        "Tổ chức chủ trì và người phụ trách",
        "Tổ chức phối hợp và vai trò",
        "Cá nhân điển hình",
        "Nội dung đăng ký",
        "3. Chỉ tiêu đo đếm được",
        "7. Nguồn lực",
        "8. Tiến độ",
        "Sản phẩm và tính bền vững",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    # The exemplar
    for value in ("Lò Thị Mai", "1984", "Nữ", "Thái", "Bí thư Chi đoàn"):
        assert value in text
    assert "female" not in text
    # Ownership, resources, timeline
    assert "Đoàn Thanh niên" in text or "Đoàn thanh niên" in text  # lead organisation
    assert "Nguyễn Thị Lan" in text
    assert "Phó Bí thư Đảng ủy" in text
    assert "Vận động hội viên tham gia" in text
    assert "Công đoàn" in text
    assert "Ngân sách cơ quan và xã hội hóa" in text
    assert "15.000.000" in text
    assert "30/6/2025 – sơ kết" in text
    # The party committee's sign-off
    assert "Ý KIẾN CỦA CẤP ỦY" in text
    assert "Đồng ý đăng ký; giao Chi đoàn thực hiện." in text
    assert "BÍ THƯ ĐẢNG ỦY" in text
    assert "Trần Văn Hùng" in text
    assert "20/02/2025" in text


def test_a_models_sheet_has_no_person_section(tree, campaign):
    text = pdf_text(registration_sheet_pdf(make_registration(tree.base_a, campaign)))
    assert "Cá nhân điển hình" not in text
    assert "Ý KIẾN CỦA CẤP ỦY" in text


def test_sheet_and_dossier_are_scoped(draft, group_member, other_leader, login):
    for name in ("models_registry:sheet_pdf", "models_registry:dossier"):
        url = reverse(name, args=[draft.pk])
        assert login(group_member).get(url).status_code == 200
        assert login(other_leader).get(url).status_code == 404
    pdf = login(group_member).get(reverse("models_registry:sheet_pdf", args=[draft.pk]))
    assert pdf.content.startswith(b"%PDF-")


def test_registration_dossier(
    draft, group_member, reviewer, other_leader, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    attachment = Attachment(
        registration=draft, original_name="ảnh hiện trường.png", uploaded_by=reviewer
    )
    attachment.file.save("x.png", ContentFile(PNG), save=True)
    Comment.objects.create(registration=draft, author=reviewer, body="Đề nghị bổ sung ảnh.")
    Comment.objects.create(
        registration=draft, author=reviewer, body="Ghi chú nội bộ", internal=True
    )
    url = reverse("models_registry:dossier", args=[draft.pk])

    member_zip = unzip(login(group_member).get(url))
    names = member_zip.namelist()
    assert "phieu-dang-ky.pdf" in names
    assert member_zip.read(f"tep-dinh-kem/{attachment.pk}-ảnh hiện trường.png") == PNG
    comments = member_zip.read("y-kien.txt").decode()
    assert "Đề nghị bổ sung ảnh." in comments
    assert "Ghi chú nội bộ" not in comments  # internal notes are for reviewers
    assert "Ghi chú nội bộ" in unzip(login(reviewer).get(url)).read("y-kien.txt").decode()
    assert login(other_leader).get(url).status_code == 404


def test_dossier_history_in_words_and_no_empty_comments_file(draft, group_leader, reviewer, login):
    REGISTRATION_WORKFLOW.take(draft, "submit", by=group_leader)
    Comment.objects.create(registration=draft, author=reviewer, body="Nội bộ", internal=True)
    archive = unzip(login(group_leader).get(reverse("models_registry:dossier", args=[draft.pk])))
    assert "y-kien.txt" not in archive.namelist()  # the only comment is internal
    history = archive.read("lich-su.txt").decode()
    assert "Bản nháp → Đã gửi" in history
    assert "draft" not in history
    assert "submitted" not in history
