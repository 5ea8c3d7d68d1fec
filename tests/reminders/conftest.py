import pytest

from tests.reminders.factories import DUE, make_campaign, make_deadline, staff_group


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.bloc)


@pytest.fixture
def deadline(campaign, tree):
    return make_deadline(campaign, applies_to=tree.bloc, due=DUE)


@pytest.fixture
def staffed(tree):
    """Steering groups A and B with a leader and two members each."""
    return {"a": staff_group(tree.group_a), "b": staff_group(tree.group_b)}


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run a callable and then its on-commit callbacks (delivery), as a real commit would."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run
