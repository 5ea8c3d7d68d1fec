"""Dissemination sessions and propaganda activities: recorded by the unit, scoped to it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import DisseminationSession, PropagandaActivity
from tests.campaigns.factories import DocumentFactory, SessionFactory, exe_as_pdf, pdf_upload

pytestmark = pytest.mark.django_db


def session_form(unit, **overrides):
    data = {
        "unit": unit.pk,
        "campaign": "",
        "held_on": "10/03/2013",
        "title": "Hội nghị quán triệt Công văn 238-CV/TU",
        "format": "conference",
        "participants": 52,
        "note": "",
    }
    data.update(overrides)
    return data


def test_member_records_a_session_with_documents_and_minutes(tree, campaign, group_member, login):
    document = DocumentFactory(number="238-CV/TU")
    client = login(group_member)
    response = client.post(
        reverse("campaigns:session_create"),
        session_form(
            tree.base_a, campaign=campaign.pk, documents=[document.pk], file=pdf_upload("bb.pdf")
        ),
    )
    assert response.status_code == 302
    session = DisseminationSession.objects.get()
    assert (session.unit, session.recorded_by, session.participants) == (
        tree.base_a,
        group_member,
        52,
    )
    assert list(session.documents.all()) == [document]
    listing = client.get(reverse("campaigns:session_list")).content.decode()
    assert "Hội nghị quán triệt Công văn 238-CV/TU" in listing


def test_member_cannot_record_for_another_unit(tree, group_member, login):
    response = login(group_member).post(
        reverse("campaigns:session_create"), session_form(tree.base_b)
    )
    assert response.status_code == 400
    assert not DisseminationSession.objects.exists()


def test_future_date_and_disguised_file_are_refused(tree, group_member, login):
    client = login(group_member)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("campaigns:session_create"),
        session_form(tree.base_a, held_on=tomorrow.strftime("%d/%m/%Y")),
    )
    assert "Ngày không được ở tương lai" in response.content.decode()
    response = client.post(
        reverse("campaigns:session_create"), session_form(tree.base_a, file=exe_as_pdf())
    )
    assert "Loại tệp này không được chấp nhận" in response.content.decode()
    assert not DisseminationSession.objects.exists()


def test_session_date_must_lie_within_its_campaign(tree, campaign, group_member, login):
    response = login(group_member).post(
        reverse("campaigns:session_create"),
        session_form(tree.base_a, campaign=campaign.pk, held_on="10/03/2010"),
    )
    assert "Ngày phải nằm trong thời gian của phong trào" in response.content.decode()
    assert not DisseminationSession.objects.exists()


def test_another_units_sessions_and_files_are_404(tree, group_member, other_leader, login):
    theirs = SessionFactory(unit=tree.base_b, file=pdf_upload("bien-ban.pdf"))
    client = login(group_member)
    assert theirs.title not in client.get(reverse("campaigns:session_list")).content.decode()
    for name in ("session_edit", "session_delete", "session_file"):
        assert client.get(reverse(f"campaigns:{name}", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("campaigns:session_delete", args=[theirs.pk])).status_code == 404
    assert DisseminationSession.objects.filter(pk=theirs.pk).exists()
    owner = login(other_leader)
    assert owner.get(reverse("campaigns:session_file", args=[theirs.pk])).status_code == 200


def test_reviewer_sees_sessions_of_the_bloc_but_not_another_bloc(tree, reviewer, login):
    mine = SessionFactory(unit=tree.base_b, title="Quán triệt Thông báo 390-TB/VPTU")
    other = SessionFactory(unit=tree.base_c, title="Quán triệt ở khối khác")
    page = login(reviewer).get(reverse("campaigns:session_list")).content.decode()
    assert mine.title in page
    assert other.title not in page


def test_member_records_a_propaganda_activity_by_a_mass_organisation(tree, group_member, login):
    from units.models import MassOrganisation

    youth = MassOrganisation.objects.get(code="youth_union")
    response = login(group_member).post(
        reverse("campaigns:propaganda_create"),
        {
            "unit": tree.base_a.pk,
            "held_on": "20/03/2013",
            "mass_organisation": youth.pk,
            "form": "meeting",
            "count": 3,
            "participants": 120,
            "note": "Tuyên truyền mô hình “Dân vận khéo”",
        },
    )
    assert response.status_code == 302
    activity = PropagandaActivity.objects.get()
    assert (activity.mass_organisation, activity.count, activity.unit) == (youth, 3, tree.base_a)


def test_propaganda_count_must_be_positive(tree, group_member, login):
    from units.models import MassOrganisation

    response = login(group_member).post(
        reverse("campaigns:propaganda_create"),
        {
            "unit": tree.base_a.pk,
            "held_on": "20/03/2013",
            "mass_organisation": MassOrganisation.objects.first().pk,
            "form": "meeting",
            "count": 0,
            "participants": 10,
        },
    )
    assert response.status_code == 400
    assert not PropagandaActivity.objects.exists()


def test_another_units_propaganda_and_its_file_are_404(tree, group_member, standing_office, login):
    from campaigns.services import propaganda_activity_save
    from units.models import MassOrganisation

    theirs = propaganda_activity_save(
        unit=tree.base_b,
        by=standing_office,
        held_on=datetime.date(2013, 4, 2),
        mass_organisation=MassOrganisation.objects.get(code="veterans"),
        form="banner",
        count=2,
        participants=0,
        file=pdf_upload("pano.pdf"),
    )
    client = login(group_member)
    for name in ("propaganda_edit", "propaganda_delete", "propaganda_file"):
        assert client.get(reverse(f"campaigns:{name}", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("campaigns:propaganda_delete", args=[theirs.pk])).status_code == 404
    assert PropagandaActivity.objects.filter(pk=theirs.pk).exists()
