"""History lines read in words: no state codes, no empty "from" (issue 12.11)."""

from django.utils import translation

from models_registry.models import RegistrationEvent
from reports.models import PeriodicReportEvent


def test_a_first_entry_names_the_state_reached_without_an_empty_from():
    with translation.override("vi"):
        created = RegistrationEvent(transition="create", from_state="", to_state="draft")
        assert created.change_text == "Bản nháp"
        assert not created.change_text.startswith("→")


def test_a_step_reads_from_and_to_in_words():
    with translation.override("vi"):
        sent = PeriodicReportEvent(transition="submit", from_state="draft", to_state="submitted")
        assert sent.change_text == "Bản nháp → Đã gửi"
        assert "draft" not in sent.change_text


def test_a_mark_that_keeps_the_state_adds_nothing():
    mark = RegistrationEvent(transition="carry_over", from_state="accepted", to_state="accepted")
    assert mark.change_text == ""
