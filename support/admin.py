from django.contrib import admin

from audit.admin import ScopedHistoryAdmin
from danvan.admin import ProjectAdmin
from units.admin_scoping import ScopedAdminMixin

from .models import Question, QuestionCategory, Visit


@admin.register(QuestionCategory)
class QuestionCategoryAdmin(ProjectAdmin):
    """Question categories are data: the standing office adds or retires them here."""

    list_display = ["name", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    prepopulated_fields = {"code": ["name"]}


class ReadOnlyWorkflowAdmin(ScopedAdminMixin, ScopedHistoryAdmin):
    """Visits and questions change only through their workflow (pages, with events and
    notifications): the admin lists and shows them, scoped like every changelist."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Visit)
class VisitAdmin(ReadOnlyWorkflowAdmin):
    list_display = ["unit", "kind", "planned_on", "held_on", "status", "assessment"]
    list_filter = ["kind", "status", "assessment"]
    date_hierarchy = "planned_on"
    search_fields = ["unit__name", "unit__short_code"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyWorkflowAdmin):
    list_display = ["subject", "unit", "category", "status", "created_at"]
    list_filter = ["status", "category"]
    search_fields = ["subject", "search_text", "unit__name"]
