"""A member never sees another organisation's steering paperwork or its files: 404, exactly
like something that does not exist."""

import pytest
from django.urls import reverse

from steering.models import FoundingDecision, WorkingRegulation
from tests.campaigns.factories import pdf_upload
from tests.steering.factories import FoundingDecisionFactory, WorkingRegulationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(tree):
    decision = FoundingDecisionFactory(unit=tree.base_b, file=pdf_upload("qd.pdf"))
    regulation = WorkingRegulationFactory(unit=tree.base_b, file=pdf_upload("qc.pdf"))
    return decision, regulation


def test_member_gets_404_for_another_units_paperwork_and_files(tree, group_member, login, theirs):
    decision, regulation = theirs
    client = login(group_member)
    urls = [
        reverse("steering:unit", args=[tree.base_b.pk]),
        reverse("steering:decision_edit", args=[tree.base_b.pk]),
        reverse("steering:regulation_add", args=[tree.base_b.pk]),
        reverse("steering:regulation_edit", args=[regulation.pk]),
        reverse("steering:decision_file", args=[decision.pk]),
        reverse("steering:regulation_file", args=[regulation.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    missing = client.get(reverse("steering:decision_file", args=[999999]))
    assert missing.status_code == 404


def test_posting_to_another_unit_changes_nothing(tree, group_member, login, theirs):
    decision, regulation = theirs
    client = login(group_member)
    client.post(
        reverse("steering:decision_edit", args=[tree.base_b.pk]),
        {"number": "HACK", "decided_on": "01/01/2013"},
    )
    client.post(
        reverse("steering:regulation_edit", args=[regulation.pk]), {"adopted_on": "01/01/2013"}
    )
    decision.refresh_from_db()
    regulation.refresh_from_db()
    assert decision.number != "HACK"
    assert regulation.adopted_on.year == 2013
    assert regulation.adopted_on.month == 3
    assert FoundingDecision.objects.count() == 1
    assert WorkingRegulation.objects.count() == 1


def test_owner_and_reviewer_download_the_files(tree, other_leader, reviewer, login, theirs):
    decision, regulation = theirs
    for user in (other_leader, reviewer):
        client = login(user)
        response = client.get(reverse("steering:decision_file", args=[decision.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert (
            client.get(reverse("steering:regulation_file", args=[regulation.pk])).status_code == 200
        )


def test_reviewer_of_another_bloc_gets_404(tree, login, theirs):
    from tests.units.factories import person_with_role
    from units.models import Role

    outsider = person_with_role(Role.REVIEWER, tree.bloc2)
    decision, _ = theirs
    client = login(outsider)
    assert client.get(reverse("steering:unit", args=[tree.base_b.pk])).status_code == 404
    assert client.get(reverse("steering:decision_file", args=[decision.pk])).status_code == 404


def test_unit_page_does_not_show_the_storage_path(tree, other_leader, login, theirs):
    decision, _ = theirs
    page = login(other_leader).get(reverse("steering:unit", args=[tree.base_b.pk])).content.decode()
    assert decision.file.name not in page
    assert "/media/" not in page
