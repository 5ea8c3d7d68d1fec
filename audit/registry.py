"""Which objects have a "change history" page, and who may read it.

One entry per kind of object named in the URL (``/history/registration/12/``): the model, the
queryset of objects whose history a user may read (the scoping mechanism, so another unit's
object is a 404), and the parts whose history is shown with it (a registration's targets,
partners, files...), found by their foreign key to the object, deleted parts included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Model, QuerySet

from units.scoping import Action


@dataclass(frozen=True)
class Part:
    model: str  # "app_label.ModelName"
    parent: str  # the foreign key to the object the page is about
    name_field: str = ""  # a field of the part that names it on the page, if any

    @property
    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)


@dataclass(frozen=True)
class Tracked:
    model: str
    readers: Callable[[Any], QuerySet]  # user -> the objects whose history they may read
    parts: tuple[Part, ...] = ()
    # Fields whose changes only reviewers of the object's unit see (not the unit itself).
    review_only: tuple[str, ...] = ()

    @property
    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)


def _visible(label: str) -> Callable[[Any], QuerySet]:
    """Objects of a unit-scoped model the user may view: reviewers of the unit's subtree and the
    unit's own people (``units.scoping``)."""

    def readers(user: Any) -> QuerySet:
        return apps.get_model(label)._default_manager.visible_to(user)

    return readers


def _deadline_readers(user: Any) -> QuerySet:
    # Deadlines' own pages belong to the standing office that manages them.
    return apps.get_model("campaigns.Deadline")._default_manager.for_action(user, Action.MANAGE)


def _document_readers(user: Any) -> QuerySet:
    # Each bloc keeps its own register; who edited an entry is for that bloc's reviewers. Removed
    # entries included (the default manager hides them): their history is the record of removal.
    model = apps.get_model("campaigns.DirectiveDocument")
    documents = model._default_manager._queryset_class(model)
    return documents.for_action(user, Action.REVIEW)


def _reviewers(label: str) -> Callable[[Any], QuerySet]:
    """Objects of a bloc (its letterhead, its summary's texts): the bloc's reviewers'."""

    def readers(user: Any) -> QuerySet:
        return apps.get_model(label)._default_manager.for_action(user, Action.REVIEW)

    return readers


TRACKED: dict[str, Tracked] = {
    "registration": Tracked(
        "models_registry.Registration",
        _visible("models_registry.Registration"),
        parts=(
            Part("models_registry.Target", "registration", "name"),
            Part("models_registry.Partner", "registration"),
            Part("models_registry.ProgressUpdate", "registration", "happened_on"),
            Part("models_registry.Attachment", "registration", "title"),
        ),
        # Scores have their own page sections with their own rules; the average is reviewers'.
        review_only=("final_score",),
    ),
    "report": Tracked("reports.PeriodicReport", _visible("reports.PeriodicReport")),
    "proposal": Tracked(
        "awards.Proposal",
        _visible("awards.Proposal"),
        parts=(Part("awards.Nominee", "proposal", "name"),),
    ),
    "decision": Tracked(
        "awards.Decision",
        _visible("awards.Decision"),
        parts=(Part("awards.Recipient", "decision", "name"),),
    ),
    "visit": Tracked(
        "support.Visit",
        _visible("support.Visit"),
        parts=(Part("support.FollowUp", "visit", "action"),),
    ),
    "question": Tracked("support.Question", _visible("support.Question")),
    "campaign": Tracked(
        "campaigns.Campaign",
        _visible("campaigns.Campaign"),
        parts=(
            Part("campaigns.YearPlan", "campaign", "title"),
            Part("awards.Quota", "campaign", "year"),
        ),
    ),
    "deadline": Tracked(
        "campaigns.Deadline",
        _deadline_readers,
        parts=(Part("campaigns.DeadlineExtension", "deadline"),),
    ),
    "document": Tracked("campaigns.DirectiveDocument", _document_readers),
    "session": Tracked(
        "campaigns.DisseminationSession", _visible("campaigns.DisseminationSession")
    ),
    "founding-decision": Tracked(
        "steering.FoundingDecision", _visible("steering.FoundingDecision")
    ),
    "regulation": Tracked("steering.WorkingRegulation", _visible("steering.WorkingRegulation")),
    "letterhead": Tracked("reports.BlocLetterhead", _reviewers("reports.BlocLetterhead")),
    "summary-text": Tracked("reports.SummaryText", _reviewers("reports.SummaryText")),
}
