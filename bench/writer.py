"""Deadline-day writes beside ``bench/pages.py --writes N``: N ``save()``s a second in the second
bloc (the bloc of the demo's ``bancd_dn``, whom no journey step logs in as): its registrations,
else its periodic reports, else its units; each a real edit's statements (the row and its
history row), committed one by one, until stopped (SIGTERM); prints how many it made.

Run by pages.py with the served checkout's code, so the page cache's counters are bumped exactly
as that checkout's server would bump them.
"""

from __future__ import annotations

import itertools
import os
import signal
import sys
import time

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from models_registry.models import Registration  # noqa: E402
from reports.models import PeriodicReport  # noqa: E402
from units.models import Membership, Unit  # noqa: E402

stopped = False


def stop(_signum, _frame) -> None:
    global stopped  # noqa: PLW0603
    stopped = True


def main() -> None:
    signal.signal(signal.SIGTERM, stop)
    rate = float(sys.argv[1])
    bloc = Membership.objects.filter(user__username=sys.argv[2]).first().unit
    # Its registrations, else its periodic reports, else its units (the demo's second bloc at
    # province scale has no registrations): each placed in the tree by the page cache alike.
    for model, lookup in ((Registration, "unit__path"), (PeriodicReport, "unit__path")):
        pks = list(
            model.objects.filter(**{f"{lookup}__startswith": bloc.path}).values_list(
                "pk", flat=True
            )
        )
        if pks:
            break
    else:
        model = Unit
        pks = list(
            Unit.objects.filter(path__startswith=bloc.path, depth__gt=bloc.depth).values_list(
                "pk", flat=True
            )
        )
    if not pks:
        raise SystemExit(f"writer: nothing to save in {bloc}")
    saved = 0
    started = time.monotonic()
    for pk in itertools.cycle(pks):
        if stopped:
            break
        model.objects.get(pk=pk).save()
        saved += 1
        pause = started + saved / rate - time.monotonic()
        if pause > 0:
            time.sleep(pause)
    elapsed = time.monotonic() - started
    print(
        f"writer: {saved} saves of {model._meta.verbose_name_plural} in {elapsed:.0f} s "
        f"({saved / elapsed:.1f}/s) in {bloc}"
    )


if __name__ == "__main__":
    main()
