from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .admin_scoping import FoldedSearchMixin, ScopedAdminMixin
from .models import MassOrganisation, Membership, Unit, UnitType, User
from .services import unit_deactivate


@admin.register(UnitType)
class UnitTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_grassroots", "acts_for_parent"]
    list_editable = ["order"]
    search_fields = ["name", "code"]


@admin.register(MassOrganisation)
class MassOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "code"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "mass_organisation", "title", "is_active", "started_on", "ended_on"]


@admin.register(Unit)
class UnitAdmin(FoldedSearchMixin, ScopedAdminMixin, TreeAdmin):
    form = movenodeform_factory(
        Unit,
        fields=[
            "name",
            "short_code",
            "unit_type",
            "is_active",
            "head_name",
            "phone",
            "email",
            "address",
        ],
    )
    list_display = ["name", "short_code", "unit_type", "is_active"]
    list_filter = ["unit_type", "is_active", "depth"]
    search_fields = ["search_text"]
    inlines = [MembershipInline]
    actions = ["deactivate"]

    @admin.action(description=_("Deactivate selected units and everything under them"))
    def deactivate(self, request, queryset):
        count = sum(unit_deactivate(unit=unit) for unit in queryset)
        self.message_user(
            request,
            ngettext("%(count)d unit deactivated.", "%(count)d units deactivated.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(User)
class PersonAdmin(FoldedSearchMixin, UserAdmin):
    list_display = ["username", "full_name", "email", "phone", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_superuser", "memberships__role"]
    search_fields = ["search_text"]
    ordering = ["full_name"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "position", "email", "phone")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "password1", "password2"),
            },
        ),
    )
    inlines = [MembershipInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # People are visible when they hold a role somewhere the admin user can see.
        visible = Membership.objects.visible_to(request.user).values("user")
        return queryset.filter(pk__in=visible)


@admin.register(Membership)
class MembershipAdmin(FoldedSearchMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "unit", "mass_organisation", "is_active"]
    list_filter = ["role", "mass_organisation", "is_active"]
    search_fields = ["user__search_text", "unit__search_text"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit", "mass_organisation"]
