from django.core.management.base import BaseCommand

from operations.integrity import verify_all


class Command(BaseCommand):
    help = (
        "Re-hash every stored file against the SHA-256 and size recorded at upload; report "
        "missing or altered files to the standing office. Exit 1 when any problem is new."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=None)

    def handle(self, *args, batch_size=None, **options):
        results = verify_all(limit=batch_size)
        checked = sum(r.checked for r in results)
        problems = [p for r in results for p in r.problems]
        repaired = sum(r.repaired for r in results)
        for problem in problems:
            self.stdout.write(f"{problem.row.state}: {problem.row.name} ({problem.label})")
        self.stdout.write(
            f"{checked} files checked, {len(problems)} new problem(s), {repaired} back in place"
        )
        if problems:
            raise SystemExit(1)
