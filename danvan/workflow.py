"""A small, reusable state machine: a transition table plus one ``apply_transition``.

An app declares its states as ``TextChoices`` and a :class:`Workflow` listing
:class:`Transition` rows (from-states, to-state, the scoping action a user needs, whether a
comment is required). Each service function of the app then calls :func:`apply_transition`,
which:

1. locks the row (``select_for_update``) so concurrent requests queue up behind each other;
2. checks the current state, the user's right (``get_scope(user).allows(action, obj.unit)``),
   the optimistic-locking version and the comment;
3. runs the app's validators and field updates, bumps ``version`` and saves with
   ``update_fields``;
4. writes one event row (who, when, from, to, comment) through the app's event model;
5. registers side effects with ``transaction.on_commit``.

Registrations use it (``models_registry/workflow.py``); periodic reports are meant to as well.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.scoping import Action, get_scope


class TransitionRefused(Exception):
    """The step is not allowed now (state) or for this person (role). Views answer 403."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class VersionConflict(Exception):
    """Someone else saved the object after this person loaded it (optimistic locking)."""

    def __init__(self, current: Any):
        super().__init__("version conflict")
        self.current = current


@dataclass(frozen=True)
class Transition:
    """One row of a transition table."""

    name: str
    sources: frozenset[str]
    target: str
    action: Action
    label: Any  # lazy translated text shown on the button
    comment_required: bool = False
    marks_late: bool = False  # evaluate the workflow's late rule when taking this step
    style: str = "primary"  # Bootstrap colour of the button
    confirm: Any = ""  # optional confirmation prompt


DEFAULT_MESSAGES = {
    "unknown": _("This step does not exist."),
    "state": _("“%(step)s” is not possible while the status is “%(state)s”."),
    "role": _("Your role does not allow “%(step)s”."),
    "comment": _("Please give a reason for “%(step)s”."),
}


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
    by_name: dict[str, Transition] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {t.name: t for t in self.transitions}
        self.messages = {**DEFAULT_MESSAGES, **self.messages}

    def get(self, name: str) -> Transition:
        try:
            return self.by_name[name]
        except KeyError as exc:
            raise TransitionRefused(str(self.messages["unknown"])) from exc

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
                str(self.messages["state"]) % {"step": transition.label, "state": label}
            )
        if not get_scope(user).allows(transition.action, getattr(obj, self.unit_attr)):
            raise TransitionRefused(str(self.messages["role"]) % {"step": transition.label})
        if transition.comment_required and not (comment or "").strip():
            raise TransitionRefused(str(self.messages["comment"]) % {"step": transition.label})


def available_transitions(workflow: Workflow, obj: Any, user: Any) -> list[Transition]:
    return workflow.available(obj, user)


def apply_transition(
    workflow: Workflow,
    *,
    obj: Any,
    name: str,
    by: Any,
    comment: str = "",
    expected_version: int | None = None,
    validate: Callable[[Any], None] | None = None,
    changes: dict[str, Any] | None = None,
    on_commit: Iterable[Callable[[], None]] = (),
    after: Callable[[Any, Any], None] | None = None,
) -> Any:
    """Take step ``name`` on ``obj`` for user ``by``; returns the fresh, saved object.

    ``validate(locked_obj)`` may raise ``ValidationError`` (e.g. incomplete form);
    ``changes`` are extra field values saved with the state (e.g. a decision number);
    ``after(locked_obj, event)`` runs inside the transaction (e.g. write notifications);
    ``on_commit`` callables run after commit (e.g. enqueue a task).
    """
    transition = workflow.get(name)
    model = type(obj)
    with transaction.atomic():
        locked = (
            model._default_manager.select_for_update(of=("self",))
            .select_related(workflow.unit_attr)
            .get(pk=obj.pk)
        )
        workflow.check(transition, locked, by, comment)
        if expected_version is not None and getattr(locked, "version", None) != expected_version:
            raise VersionConflict(locked)
        if validate is not None:
            validate(locked)
        now = timezone.now()
        source = workflow.state_of(locked)
        update_fields = {workflow.state_field}
        setattr(locked, workflow.state_field, transition.target)
        for key, value in (changes or {}).items():
            setattr(locked, key, value)
            update_fields.add(key)
        if transition.marks_late and workflow.late_rule is not None:
            setattr(locked, workflow.late_field, bool(workflow.late_rule(locked, now)))
            update_fields.add(workflow.late_field)
        if hasattr(locked, "version"):
            locked.version = (locked.version or 0) + 1
            update_fields.add("version")
        for stamp in ("updated_at",):
            if hasattr(locked, stamp):
                setattr(locked, stamp, now)
                update_fields.add(stamp)
        locked.save(update_fields=sorted(update_fields))
        event = workflow.event_model._default_manager.create(
            **{workflow.event_subject_field: locked},
            actor=by,
            transition=transition.name,
            from_state=source,
            to_state=transition.target,
            comment=(comment or "").strip(),
        )
        if after is not None:
            after(locked, event)
        for callback in on_commit:
            transaction.on_commit(callback)
    return locked


def record_event(
    workflow: Workflow, *, obj: Any, by: Any, name: str, comment: str = ""
) -> models.Model:
    """An event that does not change the state (a mark such as "carried over")."""
    state = workflow.state_of(obj)
    return workflow.event_model._default_manager.create(
        **{workflow.event_subject_field: obj},
        actor=by,
        transition=name,
        from_state=state,
        to_state=state,
        comment=comment,
    )


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

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.transition}: {self.from_state} → {self.to_state}"


def validation_messages(error: ValidationError) -> list[str]:
    """Flatten a ValidationError into plain sentences for a message box."""
    if hasattr(error, "message_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return list(error.messages)
