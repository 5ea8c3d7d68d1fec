"""Enqueue delivery on commit without ever slowing or breaking the request.

The rows are already committed when this runs; publishing is only a nudge. When Redis is down,
``apply_async(retry=False)`` fails within the broker's socket timeouts (see the ``CELERY_*``
settings) and a short circuit breaker stops later requests from paying that again: beat's sweep
delivers the rows once the broker is back.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

_broker_down_until = 0.0


def _send(send: Callable[[], object], what: str) -> bool:
    """Publish through the broker unless it recently failed; never raises. False: not sent."""
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        logger.warning("Broker recently unavailable; %s left for the sweep", what)
        return False
    try:
        send()
    except Exception:  # noqa: BLE001 - any broker error must not break the request
        _broker_down_until = time.monotonic() + settings.DANVAN_BROKER_BACKOFF_SECONDS
        logger.warning("Broker unavailable; %s left for the sweep", what, exc_info=True)
        return False
    return True


def enqueue_on_commit(task, *args) -> None:
    """Run ``task(*args)`` in a worker once the surrounding transaction commits.

    For tasks whose work is already committed as rows that a beat sweep also picks up: a broker
    outage delays them, never loses them. In the embedded default (eager) the task runs
    in-process, and an error in it is logged, not raised into the page.
    """

    def run() -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            try:
                task(*args)
            except Exception:  # noqa: BLE001
                logger.exception("Eager %s failed; the sweep will retry", task.name)
            return
        _send(lambda: task.apply_async(args=args, retry=False), task.name)

    transaction.on_commit(run)


def publish(task, *args) -> bool:
    """Hand ``task(*args)`` to the broker now, through the circuit breaker; never raises.

    For tasks whose work is a committed row a beat sweep also picks up (render jobs): False means
    "left for the sweep". While the breaker is open this costs nothing, so a hung Redis does not
    add its socket timeout to every request. Eager (demo, tests): runs in-process.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        try:
            task(*args)
        except Exception:  # noqa: BLE001 - the task records its own failure on its row
            logger.exception("Eager %s failed", task.name)
        return True
    return _send(lambda: task.apply_async(args=args, retry=False), task.name)


def _publish(batches: int, *, direct: bool = False) -> int:
    from .delivery import deliver_pending
    from .tasks import deliver_outbox, sweep_outbox

    if settings.CELERY_TASK_ALWAYS_EAGER:
        # Embedded default (demo): deliver in-process; a mail error must not break the page.
        try:
            for _ in range(batches):
                deliver_pending()
        except Exception:  # noqa: BLE001
            logger.exception("Eager outbox delivery failed; the sweep will retry")
        return batches

    def send() -> None:
        if batches == 1 or direct:
            for _ in range(batches):
                deliver_outbox.apply_async(retry=False)
        else:
            # One message whatever the size: the worker's sweep publishes the batch tasks, so a
            # 10,000-recipient fan-out costs the request one round trip to Redis, not fifty.
            sweep_outbox.apply_async(retry=False)

    return batches if _send(send, "the outbox") else 0


def fan_out(*, pending: int, on_commit: bool = True, direct: bool = False) -> int:
    """Ask for enough batch tasks to drain ``pending`` rows in parallel (capped).

    From a request, several batches are asked for with one ``sweep_outbox`` message; the sweep
    (``direct``) publishes the batch tasks themselves.
    """
    if pending <= 0:
        return 0
    from .delivery import batch_size

    batches = min(math.ceil(pending / batch_size()), settings.DANVAN_OUTBOX_MAX_FANOUT)
    if on_commit:
        transaction.on_commit(lambda: _publish(batches))
        return batches
    return _publish(batches, direct=direct)


def reset_breaker() -> None:
    global _broker_down_until
    _broker_down_until = 0.0
