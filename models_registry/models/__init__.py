"""Registrations of models and exemplars, their history, rubric and scores."""

from .config import Field, Organisation
from .registration import (
    EDITABLE_STATES,
    LIBRARY_STATES,
    REGISTERED_STATES,
    SENT_STATES,
    Attachment,
    AttachmentKind,
    Comment,
    Kind,
    Level,
    Partner,
    ProgressUpdate,
    Registration,
    RegistrationEvent,
    Sex,
    Status,
    Target,
)
from .scoring import Band, Criterion, Rubric, Score, ScoreItem, ScoreKind

__all__ = [
    "EDITABLE_STATES",
    "LIBRARY_STATES",
    "REGISTERED_STATES",
    "SENT_STATES",
    "Attachment",
    "AttachmentKind",
    "Band",
    "Comment",
    "Criterion",
    "Field",
    "Kind",
    "Level",
    "Organisation",
    "Partner",
    "ProgressUpdate",
    "Registration",
    "RegistrationEvent",
    "Rubric",
    "Score",
    "ScoreItem",
    "ScoreKind",
    "Sex",
    "Status",
    "Target",
]
