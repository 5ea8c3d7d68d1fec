from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit.admin import ScopedHistoryAdmin
from danvan.admin import ProjectAdmin, ProjectTabularInline
from units.admin_scoping import ScopedAdminMixin

from . import services
from .models import (
    Campaign,
    CampaignEvent,
    Deadline,
    DeadlineExtension,
    DirectiveDocument,
    DisseminationSession,
    PropagandaActivity,
    YearPlan,
)


class YearPlanInline(ProjectTabularInline):
    model = YearPlan
    extra = 0


class CampaignEventInline(ProjectTabularInline):
    model = CampaignEvent
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "comment", "by", "at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(ScopedAdminMixin, ScopedHistoryAdmin):
    list_display = ["name", "code", "status", "is_current", "start_date", "end_date", "root_unit"]
    list_filter = ["status", "is_current"]
    search_fields = ["name", "code"]
    raw_id_fields = ["root_unit"]
    readonly_fields = ["status", "is_current"]
    inlines = [YearPlanInline, CampaignEventInline]


class DeadlineExtensionInline(ProjectTabularInline):
    model = DeadlineExtension
    extra = 0
    raw_id_fields = ["unit", "granted_by"]


@admin.register(Deadline)
class DeadlineAdmin(ScopedAdminMixin, ScopedHistoryAdmin):
    list_display = ["title", "campaign", "year", "kind", "due_date", "applies_to", "archived_at"]
    readonly_fields = ["archived_at"]
    actions = ["archive", "restore"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # A deadline carries reminder history (PROTECT): only a superuser may try, and a deadline
        # already reminded about is refused with the list of what it protects.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    list_filter = ["kind", "year", "campaign", ("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["title"]
    raw_id_fields = ["applies_to", "plan"]
    inlines = [DeadlineExtensionInline]

    @admin.action(description=_("Archive the selected deadlines (they stop applying)"))
    def archive(self, request, queryset):
        # One save per deadline, so each archiving is a row in its change history.
        for deadline in queryset:
            services.deadline_archive(deadline=deadline, by=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "%(count)d deadline archived: no more reminders; its history is kept.",
                "%(count)d deadlines archived: no more reminders; their history is kept.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Restore the selected deadlines"))
    def restore(self, request, queryset):
        for deadline in queryset:
            services.deadline_restore(deadline=deadline, by=request.user)
        self.message_user(request, _("Deadlines restored."), messages.SUCCESS)


@admin.register(DirectiveDocument)
class DirectiveDocumentAdmin(ScopedAdminMixin, ProjectAdmin):
    list_display = ["number", "doc_type", "issued_on", "issuer", "owner_unit"]
    list_filter = ["doc_type"]
    search_fields = ["search_text"]
    filter_horizontal = ["campaigns"]
    exclude = ["created_by", "removed_at"]


@admin.register(DisseminationSession)
class DisseminationSessionAdmin(ScopedAdminMixin, ScopedHistoryAdmin):
    list_display = ["title", "unit", "held_on", "participants"]
    list_filter = ["format"]
    raw_id_fields = ["unit", "recorded_by"]
    readonly_fields = ["removed_at"]
    date_hierarchy = "held_on"


@admin.register(PropagandaActivity)
class PropagandaActivityAdmin(ScopedAdminMixin, ScopedHistoryAdmin):
    list_display = ["unit", "mass_organisation", "form", "count", "participants", "held_on"]
    list_filter = ["form", "mass_organisation"]
    raw_id_fields = ["unit", "recorded_by"]
    readonly_fields = ["removed_at"]
    date_hierarchy = "held_on"
