"""Render the bloc summary PDF for a period from the command line (what the Celery task does)."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Deadline
from reports.documents import render_bloc_summary
from reports.models import REPORT_KINDS
from units.models import Unit


class Command(BaseCommand):
    help = "Render the bloc summary report (PDF) of a report period."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="id of the report deadline")
        parser.add_argument(
            "--unit", help="id or short code of the unit to aggregate (default: the period's unit)"
        )
        parser.add_argument("--output", required=True, help="PDF file to write")

    def handle(self, *args, **options):
        try:
            deadline = Deadline.objects.select_related("campaign", "applies_to").get(
                pk=int(options["period"]), kind__in=REPORT_KINDS
            )
        except (Deadline.DoesNotExist, ValueError) as exc:
            raise CommandError(f"No report period with id {options['period']!r}.") from exc
        root = deadline.applies_to
        if options.get("unit"):
            value = options["unit"]
            units = Unit.objects.filter(short_code=value)
            if value.isdigit():
                units = Unit.objects.filter(pk=int(value)) | units
            root = units.first()
            if root is None:
                raise CommandError(f"No unit {value!r}.")
        output = Path(options["output"])
        started = time.perf_counter()
        render_bloc_summary(root=root, deadline=deadline, target=output)
        self.stdout.write(
            f"{output} ({output.stat().st_size // 1024} KB) "
            f"in {time.perf_counter() - started:.1f} s"
        )
