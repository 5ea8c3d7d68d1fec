"""The standing office records a decision from accepted nominees (and typed recipients)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import Decision, NomineeKind, ProposalStatus, Recipient
from awards.services import decision_record

from .factories import form, make_decision, make_nominee, make_proposal, pdf


def post_decision(client, campaign, tree, **extra):
    data = {
        "unit": tree.bloc.pk,
        "campaign": campaign.pk,
        "year": 2013,
        "number": "125-QĐ/ĐUK",
        "date": "2013-10-15",
        "issuer": "Ban Thường vụ Đảng ủy Khối",
        "form": form().pk,
        "typed-TOTAL_FORMS": 1,
        "typed-INITIAL_FORMS": 0,
        "typed-0-kind": "individual",
        "typed-0-name": "",
        "typed-0-position": "",
        "typed-0-unit": "",
        **extra,
    }
    return client.post(reverse("awards:decision_new"), data)


def test_recording_a_decision_rewards_the_nominees(tree, campaign, standing_office, login):
    proposal = make_proposal(tree.base_a, campaign, status=ProposalStatus.ACCEPTED)
    person = make_nominee(proposal, kind=NomineeKind.INDIVIDUAL, name="Trần Thị Mai")
    collective = proposal.nominees.get(kind=NomineeKind.COLLECTIVE)
    client = login(standing_office)
    response = post_decision(
        client,
        campaign,
        tree,
        nominees=[person.pk, collective.pk],
        signed_file=pdf("qd-125.pdf"),
        **{"typed-0-name": "Bà Hoàng Thị Lụa", "typed-0-unit": tree.base_b.pk},
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.number == "125-QĐ/ĐUK"
    assert decision.signed_file_name == "qd-125.pdf"
    names = list(decision.recipients.values_list("name", "kind", "unit"))
    assert ("Trần Thị Mai", "individual", tree.base_a.pk) in names
    assert ("Bà Hoàng Thị Lụa", "individual", tree.base_b.pk) in names
    assert len(names) == 3
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Đã được khen thưởng, quyết định 125-QĐ/ĐUK" in page
    listing = client.get(reverse("awards:decisions")).content.decode()
    assert "125-QĐ/ĐUK" in listing
    assert "Bà Hoàng Thị Lụa" in listing
    assert proposal.events.filter(transition="decision", comment="125-QĐ/ĐUK").exists()
    # A rewarded nominee is no longer offered for a new decision.
    again = client.get(reverse("awards:decision_new")).content.decode()
    assert "Trần Thị Mai" not in again


def test_a_nominee_of_a_proposal_not_accepted_is_refused(tree, campaign, standing_office, login):
    proposal = make_proposal(tree.base_a, campaign, status=ProposalStatus.SUBMITTED)
    nominee = proposal.nominees.get()
    response = post_decision(login(standing_office), campaign, tree, nominees=[nominee.pk])
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_a_nominee_is_rewarded_once(tree, campaign, standing_office, login):
    proposal = make_proposal(tree.base_a, campaign, status=ProposalStatus.ACCEPTED)
    nominee = proposal.nominees.get()
    decision_record(
        unit=tree.bloc,
        campaign=campaign,
        year=2013,
        number="1-QĐ/ĐUK",
        date=datetime.date(2013, 10, 15),
        issuer="BTV",
        form=form(),
        by=standing_office,
        nominees=[nominee],
    )
    with pytest.raises(ValidationError, match="đã có tên trong một quyết định khác"):
        decision_record(
            unit=tree.bloc,
            campaign=campaign,
            year=2013,
            number="2-QĐ/ĐUK",
            date=datetime.date(2013, 10, 16),
            issuer="BTV",
            form=form(),
            by=standing_office,
            nominees=[nominee],
        )
    assert Decision.objects.count() == 1


def test_a_decision_without_recipients_or_number_is_refused(tree, campaign, standing_office, login):
    client = login(standing_office)
    response = post_decision(client, campaign, tree, number="")
    assert response.status_code == 400
    response = post_decision(client, campaign, tree)
    assert response.status_code == 400
    assert "ít nhất một người hoặc tập thể" in response.content.decode()
    typed_without_unit = post_decision(client, campaign, tree, **{"typed-0-name": "Ông Phạm"})
    assert typed_without_unit.status_code == 400
    assert not Decision.objects.exists()
    assert not Recipient.objects.exists()


def test_the_decisions_list_shows_recipients(tree, campaign, reviewer, login):
    make_decision(
        tree.bloc,
        campaign,
        recipients=[(tree.base_a, "collective"), (tree.base_b, "individual")],
    )
    page = login(reviewer).get(reverse("awards:decisions")).content.decode()
    assert "125-QĐ/ĐUK" in page
    assert "15/10/2013" in page
    assert "Người nhận 1" in page
    assert "Người nhận 2" in page


def test_a_rewarded_registration_shows_the_award(tree, campaign, standing_office, login):
    from models_registry.models import Status
    from tests.models_registry.factories import make_registration

    registration = make_registration(tree.base_a, campaign, year=2013, status=Status.RECOGNISED)
    proposal = make_proposal(tree.base_a, campaign, status=ProposalStatus.ACCEPTED, nominees=0)
    nominee = make_nominee(proposal, registration=registration)
    decision_record(
        unit=tree.bloc,
        campaign=campaign,
        year=2013,
        number="125-QĐ/ĐUK",
        date=datetime.date(2013, 10, 15),
        issuer="Ban Thường vụ Đảng ủy Khối",
        form=form(),
        by=standing_office,
        nominees=[nominee],
    )
    page = login(standing_office).get(registration.get_absolute_url()).content.decode()
    assert "quyết định số 125-QĐ/ĐUK ngày 15/10/2013" in page


def test_a_posted_row_count_draws_no_more_than_fifty_rows(tree, campaign, standing_office, login):
    # Found by tests/hostile/test_forms_fuzz.py: typed-TOTAL_FORMS=10**40 drew 1,050 recipient
    # rows, each with the organisation list (seconds per request).
    response = post_decision(
        login(standing_office), campaign, tree, **{"typed-TOTAL_FORMS": "9" * 40}
    )
    assert response.status_code == 400
    assert len(response.context["typed"].forms) <= 50
    assert not Decision.objects.exists()
