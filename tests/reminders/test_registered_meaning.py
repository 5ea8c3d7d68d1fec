"""One meaning of "registered": a unit whose only registration was returned for revision is
still reminded and is still listed as not registered (reminders, the list and Table 01 agree)."""

import datetime

import pytest
from django.core import mail

from models_registry.models import Status
from models_registry.selectors import not_registered
from reminders.completion import completed_unit_ids
from reminders.services import reminders_send
from tests.reminders.factories import DUE, submit_registration

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "registered"),
    [
        (Status.DRAFT, False),
        (Status.RETURNED, False),
        (Status.WITHDRAWN, False),
        (Status.SUBMITTED, True),
        (Status.RESUBMITTED, True),
        (Status.RECOGNISED, True),
    ],
)
def test_reminders_and_the_not_registered_list_agree(
    status, registered, campaign, deadline, tree, reviewer
):
    submit_registration(tree.base_a, campaign, year=deadline.year, status=status)
    complete = tree.base_a.pk in completed_unit_ids(deadline, [tree.base_a.pk, tree.base_b.pk])
    board = not_registered(reviewer, campaign, deadline.year)
    listed = tree.base_a in list(board.units)
    assert complete is registered
    assert listed is not registered
    assert tree.base_b in list(board.units)


def test_a_unit_whose_registration_was_returned_is_reminded_again(
    campaign, deadline, tree, staffed, run_on_commit
):
    submit_registration(tree.base_a, campaign, year=deadline.year, status=Status.RETURNED)
    submit_registration(tree.base_b, campaign, year=deadline.year, status=Status.SUBMITTED)
    run_on_commit(reminders_send, today=DUE - datetime.timedelta(days=7))
    reminded = {m.to[0].split("<")[1].rstrip(">") for m in mail.outbox}
    assert reminded == {person.email for person in staffed["a"]}
