from django.contrib import admin

from audit.admin import ScopedHistoryAdmin
from danvan.admin import ProjectAdmin, ProjectTabularInline
from units.admin_scoping import ScopedAdminMixin

from .models import AwardForm, Decision, Quota, Recipient


@admin.register(AwardForm)
class AwardFormAdmin(ProjectAdmin):
    list_display = [
        "name",
        "code",
        "issuer_level",
        "document_format",
        "for_collective",
        "for_individual",
        "order",
    ]
    list_editable = ["order"]
    list_filter = ["issuer_level", "is_active"]


@admin.register(Quota)
class QuotaAdmin(ProjectAdmin):
    list_display = ["campaign", "year", "form", "max_collectives", "max_individuals"]
    list_filter = ["year", "form"]


class RecipientInline(ProjectTabularInline):
    model = Recipient
    extra = 0
    raw_id_fields = ["nominee", "unit"]


@admin.register(Decision)
class DecisionAdmin(ScopedAdminMixin, ScopedHistoryAdmin):
    list_display = ["number", "date", "issuer", "form", "campaign", "year"]
    list_filter = ["form", "year"]
    raw_id_fields = ["unit", "recorded_by"]
    inlines = [RecipientInline]
