from django.contrib import admin

from audit.admin import ScopedHistoryAdmin
from units.admin_scoping import ScopedAdminMixin

from .models import FoundingDecision, WorkingRegulation


@admin.register(FoundingDecision)
class FoundingDecisionAdmin(ScopedAdminMixin, ScopedHistoryAdmin):
    list_display = ["unit", "number", "decided_on"]
    raw_id_fields = ["unit", "recorded_by"]
    search_fields = ["number", "unit__search_text"]


@admin.register(WorkingRegulation)
class WorkingRegulationAdmin(ScopedAdminMixin, ScopedHistoryAdmin):
    list_display = ["unit", "version", "adopted_on", "decision_number"]
    raw_id_fields = ["unit", "recorded_by"]
    search_fields = ["decision_number", "unit__search_text"]
