"""The statistics of the movement, computed from the registrations (domain.md §4).

One set of query functions feeds the boards, the Excel files and the PDFs, so they always agree:

* :func:`table01` — registrations by field × kind, new / continued, level, in progress,
  recognised, outstanding, replicated, resources (million VND), workdays;
* :func:`table02` — outstanding models;
* :func:`table03` — awards by form × collective / individual, from the award decisions;
* :func:`unit_rows` — one row per grassroots organisation, **including those that have not
  registered**;
* :func:`activity_totals` — dissemination sessions and propaganda activities.

Every function aggregates in SQL (GROUP BY with conditional counts) and costs a fixed number of
queries whatever the number of units or registrations. Callers pass a :class:`StatsScope`
(which subtree, which campaign, which years and which dates); access is checked by the view that
builds it.

A scope is bounded by its period's dates, not only its years: a 6-month report counts what had
happened by 30 June. A registration counts once it was sent by the period's end; it counts as
recognised (or outstanding) only if its recognition decision is dated by then, and as in progress
if it was decided later; sessions and propaganda count by the day they were held; award
decisions by the day they were signed. Records without a date (imported, older rows) count as
they stand, since nothing says they fall outside.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from awards.models import AwardForm, Recipient
from campaigns.models import Campaign
from models_registry.models import (
    REGISTERED_STATES,
    Field,
    Kind,
    Level,
    Registration,
    Status,
)
from units.models import Unit

MILLION = Decimal(1_000_000)
IN_PROGRESS_STATES = frozenset(
    {Status.ACCEPTED, Status.IN_PROGRESS, Status.SELF_ASSESSED, Status.UNDER_REVIEW}
)
RECOGNISED_STATES = frozenset({Status.RECOGNISED, Status.OUTSTANDING})


@dataclass(frozen=True)
class StatsScope:
    """What to aggregate: grassroots organisations under ``root``, one campaign, a year range, and
    the dates the period covers (by default the whole years)."""

    root: Unit
    campaign: Campaign
    year_from: int
    year_to: int
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def __post_init__(self) -> None:
        # frozen: fill the default dates through object.__setattr__.
        if self.date_from is None:
            object.__setattr__(self, "date_from", datetime.date(self.year_from, 1, 1))
        if self.date_to is None:
            object.__setattr__(self, "date_to", datetime.date(self.year_to, 12, 31))

    @classmethod
    def for_year(cls, *, root: Unit, campaign: Campaign, year: int) -> StatsScope:
        return cls(root=root, campaign=campaign, year_from=year, year_to=year)

    @classmethod
    def whole_campaign(cls, *, root: Unit, campaign: Campaign, until: int | None = None):
        last = min(until or campaign.end_date.year, campaign.end_date.year)
        return cls(
            root=root,
            campaign=campaign,
            year_from=campaign.start_date.year,
            year_to=last,
            date_from=campaign.start_date,
            date_to=min(datetime.date(last, 12, 31), campaign.end_date),
        )

    @property
    def years_label(self) -> str:
        if self.year_from == self.year_to:
            return str(self.year_from)
        return f"{self.year_from}–{self.year_to}"

    @property
    def ends_before(self) -> datetime.datetime:
        """Midnight after the last day, in the local time zone (for timestamps such as
        ``submitted_at``: a report sent at 23:30 on 30 June belongs to the first half-year)."""
        next_day = self.date_to + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time()))

    def sent_by_end(self, prefix: str = "") -> Q:
        """Sent by the period's end (a registration without a sending time counts)."""
        return Q(**{f"{prefix}submitted_at__isnull": True}) | Q(
            **{f"{prefix}submitted_at__lt": self.ends_before}
        )

    def decided_by_end(self, prefix: str = "") -> Q:
        """The recognition decision is dated within the period (or carries no date)."""
        return Q(**{f"{prefix}decision_date__isnull": True}) | Q(
            **{f"{prefix}decision_date__lte": self.date_to}
        )

    def recognised(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}status__in": RECOGNISED_STATES}) & self.decided_by_end(prefix)

    def outstanding(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}status": Status.OUTSTANDING}) & self.decided_by_end(prefix)

    def in_progress(self, prefix: str = "") -> Q:
        """In progress at the period's end: still under way, or recognised only afterwards."""
        decided_later = Q(**{f"{prefix}status__in": RECOGNISED_STATES}) & Q(
            **{f"{prefix}decision_date__gt": self.date_to}
        )
        return Q(**{f"{prefix}status__in": IN_PROGRESS_STATES}) | decided_later

    def registrations(self):
        """The registrations that count: sent in by the period's end (not drafts, returned or
        withdrawn)."""
        return Registration.objects.filter(
            self.sent_by_end(),
            campaign=self.campaign,
            year__gte=self.year_from,
            year__lte=self.year_to,
            unit__path__startswith=self.root.path,
            status__in=REGISTERED_STATES,
        )

    def grassroots_units(self):
        return Unit.objects.filter(
            path__startswith=self.root.path, unit_type__is_grassroots=True, is_active=True
        )


