"""Many-to-many links are in the history (django-simple-history's ``m2m_fields``): a change of a
registration's other fields, a visit's team, a document's campaigns or a session's documents
shows on the object's "Lịch sử thay đổi" page with the names before → after, and who did it."""

import pytest
from django.urls import reverse
from django.utils import translation

from models_registry.models import Field
from tests.campaigns.factories import CampaignFactory, DocumentFactory, SessionFactory
from tests.models_registry.factories import make_campaign, make_registration
from tests.models_registry.test_editing import form_data
from tests.support.factories import plan_visit
from tests.units.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def _rows(client, kind: str, pk: int) -> str:
    page = client.get(reverse("audit:history", args=[kind, pk]))
    assert page.status_code == 200
    html = page.content.decode()
    return html[html.index('id="history"') :]


def test_other_fields_changed_through_the_form_are_in_the_history(
    tree, group_member, reviewer, login
):
    draft = make_registration(tree.base_a, make_campaign(tree.province))
    first, second, third = Field.objects.order_by("order", "pk")[:3]
    draft.secondary_fields.set([first])
    client = login(group_member)
    response = client.post(
        reverse("models_registry:edit", args=[draft.pk]),
        form_data(draft, secondary_fields=[second.pk, third.pk]),
    )
    assert response.status_code == 302
    assert set(draft.secondary_fields.all()) == {second, third}

    rows = _rows(login(reviewer), "registration", draft.pk)
    assert "Lĩnh vực khác" in rows
    assert first.name in rows
    assert f"{second.name}, {third.name}" in rows or f"{third.name}, {second.name}" in rows
    assert group_member.get_full_name() in rows or group_member.get_username() in rows


def test_a_visits_team_in_the_history(tree, reviewer, login):
    visit = plan_visit(tree.base_a, reviewer)
    hoa = UserFactory(username="hoa", full_name="Trần Thị Hoa")
    visit.team.set([hoa])
    rows = _rows(login(reviewer), "visit", visit.pk)
    assert "Thành viên đoàn" in rows
    assert "Trần Thị Hoa" in rows


def test_a_documents_campaigns_and_a_sessions_documents_in_the_history(
    tree, group_member, standing_office, login
):
    first = CampaignFactory(root_unit=tree.bloc, name="Phong trào thứ nhất")
    second = CampaignFactory(root_unit=tree.bloc, name="Phong trào thứ hai")
    document = DocumentFactory(number="238-CV/TU")
    document.campaigns.set([first])
    document.campaigns.set([second])
    rows = _rows(login(standing_office), "document", document.pk)
    assert "Các phong trào" in rows
    assert "Phong trào thứ nhất</span> → <span" in rows
    assert "Phong trào thứ hai" in rows

    session = SessionFactory(unit=tree.base_a, recorded_by=group_member)
    session.documents.set([document])
    listing = login(group_member).get(reverse("campaigns:session_list")).content.decode()
    assert reverse("audit:history", args=["session", session.pk]) in listing
    rows = _rows(login(group_member), "session", session.pk)
    assert "Văn bản được quán triệt" in rows
    assert str(document) in rows


def test_links_before_tracking_began_are_not_shown_as_added(tree, reviewer):
    """The migration gave each object's newest history row the links it had (audit.backfill):
    the next change shows only what changed."""
    from django.apps import apps

    from audit.backfill import snapshot_links

    visit = plan_visit(tree.base_a, reviewer)
    lan = UserFactory(username="lan", full_name="Lê Thị Lan")
    through = type(visit).team.through
    through.objects.create(visit=visit, user=lan)  # as if linked before tracking
    vars(type(visit).history.model)["team"].model.objects.all().delete()
    snapshot_links("support", "Visit", "team")(apps, None)
    visit.team.add(UserFactory(username="minh", full_name="Phạm Văn Minh"))

    from audit.history import history_entries
    from audit.registry import TRACKED

    entries = history_entries(visit, TRACKED["visit"], show_review_only=True)
    change = next(c for e in entries for c in e.changes if c.label == "Thành viên đoàn")
    assert change.old == "Lê Thị Lan"
    assert change.new == "Lê Thị Lan, Phạm Văn Minh"
