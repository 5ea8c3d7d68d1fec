"""A reviewer's decision with the broker down: the page answers at once, the e-mail follows once."""

import time

import pytest
from django.urls import reverse

from models_registry.models import Status
from models_registry.workflow import REGISTRATION_WORKFLOW
from notifications.models import EmailOutbox, Notification
from tests.integration.conftest import redis_start, redis_stop, wait_for
from tests.models_registry.factories import make_campaign, make_registration

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_returning_a_registration_with_redis_down_is_fast_and_the_unit_is_told_once(
    workers, mail_dir, tree, group_leader, group_member, reviewer, client
):
    campaign = make_campaign(tree.bloc)
    registration = make_registration(tree.base_a, campaign, created_by=group_leader)
    REGISTRATION_WORKFLOW.take(registration, "submit", by=group_leader)
    workers()
    client.force_login(reviewer)
    url = reverse("models_registry:detail", args=[registration.pk])
    assert client.get(url).status_code == 200  # the server has loaded its views already
    redis_stop()
    try:
        started = time.monotonic()
        response = client.post(
            reverse("models_registry:transition", args=[registration.pk, "return"]),
            {"comment": "Bổ sung chỉ tiêu đo lường được."},
        )
        elapsed = time.monotonic() - started
        assert response.status_code == 302
        assert elapsed < 2, f"the request took {elapsed:.2f} s with the broker down"
        registration.refresh_from_db()
        assert registration.status == Status.RETURNED
        # The unit sees it in the application at once; the e-mails wait in the outbox.
        assert Notification.objects.filter(recipient=group_leader).exists()
        expected = {row.message_id for row in EmailOutbox.objects.all()}
        assert len(expected) == 2  # the leader and the member of the steering group
        time.sleep(1)
        assert mail_dir.count() == 0
    finally:
        redis_start()
    wait_for(lambda: mail_dir.count() >= 2, timeout=30, what="the two e-mails")
    time.sleep(2.5)  # a few more sweeps: a second copy would show now
    ids = mail_dir.ids()
    assert set(ids) == expected
    assert set(ids.values()) == {1}
    assert (
        "Bổ sung chỉ tiêu"
        in mail_dir.messages()[0].get_payload()[0].get_payload(decode=True).decode()
    )
