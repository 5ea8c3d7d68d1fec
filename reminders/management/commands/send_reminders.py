"""``manage.py send_reminders [--dry-run] [--today YYYY-MM-DD]``: what beat runs every morning."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.services import reminders_send


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today must look like 2013-03-24, not {value!r}") from None


class Command(BaseCommand):
    help = "Send today's deadline reminders (in-app and e-mail); --dry-run only prints them."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print, send nothing.")
        parser.add_argument("--today", type=_date, help="Pretend today is this date.")

    def handle(self, *args, dry_run: bool, today: datetime.date | None, **options):
        today = today or timezone.localdate()
        summary = reminders_send(today=today, dry_run=dry_run)
        if dry_run:
            for item in summary.planned:
                self.stdout.write(
                    f"{item.deadline.title} | {item.unit.name} | due {item.due:%d/%m/%Y} | "
                    f"{item.step.key}{' (escalation)' if item.step.escalate else ''}"
                )
                for person in item.recipients:
                    address = person.email or "no e-mail: in-app only"
                    self.stdout.write(f"    → {person.name} <{address}>")
        for name in summary.without_recipients:
            self.stderr.write(f"No one to remind at {name} (no steering-group members)")
        verb = "would send" if dry_run else "sent"
        self.stdout.write(
            f"{today:%d/%m/%Y}: {summary.deadlines} deadline(s), {summary.units} unit(s), "
            f"{verb} {summary.messages} reminder(s)"
            + ("" if dry_run else f", {summary.emails} e-mail(s) queued")
        )
