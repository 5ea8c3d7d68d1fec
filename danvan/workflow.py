"""Workflows as data: a transition table per model and one :meth:`Workflow.take`.

An app declares its states as ``TextChoices`` and a :class:`Workflow` listing
:class:`Transition` rows: from-states, to-state, the scoping action a user needs, whether a
comment is required, and the step's hooks (Wagtail's tasks have the same shape: the actions
on offer, then one ``on_action``):

- ``validate(obj, step)`` raises ``ValidationError`` when the object is not ready (a form
  incomplete, a score below the threshold);
- ``stamp(obj, step)`` returns the field values saved with the state (a date, a decision);
- ``notify(obj, step)`` runs inside the transaction once the event row exists (notifications
  are outbox rows, delivered after commit);
- ``then(obj, step)`` names a step to take next in the same transaction, or returns "".

``Workflow.take(obj, name, by=…, comment=…, **data)`` locks the row, checks state, role (through
``units.scoping``), version and comment, runs the hooks, saves with ``update_fields``, writes the
event row (who, when, from, to, comment) and returns the fresh object. Every step of every app
goes through it; views take steps through ``danvan.views.TransitionView``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.scoping import Action, get_scope, users_for_action

# The longest comment a step keeps (the forms say so first; this guards the other callers).
COMMENT_MAX_LENGTH = 5000


class TransitionRefused(ValidationError):
    """The step is not taken, with the reason in one sentence.

    ``kind`` says why, and so how a page answers (``status``): ``"state"`` not possible in this
    state and ``"role"`` not for this person (403), ``"conflict"`` someone else changed the
    object meanwhile (409), ``"comment"`` the comment is missing, too long or unreadable (400,
    on the comment field). A ``ValidationError``, so the one form glue
    (``danvan.views.run_service``) puts it on the form like any other.
    """

    STATUS = {"state": 403, "role": 403, "conflict": 409, "comment": 400}

    def __init__(self, message: str, kind: str = "role"):
        super().__init__(message, code=kind)
        self.message = message
        self.kind = kind

    @property
    def status(self) -> int:
        return self.STATUS.get(self.kind, 403)

    @property
    def field(self) -> str | None:
        return "comment" if self.kind == "comment" else None


class VersionConflict(TransitionRefused):
    """Someone else saved the object after this person loaded it (optimistic locking)."""

    def __init__(self, current: Any):
        super().__init__(
            str(_("Someone else changed this in the meantime; please check it again.")),
            "conflict",
        )
        self.current = current


@dataclass
class Step:
    """What a hook knows about the step being taken."""

    transition: Transition
    by: Any
    comment: str
    data: dict[str, Any]
    now: datetime.datetime
    event: Any = None  # the event row, set before ``notify`` runs


Hook = Callable[[Any, Step], Any]


@dataclass(frozen=True)
class Transition:
    """One row of a transition table, with its hooks (see the module's docstring)."""

    name: str
    sources: frozenset[str]
    target: str
    action: Action
    label: Any  # lazy translated text shown on the button
    comment_required: bool = False
    marks_late: bool = False  # evaluate the workflow's late rule when taking this step
    style: str = "primary"  # Bootstrap colour of the button
    confirm: Any = ""  # optional confirmation prompt
    validate: Hook | None = None
    stamp: Hook | None = None
    notify: Hook | None = None
    then: Hook | None = None


DEFAULT_MESSAGES = {
    "unknown": _("This step does not exist."),
    "state": _("“%(step)s” is not possible while the status is “%(state)s”."),
    "role": _("Your role does not allow “%(step)s”."),
    "comment": _("Please give a reason for “%(step)s”."),
}

COMMENT_TOO_LONG = _(
    "The comment is too long: at most %(limit_value)d characters (it has %(show_value)d)."
)
COMMENT_NUL = _(
    "The comment contains an invisible null character (often pasted from another program); "
    "please remove it or retype that part."
)

# Event-row fields; a model whose history predates the abstract event renames them.
EVENT_FIELDS = {
    "actor": "actor",
    "transition": "transition",
    "from_state": "from_state",
    "to_state": "to_state",
    "comment": "comment",
}


def comment_problem(comment: str) -> str:
    """Why a step's comment cannot be kept ("" when it can): the forms' own sentences."""
    if "\x00" in comment:
        return str(COMMENT_NUL)
    if len(comment) > COMMENT_MAX_LENGTH:
        return str(COMMENT_TOO_LONG) % {
            "limit_value": COMMENT_MAX_LENGTH,
            "show_value": len(comment),
        }
    return ""


@dataclass
class Workflow:
    """A transition table over one model's ``state_field``."""

    transitions: Sequence[Transition]
    event_model: type[models.Model]
    event_subject_field: str  # the event model's FK to the subject, e.g. "registration"
    state_field: str = "status"
    unit_attr: str = "unit"
    # ``late_rule(obj, when) -> bool``; stored in ``late_field`` by steps with marks_late.
    late_rule: Callable[[Any, Any], bool] | None = None
    late_field: str = "is_late"
    # Refusal sentences; an app passes its own (translated in its catalogue) to override them.
    messages: dict[str, Any] = field(default_factory=dict)
    # The event model's names for EVENT_FIELDS (None: the model has no such column).
    event_fields: dict[str, str | None] = field(default_factory=dict)
    by_name: dict[str, Transition] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {t.name: t for t in self.transitions}
        self.messages = {**DEFAULT_MESSAGES, **self.messages}
        self.event_fields = {**EVENT_FIELDS, **self.event_fields}

    def get(self, name: str) -> Transition:
        try:
            return self.by_name[name]
        except KeyError as exc:
            raise TransitionRefused(str(self.messages["unknown"]), "state") from exc

    def state_of(self, obj: Any) -> str:
        return getattr(obj, self.state_field)

    def may(self, transition: Transition, obj: Any, user: Any) -> bool:
        return self.state_of(obj) in transition.sources and get_scope(user).allows(
            transition.action, getattr(obj, self.unit_attr)
        )

    def available(self, obj: Any, user: Any) -> list[Transition]:
        """The steps this user may take on this object now (what the page offers)."""
        return [t for t in self.transitions if self.may(t, obj, user)]

    def check(self, transition: Transition, obj: Any, user: Any, comment: str) -> None:
        state = self.state_of(obj)
        if state not in transition.sources:
            label = dict(type(obj)._meta.get_field(self.state_field).flatchoices).get(state, state)
            raise TransitionRefused(
                str(self.messages["state"]) % {"step": transition.label, "state": label}, "state"
            )
        if not get_scope(user).allows(transition.action, getattr(obj, self.unit_attr)):
            raise TransitionRefused(str(self.messages["role"]) % {"step": transition.label})
        problem = comment_problem(comment)
        if problem:
            raise TransitionRefused(problem, "comment")
        if transition.comment_required and not comment.strip():
            raise TransitionRefused(
                str(self.messages["comment"]) % {"step": transition.label}, "comment"
            )

    def take(
        self,
        obj: Any,
        name: str,
        *,
        by: Any,
        comment: str = "",
        expected_version: int | None = None,
        **data: Any,
    ) -> Any:
        """Take step ``name`` on ``obj`` for ``by``; returns the fresh, saved object.

        ``data`` is what the step's hooks read (a decision number, an uploaded file). Refusals
        raise ``TransitionRefused`` (or ``VersionConflict``); a hook's ``ValidationError``
        passes through. Nothing is saved unless the whole step succeeds.
        """
        return self._take(self.get(name), obj, by, comment, expected_version, data)

    def _take(
        self,
        transition: Transition,
        obj: Any,
        by: Any,
        comment: str,
        expected_version: int | None,
        data: dict[str, Any],
    ) -> Any:
        name = transition.name
        comment = comment or ""
        model = type(obj)
        with transaction.atomic():
            locked = (
                model._default_manager.select_for_update(of=("self",))
                .select_related(self.unit_attr)
                .get(pk=obj.pk)
            )
            self.check(transition, locked, by, comment)
            if expected_version is not None and getattr(locked, "version", None) != (
                expected_version
            ):
                raise VersionConflict(locked)
            step = Step(transition, by, comment.strip(), data, timezone.now())
            if transition.validate is not None:
                transition.validate(locked, step)
            source = self.state_of(locked)
            changes = {self.state_field: transition.target}
            if transition.stamp is not None:
                changes.update(transition.stamp(locked, step))
            if transition.marks_late and self.late_rule is not None:
                changes[self.late_field] = bool(self.late_rule(locked, step.now))
            if hasattr(locked, "version"):
                changes["version"] = (locked.version or 0) + 1
            if hasattr(locked, "updated_at"):
                changes["updated_at"] = step.now
            for key, value in changes.items():
                setattr(locked, key, value)
            locked.save(update_fields=sorted(changes))
            step.event = self.record(
                locked, by=by, name=name, comment=step.comment, from_state=source
            )
            if transition.notify is not None:
                transition.notify(locked, step)
            following = transition.then(locked, step) if transition.then else ""
            if following:
                locked = self.take(locked, following, by=by, comment=comment, **data)
        return locked

    def record(
        self, obj: Any, *, by: Any, name: str, comment: str = "", from_state: str | None = None
    ) -> models.Model:
        """Write one event row; without ``from_state`` a mark that keeps the state ("create",
        "carried over", "publish")."""
        state = self.state_of(obj)
        values = {
            "actor": by,
            "transition": name,
            "from_state": state if from_state is None else from_state,
            "to_state": state,
            "comment": comment,
        }
        return self.event_model._default_manager.create(
            **{self.event_subject_field: obj},
            **{
                self.event_fields[key]: value
                for key, value in values.items()
                if self.event_fields[key] is not None
            },
        )


def unit_people(unit: Any) -> list[Any]:
    """The organisation's steering-group people, active, oldest account first: whom a step on
    the unit's object tells (a registration returned, a report accepted, a follow-up opened)."""
    return list(users_for_action(Action.EDIT, unit))


def tell_unit(
    kind: str,
    title: Any,
    *,
    about: str,
    params: Callable[[Any], dict[str, Any]],
    and_author: bool = False,
) -> Hook:
    """A ``notify`` hook telling the object's unit (and, with ``and_author``, whoever created
    it) that the step was taken: notification kind ``<about>_<kind>``, the title filled from
    ``params(obj)``, the step's comment as the body."""

    def hook(obj: Any, step: Step) -> None:
        from notifications.services import notify

        recipients = unit_people(obj.unit)
        if and_author and obj.created_by_id and obj.created_by not in recipients:
            recipients.append(obj.created_by)
        notify(
            recipients=recipients,
            kind=f"{about}_{kind}",
            title=str(title) % params(obj),
            body=step.comment,
            url=obj.get_absolute_url(),
            dedupe_key=f"{about}:{obj.pk}:{kind}:{step.event.pk}",
        )

    return hook


class AbstractTransitionEvent(models.Model):
    """History row: who took which step, when, from which state to which, and why.

    Concrete models add the foreign key to their subject (named in
    ``Workflow.event_subject_field``) with ``related_name="events"``.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    transition = models.CharField(_("step"), max_length=40)
    from_state = models.CharField(_("from"), max_length=30, blank=True)
    to_state = models.CharField(_("to"), max_length=30)
    comment = models.TextField(_("comment"), blank=True)

    # The subject's status choices (a TextChoices class), set by each concrete model so that a
    # history line reads in words, never in state codes.
    STATE_CHOICES: Any = None

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.transition}: {self.from_state} → {self.to_state}"

    def _state_label(self, code: str) -> str:
        labels = dict(self.STATE_CHOICES.choices) if self.STATE_CHOICES is not None else {}
        return str(labels.get(code, code))

    @property
    def from_label(self) -> str:
        return self._state_label(self.from_state) if self.from_state else ""

    @property
    def to_label(self) -> str:
        return self._state_label(self.to_state)

    @property
    def change_text(self) -> str:
        """ "Draft → Submitted"; the first entry (there was no state before) reads "Submitted"
        alone, not " → Submitted"; a mark that keeps the state reads nothing."""
        if self.from_state == self.to_state:
            return ""
        if not self.from_state:
            return self.to_label
        return f"{self.from_label} → {self.to_label}"
