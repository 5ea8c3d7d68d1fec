"""Demo data for this app (called by seed_demo)."""

from units.demo import DemoContext


def seed(ctx: DemoContext) -> None:
    """Nothing yet."""
