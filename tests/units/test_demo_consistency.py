"""The seeded demo does not contradict itself (issue 12.13): late marks follow the dates, score
sheets add up, titles fit the organisation, a model is filed under its own field."""

from collections import defaultdict

from django.core.management import call_command
from django.utils import timezone

from campaigns.models import DeadlineExtension
from models_registry.demo import FIELD_OF
from models_registry.models import Registration, RegistrationEvent, Score, ScoreItem, Status
from models_registry.workflow import due_date_for
from reports.models import PeriodicReport
from units.models import Membership, Unit


def test_the_seeded_demo_is_consistent(db):
    """One seeding (it takes a while), every check on it."""
    call_command("seed_demo", "--scale", "small", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for check in CHECKS:
        check()


def check_a_registration_is_late_exactly_when_sent_after_its_units_due_date():
    sent = Registration.objects.exclude(status=Status.DRAFT).select_related("unit", "campaign")
    wrong = []
    for registration in sent:
        due = due_date_for(registration)
        late = due is not None and timezone.localdate(registration.submitted_at) > due
        if registration.is_late != late:
            wrong.append((registration.pk, registration.submitted_at, due, registration.is_late))
    assert sent.count() > 50
    assert wrong == []
    assert sent.filter(is_late=True).exists()  # the demo shows late ones too


def check_an_extension_is_honoured_by_the_late_mark():
    extension = DeadlineExtension.objects.select_related("deadline").first()
    sent = Registration.objects.filter(
        unit=extension.unit, year=extension.deadline.year, submitted_at__isnull=False
    )
    for registration in sent:
        after = timezone.localdate(registration.submitted_at) > extension.due_date
        assert registration.is_late == after


def check_submitted_at_is_the_submission_in_the_history():
    first_submit = {
        e.registration_id: e.created_at
        for e in RegistrationEvent.objects.filter(transition="submit").order_by("-created_at")
    }
    sent = Registration.objects.exclude(status=Status.DRAFT).values_list("pk", "submitted_at")
    assert all(first_submit.get(pk) == at for pk, at in sent)


def check_a_created_entry_keeps_the_draft_state_as_the_service_records_it():
    created = RegistrationEvent.objects.filter(transition="create")
    assert created.exists()
    assert not created.exclude(from_state=Status.DRAFT).exists()


def check_a_report_is_late_exactly_when_sent_after_its_due_date():
    reports = PeriodicReport.objects.exclude(submitted_at=None).select_related("deadline")
    extended = {(e.deadline_id, e.unit_id): e.due_date for e in DeadlineExtension.objects.all()}
    wrong = [
        r.pk
        for r in reports
        if r.is_late
        != (
            timezone.localdate(r.submitted_at)
            > extended.get((r.deadline_id, r.unit_id), r.deadline.due_date)
        )
    ]
    assert reports.exists()
    assert wrong == []


def check_every_score_sheet_adds_up_to_its_total_and_the_final_score():
    items = defaultdict(list)
    for score_id, criterion_max, points in ScoreItem.objects.values_list(
        "score_id", "criterion__max_points", "points"
    ):
        items[score_id].append((criterion_max, points))
    scores = Score.objects.select_related("registration")
    assert scores.count() > 10
    for score in scores:
        assert sum(p for _max, p in items[score.pk]) == score.total, score.pk
        assert all(0 <= p <= m for m, p in items[score.pk])
        assert score.registration.final_score == score.total


def check_titles_fit_the_kind_of_organisation():
    """A chi bộ has no Đảng ủy: its leaders are "Bí thư / Phó Bí thư Chi bộ"."""
    organisations = {u.path: u.name for u in Unit.objects.filter(unit_type__code="base")}
    checked = 0
    for membership in Membership.objects.filter(title__contains="Bí thư").select_related("unit"):
        if "Chi đoàn" in membership.title:
            continue  # the youth union's secretary, in either kind of organisation
        name = organisations.get(membership.unit.parent_path, "")
        if not name:
            continue
        committee = "Đảng ủy" if name.startswith("Đảng bộ") else "Chi bộ"
        assert committee in membership.title, (name, membership.title)
        checked += 1
    assert checked > 10
    for name, position in Registration.objects.values_list(
        "unit__name", "committee_signer_position"
    ):
        committee = "Đảng ủy" if name.startswith("Đảng bộ") else "Chi bộ"
        assert position == f"Bí thư {committee}", (name, position)


def check_a_model_is_filed_under_its_own_field():
    wrong = [
        (name, code)
        for name, code in Registration.objects.values_list("name", "primary_field__code")
        if name in FIELD_OF and FIELD_OF[name] != code
    ]
    assert wrong == []


CHECKS = [
    check_a_registration_is_late_exactly_when_sent_after_its_units_due_date,
    check_an_extension_is_honoured_by_the_late_mark,
    check_submitted_at_is_the_submission_in_the_history,
    check_a_created_entry_keeps_the_draft_state_as_the_service_records_it,
    check_a_report_is_late_exactly_when_sent_after_its_due_date,
    check_every_score_sheet_adds_up_to_its_total_and_the_final_score,
    check_titles_fit_the_kind_of_organisation,
    check_a_model_is_filed_under_its_own_field,
]
