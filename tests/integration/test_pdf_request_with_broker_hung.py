"""Asking for a bloc summary PDF while Redis hangs: only the first request waits for the broker.

Redis is frozen (SIGSTOP), as a hung server that accepts connections but never answers. The PDF
request path shares the circuit breaker of the other enqueue paths (``notifications.queue``):
the first request pays the broker's socket timeout, the next ones leave their job pending at no
cost, and beat's sweep hands them over once Redis answers again.
"""

import os
import signal
import time

import pytest
from django.urls import reverse

from reports.models import JobStatus, RenderJob
from tests.integration.conftest import redis_cli
from tests.reports.factories import make_campaign, make_deadline

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def redis_pid() -> int:
    info = dict(
        line.split(":", 1) for line in redis_cli("info", "server").splitlines() if ":" in line
    )
    return int(info["process_id"])


def test_pdf_requests_with_redis_hung_cost_one_broker_timeout_in_all(
    not_eager, tree, reviewer, login
):
    period = make_deadline(make_campaign(tree.province), applies_to=tree.bloc)
    client = login(reviewer)
    url = reverse("reports:summary") + f"?period={period.pk}&unit={tree.bloc.pk}"
    assert client.get(url).status_code == 200  # views loaded, as on a running server
    pid = redis_pid()
    os.kill(pid, signal.SIGSTOP)
    try:
        timings = []
        for _ in range(4):
            started = time.monotonic()
            assert client.post(url).status_code == 302
            timings.append(time.monotonic() - started)
    finally:
        os.kill(pid, signal.SIGCONT)
    assert sum(timings[1:]) < 1, f"requests after the first took {timings[1:]} s"
    # Nothing is lost: each job waits, pending, for beat's sweep.
    assert RenderJob.objects.filter(status=JobStatus.PENDING).count() == 4
