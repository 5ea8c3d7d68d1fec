"""Ten simultaneous submits make exactly one transition (PostgreSQL, real threads)."""

import threading

import pytest
from django.db import connection, connections

from danvan.workflow import TransitionRefused
from models_registry.models import Registration, RegistrationEvent, Status
from models_registry.workflow import REGISTRATION_WORKFLOW

from .factories import make_campaign, make_registration


# Serialized rollback: the flush after this test keeps the migrations' rows (see conftest.py).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_simultaneous_submits_make_one_transition(tree, group_leader):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    registration = make_registration(tree.base_a, make_campaign(tree.province))
    barrier = threading.Barrier(10)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit():
        try:
            barrier.wait()
            fresh = Registration.objects.get(pk=registration.pk)
            REGISTRATION_WORKFLOW.take(fresh, "submit", by=group_leader)
            result = "done"
        except TransitionRefused:
            result = "refused"
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            result = repr(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done"] + ["refused"] * 9
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED
    assert registration.version == 2
    assert (
        RegistrationEvent.objects.filter(registration=registration, transition="submit").count()
        == 1
    )
