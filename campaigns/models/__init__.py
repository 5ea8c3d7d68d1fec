"""Campaigns app models, split by sub-domain; import them from here (``campaigns.models``)."""

from .activities import (
    DisseminationFormat,
    DisseminationSession,
    PropagandaActivity,
    PropagandaForm,
    UnitActivity,
)
from .campaigns import (
    Campaign,
    CampaignEvent,
    CampaignQuerySet,
    CampaignStatus,
    Deadline,
    DeadlineExtension,
    DeadlineExtensionQuerySet,
    DeadlineKind,
    DeadlineQuerySet,
    YearPlan,
    effective_due_date,
    effective_due_dates,
)
from .documents import DirectiveDocument, DocumentType, private_path

__all__ = [
    "Campaign",
    "CampaignEvent",
    "CampaignQuerySet",
    "CampaignStatus",
    "Deadline",
    "DeadlineExtension",
    "DeadlineExtensionQuerySet",
    "DeadlineKind",
    "DeadlineQuerySet",
    "DirectiveDocument",
    "DisseminationFormat",
    "DisseminationSession",
    "DocumentType",
    "PropagandaActivity",
    "PropagandaForm",
    "UnitActivity",
    "YearPlan",
    "effective_due_date",
    "effective_due_dates",
    "private_path",
]
