"""Demo data for awards (called by seed_demo, after reminders)."""

from units.demo import DemoContext


def seed(ctx: DemoContext) -> None:
    return None
