"""draft → submitted → returned ⇄ resubmitted → accepted / not accepted, by role, with events
and notifications to the unit."""

import pytest
from django.urls import reverse

from awards.models import ProposalStatus
from notifications.models import EmailOutbox, Notification

from .factories import make_proposal

S = ProposalStatus


@pytest.fixture
def draft(tree, campaign):
    return make_proposal(tree.base_a, campaign)


def step(client, proposal, name, comment=""):
    return client.post(reverse("awards:step", args=[proposal.pk, name]), {"comment": comment})


def test_a_member_edits_but_cannot_submit(draft, group_member, login):
    client = login(group_member)
    response = client.post(
        reverse("awards:nominee_add", args=[draft.pk]),
        {
            "kind": "individual",
            "form": draft.nominees.get().form.pk,
            "name": "Nguyễn Thị Hoa",
            "position": "Phó Chủ tịch Công đoàn",
            "achievement": "Vận động 120 hộ dân hiến đất làm đường.",
        },
    )
    assert response.status_code == 302
    assert draft.nominees.count() == 2
    response = step(client, draft, "submit")
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_the_whole_life_of_a_proposal(draft, group_leader, group_member, reviewer, login):
    leader = login(group_leader)
    assert step(leader, draft, "submit").status_code == 302
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED
    assert draft.submitted_at is not None

    # Once submitted the unit can no longer change the short list.
    response = leader.post(
        reverse("awards:nominee_add", args=[draft.pk]),
        {
            "kind": "collective",
            "form": draft.nominees.get().form.pk,
            "name": "A",
            "achievement": "B",
        },
    )
    assert response.status_code == 403

    office = login(reviewer)
    response = step(office, draft, "return")
    assert response.status_code == 400  # the page again, the reason asked for on the box
    assert "lý do" in response.content.decode()
    step(office, draft, "return", "Bổ sung biên bản họp xét.")
    draft.refresh_from_db()
    assert draft.status == S.RETURNED
    notes = Notification.objects.filter(kind="award_proposal_returned")
    assert {n.recipient for n in notes} == {group_leader, group_member}
    assert notes.first().body == "Bổ sung biên bản họp xét."
    assert EmailOutbox.objects.filter(kind="award_proposal_returned").count() == 2

    leader = login(group_leader)
    step(leader, draft, "resubmit")
    draft.refresh_from_db()
    assert draft.status == S.RESUBMITTED

    office = login(reviewer)
    step(office, draft, "accept")
    draft.refresh_from_db()
    assert draft.status == S.ACCEPTED
    assert Notification.objects.filter(kind="award_proposal_accepted").count() == 2

    events = list(draft.events.values_list("transition", "from_state", "to_state", "actor"))
    assert [e[0] for e in events] == ["submit", "return", "resubmit", "accept"]
    assert events[1][1:] == (S.SUBMITTED, S.RETURNED, reviewer.pk)
    page = login(group_leader).get(draft.get_absolute_url()).content.decode()
    assert "Bổ sung biên bản họp xét." in page


def test_not_accepted_needs_a_reason(draft, group_leader, reviewer, login):
    step(login(group_leader), draft, "submit")
    office = login(reviewer)
    assert step(office, draft, "reject").status_code == 400  # a reason is asked for
    step(office, draft, "reject", "Thành tích chưa tiêu biểu.")
    draft.refresh_from_db()
    assert draft.status == S.NOT_ACCEPTED
    assert Notification.objects.filter(kind="award_proposal_not_accepted").exists()


def test_a_unit_cannot_accept_its_own_proposal(draft, group_leader, login):
    client = login(group_leader)
    step(client, draft, "submit")
    assert step(client, draft, "accept").status_code == 403
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


def test_submit_needs_nominees_and_the_dossier(tree, campaign, group_leader, login):
    empty = make_proposal(tree.base_a, campaign, files=False, nominees=0)
    client = login(group_leader)
    response = client.post(reverse("awards:step", args=[empty.pk, "submit"]), follow=True)
    page = response.content.decode()
    assert "Thêm ít nhất một" in page
    assert "tờ trình" in page
    empty.refresh_from_db()
    assert empty.status == S.DRAFT


def test_a_leader_starts_a_proposal_from_the_list(campaign, group_leader, tree, login):
    client = login(group_leader)
    response = client.post(
        reverse("awards:mine"), {"unit": tree.base_a.pk, "campaign": campaign.pk, "year": 2013}
    )
    assert response.status_code == 302
    again = client.post(
        reverse("awards:mine"), {"unit": tree.base_a.pk, "campaign": campaign.pk, "year": 2013}
    )
    assert again.status_code == 200
    assert "đã có đề nghị" in again.content.decode()
    wrong_year = client.post(
        reverse("awards:mine"), {"unit": tree.base_a.pk, "campaign": campaign.pk, "year": 2019}
    )
    assert "ngoài" in wrong_year.content.decode()
