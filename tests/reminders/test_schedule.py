"""Which reminder step fires on which day: a pure function with a controlled clock."""

import datetime

import pytest

from reminders.schedule import ScheduleRules, step_due, steps

DUE = datetime.date(2013, 3, 31)
DEFAULT = ScheduleRules()


def day(offset: int) -> datetime.date:
    return DUE + datetime.timedelta(days=offset)


def fired(rules=DEFAULT, due=DUE, offsets=range(-30, 120), **kwargs):
    """{offset from DUE: step key} for every day a step fires, as a daily beat would see."""
    sent: set[str] = set()
    result = {}
    for offset in offsets:
        step = step_due(rules=rules, due=due, today=day(offset), **kwargs)
        if step and step.key not in sent:
            sent.add(step.key)
            result[offset] = step.key
    return result


def test_default_schedule_is_7_3_1_days_before_the_day_then_weekly():
    assert fired(offsets=range(-30, 30)) == {
        -7: "before-7",
        -3: "before-3",
        -1: "before-1",
        0: "due",
        7: "overdue-7",
        14: "overdue-14",
        21: "overdue-21",
        28: "overdue-28",
    }


def test_nothing_fires_between_steps_or_long_before():
    assert step_due(rules=DEFAULT, due=DUE, today=day(-30)) is None
    assert step_due(rules=DEFAULT, due=DUE, today=day(-8)) is None


@pytest.mark.parametrize(("offset", "key"), [(-7, "before-7"), (-5, "before-7"), (-2, "before-3")])
def test_a_missed_morning_is_caught_up_with_the_latest_step(offset, key):
    assert step_due(rules=DEFAULT, due=DUE, today=day(offset)).key == key


def test_old_steps_are_not_dug_up():
    assert step_due(rules=DEFAULT, due=DUE, today=day(5)) is None  # "due" was 5 days ago


def test_escalation_starts_after_the_configured_delay():
    by_key = {s.key: s for s in steps(DEFAULT, DUE)}
    assert not by_key["overdue-7"].escalate
    assert by_key["overdue-14"].escalate
    assert by_key["overdue-21"].escalate


def test_escalation_between_weekly_steps_gets_its_own_day():
    rules = ScheduleRules(escalate_after_days=10)
    result = fired(rules=rules, offsets=range(0, 15))
    assert result == {0: "due", 7: "overdue-7", 10: "escalate-10", 14: "overdue-14"}
    assert step_due(rules=rules, due=DUE, today=day(10)).escalate


def test_no_escalation_when_switched_off():
    rules = ScheduleRules(escalate_after_days=0)
    assert not any(s.escalate for s in steps(rules, DUE))


def test_reminders_stop_after_the_configured_days():
    rules = ScheduleRules(stop_after_days=21)
    assert max(fired(rules=rules)) == 21
    assert step_due(rules=rules, due=DUE, today=day(28)) is None


def test_no_overdue_reminders_when_every_is_zero():
    rules = ScheduleRules(overdue_every_days=0, escalate_after_days=0)
    assert max(fired(rules=rules)) == 0


def test_an_extension_moves_the_whole_schedule():
    extended = DUE + datetime.timedelta(days=14)
    result = fired(due=extended, offsets=range(-30, 30))
    assert -7 not in result
    assert 0 not in result
    assert result[7] == "before-7"  # 7 days before the new date
    assert result[14] == "due"


def test_completion_stops_everything():
    assert fired(completed=True) == {}


def test_custom_days_before():
    rules = ScheduleRules(
        days_before=(10, 2), on_due_day=False, overdue_every_days=0, escalate_after_days=0
    )
    assert fired(rules=rules) == {-10: "before-10", -2: "before-2"}