# --- Table 01 ---------------------------------------------------------------------------------

# (key, column heading, group heading). The order is the order of the printed table.
TABLE01_COLUMNS: list[tuple[str, Any, Any]] = [
    ("models", _("Models"), _("Registered")),
    ("collective", _("Collective exemplars"), _("Registered")),
    ("individual", _("Individual exemplars"), _("Registered")),
    ("total", pgettext_lazy("statistics", "Total"), _("Registered")),
    ("new", _("New"), _("Of which")),
    ("continued", _("Continued"), _("Of which")),
    ("grassroots", _("Grassroots level"), _("Level")),
    ("bloc", _("Bloc level"), _("Level")),
    ("in_progress", _("In progress"), _("Results")),
    ("recognised", _("Recognised"), _("Results")),
    ("outstanding", _("Outstanding"), _("Results")),
    ("replicated", _("Replicated"), _("Results")),
    ("resources", _("Resources (million VND)"), _("Mobilised")),
    ("workdays", _("Workdays"), _("Mobilised")),
]
TABLE01_KEYS = [key for key, _label, _group in TABLE01_COLUMNS]


def table01_column_groups() -> list[tuple[Any, int]]:
    """(group heading, number of columns) for the two-row table header."""
    groups: list[tuple[Any, int]] = []
    for _key, _label, group in TABLE01_COLUMNS:
        if groups and str(groups[-1][0]) == str(group):
            groups[-1] = (groups[-1][0], groups[-1][1] + 1)
        else:
            groups.append((group, 1))
    return groups


def _table01_aggregates(scope: StatsScope) -> dict[str, Any]:
    replicated = Exists(
        Registration.objects.filter(
            scope.sent_by_end(), replicated_from=OuterRef("pk"), status__in=REGISTERED_STATES
        ).exclude(unit=OuterRef("unit"))
    )
    return {
        "models": Count("pk", filter=Q(kind=Kind.MODEL)),
        "collective": Count("pk", filter=Q(kind=Kind.COLLECTIVE_EXEMPLAR)),
        "individual": Count("pk", filter=Q(kind=Kind.INDIVIDUAL_EXEMPLAR)),
        "total": Count("pk"),
        "new": Count("pk", filter=Q(continued_from__isnull=True)),
        "continued": Count("pk", filter=Q(continued_from__isnull=False)),
        "grassroots": Count("pk", filter=Q(level=Level.GRASSROOTS)),
        "bloc": Count("pk", filter=Q(level=Level.BLOC)),
        "in_progress": Count("pk", filter=scope.in_progress()),
        "recognised": Count("pk", filter=scope.recognised()),
        "outstanding": Count("pk", filter=scope.outstanding()),
        "replicated": Count("pk", filter=Q(replicated)),
        "budget_vnd": Coalesce(Sum("budget_vnd"), 0),
        "workdays": Coalesce(Sum("workdays"), 0),
    }


@dataclass
class Table01Row:
    label: Any  # a field's name, or lazy text rendered in the active language
    values: dict[str, Any]
    field_id: int | None = None
    is_total: bool = False
    # Today's values beside frozen ones (a sent report's snapshot); None for a live table.
    current: dict[str, Any] | None = None

    def cells(self) -> list[Any]:
        return [self.values[key] for key in TABLE01_KEYS]

    def flagged_cells(self) -> list[tuple[Any, Any]]:
        """(value, today's value where it differs, else None) per column."""
        now = self.current or {}
        return [
            (self.values[key], now[key] if key in now and now[key] != self.values[key] else None)
            for key in TABLE01_KEYS
        ]


@dataclass
class Table01:
    rows: list[Table01Row]
    total: Table01Row
    columns: list[tuple[str, Any, Any]] = field(default_factory=lambda: TABLE01_COLUMNS)

    def all_rows(self) -> list[Table01Row]:
        return [*self.rows, self.total]


