"""A steering group's papers (its periodic report, a registration sheet, an award proposal) name
the group as the tree has it: its own name under the organisation and the abbreviation of its
kind, not a hard-coded "Tổ chỉ đạo … / TCĐ" (domain.md §1: unit types and names are data)."""

import io

import pytest
from pypdf import PdfReader

from awards.documents import proposal_pdf
from models_registry.documents import registration_sheet_pdf
from reports.documents import steering_group_header, unit_report_pdf
from reports.models import PeriodicReport
from tests.awards.factories import make_proposal
from tests.units.factories import make_grassroots
from units.models import Unit, UnitType

from .factories import make_campaign, make_deadline, make_registration

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def ban_chi_dao(tree):
    """A province whose steering groups are "Ban Chỉ đạo" (a type renamed in the admin)."""
    UnitType.objects.filter(acts_for_parent=True).update(name="Ban Chỉ đạo")
    Unit.objects.filter(pk=tree.group_a.pk).update(
        name="Ban Chỉ đạo “Dân vận khéo” – Đảng bộ Sở Tài chính"
    )
    return tree


def test_the_group_is_named_from_the_tree(tree):
    header = steering_group_header(tree.base_a)  # "Tổ chỉ đạo – Đảng bộ Sở Tài chính"
    assert (header.name, header.code, header.leader_title) == ("Tổ chỉ đạo", "TCĐ", "TỔ TRƯỞNG")
    assert steering_group_header(tree.group_a) == header  # the group itself, the same


def test_a_renamed_kind_of_group_prints_its_own_abbreviation(ban_chi_dao):
    header = steering_group_header(ban_chi_dao.base_a)
    assert (header.name, header.code) == ("Ban Chỉ đạo “Dân vận khéo”", "BCĐ")
    assert header.leader_title == "TRƯỞNG BAN"


def test_a_group_named_otherwise_takes_its_kinds_abbreviation(tree):
    Unit.objects.filter(pk=tree.group_a.pk).update(name="Nhóm công tác dân vận")
    UnitType.objects.filter(acts_for_parent=True).update(name="Tổ chỉ đạo")
    header = steering_group_header(tree.base_a)
    assert (header.name, header.code) == ("Nhóm công tác dân vận", "TCĐ")


def test_an_organisation_without_a_group_prints_the_kind_of_group(tree):
    base, _none = make_grassroots("Chi bộ Sở Nội vụ", bloc=tree.bloc, with_group=False)
    UnitType.objects.filter(acts_for_parent=True).update(name="Ban Chỉ đạo")
    header = steering_group_header(base)
    assert (header.name, header.code) == ("Ban Chỉ đạo phong trào “Dân vận khéo”", "BCĐ")


def test_the_papers_print_the_groups_name_and_abbreviation(ban_chi_dao):
    tree = ban_chi_dao
    campaign = make_campaign(tree.province)
    report = PeriodicReport.objects.create(
        unit=tree.base_a, deadline=make_deadline(campaign, applies_to=tree.bloc)
    )
    registration = make_registration(tree.base_a, campaign)
    proposal = make_proposal(tree.base_a, campaign)
    papers = {
        "BC": unit_report_pdf(report),
        "ĐK": registration_sheet_pdf(registration),
        "TTr": proposal_pdf(proposal),
    }
    for type_code, content in papers.items():
        text = text_of(content)
        assert f"-{type_code}/BCĐ" in text, text[:300]
        assert "TCĐ" not in text
        assert "BAN CHỈ ĐẠO “DÂN VẬN KHÉO”" in text
        assert "TỔ CHỈ ĐẠO" not in text
        assert text.count("ĐẢNG BỘ SỞ TÀI CHÍNH") == 1  # the organisation's line, once
        assert "TRƯỞNG BAN" in text
        assert "TỔ TRƯỞNG" not in text
