"""Quotas: the office sets them; a proposal beyond one is refused with the limit named."""

from django.urls import reverse

from awards.models import NomineeKind, ProposalStatus, Quota

from .factories import make_nominee, make_proposal, make_quota


def test_submit_beyond_the_quota_is_refused_naming_the_limit(tree, campaign, group_leader, login):
    make_quota(campaign, c=1, i=2)
    proposal = make_proposal(tree.base_a, campaign, nominees=2)  # two collectives
    make_nominee(proposal, kind=NomineeKind.INDIVIDUAL, name="Lê Văn An")
    client = login(group_leader)
    response = client.post(reverse("awards:step", args=[proposal.pk, "submit"]), follow=True)
    page = response.content.decode()
    assert "Giấy khen của Ban Thường vụ Đảng ủy Khối" in page
    assert "tối đa 1 tập thể" in page
    assert "có 2" in page
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    assert not proposal.events.filter(transition="submit").exists()

    proposal.nominees.filter(kind=NomineeKind.COLLECTIVE).last().delete()
    client.post(reverse("awards:step", args=[proposal.pk, "submit"]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_quota_of_another_year_or_form_does_not_apply(tree, campaign, group_leader, login):
    make_quota(campaign, year=2014, c=0, i=0)
    make_quota(campaign, code="bloc_praise", c=0, i=0)
    proposal = make_proposal(tree.base_a, campaign, nominees=2)
    login(group_leader).post(reverse("awards:step", args=[proposal.pk, "submit"]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_the_office_sets_and_changes_a_quota(campaign, standing_office, login):
    from .factories import form

    client = login(standing_office)
    data = {
        "campaign": campaign.pk,
        "year": 2013,
        "form": form().pk,
        "max_collectives": 2,
        "max_individuals": 3,
    }
    assert client.post(reverse("awards:quotas"), data).status_code == 302
    client.post(reverse("awards:quotas"), {**data, "max_individuals": 5})
    quota = Quota.objects.get()
    assert (quota.max_collectives, quota.max_individuals) == (2, 5)
    bad = client.post(reverse("awards:quotas"), {**data, "year": 2020, "max_collectives": -1})
    assert bad.status_code == 400
    assert Quota.objects.count() == 1
    page = client.get(reverse("awards:quotas")).content.decode()
    assert "Giấy khen của Ban Thường vụ Đảng ủy Khối" in page