def _finish(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    budget = Decimal(values.pop("budget_vnd") or 0)
    values["resources"] = (budget / MILLION).quantize(Decimal("0.1"))
    values["budget_vnd"] = int(budget)
    return values


def _empty() -> dict[str, Any]:
    return dict.fromkeys([*TABLE01_KEYS, "budget_vnd"], 0) | {"resources": Decimal("0.0")}


def table01(scope: StatsScope) -> Table01:
    """Rows = every active field (zeros included) + "not classified" when needed + total.

    Two queries: the fields, and one GROUP BY primary field over the registrations.
    """
    grouped = {
        row.pop("primary_field"): row
        for row in scope.registrations()
        .order_by()
        .values("primary_field")
        .annotate(**_table01_aggregates(scope))
    }
    rows: list[Table01Row] = []
    for item in Field.objects.filter(Q(is_active=True) | Q(pk__in=[k for k in grouped if k])):
        values = _finish(grouped.pop(item.pk)) if item.pk in grouped else _empty()
        rows.append(Table01Row(label=item.name, values=values, field_id=item.pk))
    if None in grouped:
        rows.append(Table01Row(label=_("Not classified"), values=_finish(grouped.pop(None))))
    total = _empty()
    for row in rows:
        for key in [*TABLE01_KEYS, "budget_vnd"]:
            if key != "resources":
                total[key] += row.values[key]
    total["resources"] = (Decimal(total["budget_vnd"]) / MILLION).quantize(Decimal("0.1"))
    return Table01(
        rows=rows,
        total=Table01Row(label=pgettext_lazy("statistics", "Total"), values=total, is_total=True),
    )


# --- Table 02 ---------------------------------------------------------------------------------


@dataclass
class Table02Row:
    registration_id: int
    name: str
    kind: str
    field: str
    owner: str
    period: str
    results: str
    score: Decimal | None
    recognition: str


def _results_line(registration: Registration) -> str:
    parts = []
    for target in registration.targets.all():
        achieved = target.achieved_value if target.achieved_value is not None else "–"
        goal = target.target_value if target.target_value is not None else "–"
        measure = f" {target.measure}" if target.measure else ""
        parts.append(f"{target.name}: {_number(achieved)}/{_number(goal)}{measure}")
    return "; ".join(parts)


def _number(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def table02(scope: StatsScope) -> list[Table02Row]:
    """Outstanding models and exemplars, best score first (two queries: rows and targets)."""
    registrations = (
        scope.registrations()
        .filter(scope.outstanding())
        .select_related("unit", "primary_field")
        .prefetch_related("targets")
        .order_by("-final_score", "unit__path", "pk")
    )
    rows = []
    for reg in registrations:
        owner = reg.unit.name
        if reg.kind == Kind.INDIVIDUAL_EXEMPLAR and reg.person_name:
            owner = f"{reg.person_name} ({reg.unit.name})"
        period = str(reg.year)
        if reg.start_date and reg.evaluation_date:
            period = f"{reg.start_date:%m/%Y}–{reg.evaluation_date:%m/%Y}"
        recognition = ""
        if reg.decision_number:
            recognition = reg.decision_number
            if reg.decision_date:
                recognition += f" ({reg.decision_date:%d/%m/%Y})"
        rows.append(
            Table02Row(
                registration_id=reg.pk,
                name=reg.name,
                kind=str(reg.get_kind_display()),
                field=reg.primary_field.name if reg.primary_field else "",
                owner=owner,
                period=period,
                results=_results_line(reg),
                score=reg.final_score,
                recognition=recognition,
            )
        )
    return rows


# --- Table 03 ---------------------------------------------------------------------------------

# The default forms of award (the awards app's data migration creates them with these codes);
# the rows follow the awards app's configurable list when it has rows.
AWARD_FORMS: list[tuple[str, Any]] = [
    ("bloc_certificate", _("Certificate of merit of the bloc standing committee")),
    ("bloc_praise", _("Praise at bloc level")),
    ("province_chair_merit", _("Certificate of merit of the provincial People's Committee chair")),
    ("province_party_merit", _("Certificate of merit of the provincial party standing committee")),
    ("mass_organisation", _("Awards of the mass organisations")),
    ("emulation_flag", _("Emulation flag")),
]


@dataclass
class Table03Row:
    form: str
    label: str
    collective: int = 0
    individual: int = 0
    decisions: str = ""


def table03(scope: StatsScope) -> list[Table03Row]:
    """Awards by form × collective/individual with the decision numbers, from the recorded award
    decisions: recipients in the scope's subtree, for its campaign and years, signed by the
    period's end. Two queries."""
    forms = list(AwardForm.objects.order_by("order", "name").values_list("id", "code", "name"))
    counted = (
        Recipient.objects.filter(
            decision__campaign=scope.campaign,
            decision__year__gte=scope.year_from,
            decision__year__lte=scope.year_to,
            decision__date__lte=scope.date_to,
            unit__path__startswith=scope.root.path,
        )
        .values("decision__form_id", "decision__form__code", "decision__number", "decision__date")
        .annotate(
            collective=Count("id", filter=Q(kind="collective")),
            individual=Count("id", filter=Q(kind="individual")),
        )
        .order_by("decision__date", "decision__number")
    )
    labels = dict(AWARD_FORMS)
    if forms:
        rows = {code: Table03Row(form=code, label=name) for _pk, code, name in forms}
    else:
        rows = {code: Table03Row(form=code, label=str(label)) for code, label in labels.items()}
    numbers: dict[str, list[str]] = {}
    for line in counted:
        code = line["decision__form__code"]
        row = rows.setdefault(code, Table03Row(form=code, label=code))
        row.collective += line["collective"]
        row.individual += line["individual"]
        seen = numbers.setdefault(code, [])
        if line["decision__number"] not in seen:
            seen.append(line["decision__number"])
    for code, seen in numbers.items():
        rows[code].decisions = ", ".join(seen)
    return list(rows.values())


# --- Per-unit table ---------------------------------------------------------------------------


@dataclass
class UnitRow:
    unit_id: int
    code: str
    name: str
    models: int
    collective: int
    individual: int
    total: int
    recognised: int
    outstanding: int

    @property
    def has_registered(self) -> bool:
        return self.total > 0


def unit_rows(scope: StatsScope) -> list[UnitRow]:
    """One row per active grassroots organisation under the root, registered or not (1 query)."""
    reg = scope.sent_by_end("registrations__") & Q(
        registrations__campaign=scope.campaign,
        registrations__year__gte=scope.year_from,
        registrations__year__lte=scope.year_to,
        registrations__status__in=REGISTERED_STATES,
    )
    units = (
        scope.grassroots_units()
        .order_by("path")
        .annotate(
            n_models=Count("registrations", filter=reg & Q(registrations__kind=Kind.MODEL)),
            n_collective=Count(
                "registrations", filter=reg & Q(registrations__kind=Kind.COLLECTIVE_EXEMPLAR)
            ),
            n_individual=Count(
                "registrations", filter=reg & Q(registrations__kind=Kind.INDIVIDUAL_EXEMPLAR)
            ),
            n_total=Count("registrations", filter=reg),
            n_recognised=Count("registrations", filter=reg & scope.recognised("registrations__")),
            n_outstanding=Count("registrations", filter=reg & scope.outstanding("registrations__")),
        )
        .values_list(
            "pk",
            "short_code",
            "name",
            "n_models",
            "n_collective",
            "n_individual",
            "n_total",
            "n_recognised",
            "n_outstanding",
        )
    )
    return [UnitRow(*values) for values in units]


# --- Dissemination and propaganda -------------------------------------------------------------


@dataclass
class ActivityTotals:
    sessions: int = 0
    session_participants: int = 0
    propaganda: int = 0
    propaganda_participants: int = 0
    by_form: dict[str, int] = field(default_factory=dict)


def activity_totals(scope: StatsScope) -> ActivityTotals:
    """Dissemination sessions and propaganda activities held within the period (3 queries)."""
    from campaigns.models import DisseminationSession, PropagandaActivity

    where = {
        "unit__path__startswith": scope.root.path,
        "held_on__gte": scope.date_from,
        "held_on__lte": scope.date_to,
    }
    campaign_q = Q(campaign=scope.campaign) | Q(campaign__isnull=True)
    sessions = DisseminationSession.objects.filter(campaign_q, **where).aggregate(
        n=Count("pk"), people=Coalesce(Sum("participants"), 0)
    )
    propaganda = PropagandaActivity.objects.filter(campaign_q, **where)
    totals = propaganda.aggregate(
        n=Coalesce(Sum("count"), 0), people=Coalesce(Sum("participants"), 0)
    )
    by_form = dict(propaganda.order_by().values_list("form").annotate(n=Coalesce(Sum("count"), 0)))
    return ActivityTotals(
        sessions=sessions["n"],
        session_participants=sessions["people"],
        propaganda=totals["n"],
        propaganda_participants=totals["people"],
        by_form=by_form,
    )
