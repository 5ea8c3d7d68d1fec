from django.contrib import admin

from audit.admin import ScopedHistoryAdmin
from danvan.admin import ProjectAdmin, ProjectTabularInline
from danvan.pagination import EstimatedCountPaginator
from units.admin_scoping import FoldedSearchMixin, ScopedAdminMixin

from .models import (
    Criterion,
    Field,
    Organisation,
    Registration,
    RegistrationEvent,
    Rubric,
    Target,
)


@admin.register(Field)
class FieldAdmin(ProjectAdmin):
    list_display = ["name", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]


@admin.register(Organisation)
class OrganisationAdmin(ProjectAdmin):
    list_display = ["name", "code", "mass_organisation", "order", "is_active"]
    list_editable = ["order", "is_active"]


class CriterionInline(ProjectTabularInline):
    model = Criterion
    extra = 0


@admin.register(Rubric)
class RubricAdmin(ProjectAdmin):
    list_display = ["name", "campaign", "recognised_from", "outstanding_from"]
    inlines = [CriterionInline]


class TargetInline(ProjectTabularInline):
    model = Target
    extra = 0


class EventInline(ProjectTabularInline):
    model = RegistrationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "transition", "from_state", "to_state", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(ScopedAdminMixin, FoldedSearchMixin, ScopedHistoryAdmin):
    list_display = ["name", "unit", "year", "kind", "status", "is_late"]
    list_filter = ["status", "kind", "level", "year", "is_late", "campaign"]
    search_fields = ["search_text"]
    raw_id_fields = ["unit", "continued_from", "replicated_from", "created_by", "updated_by"]
    readonly_fields = ["status", "version", "submitted_at", "is_late"]
    inlines = [TargetInline, EventInline]
    list_select_related = ["unit"]
    # 150,000 rows at national scale: newest first is served by the primary key (the model's
    # year / unit path / id order sorted the whole table through a join), the page count comes
    # from PostgreSQL's statistics and a filtered list is not counted twice.
    ordering = ["-pk"]
    paginator = EstimatedCountPaginator
    show_full_result_count = False
