"""Django admin for the unit tree, people and their roles, with import from Excel/CSV.

Every changelist of a unit-scoped model goes through ``ScopedAdminMixin``: a non-superuser sees
what their roles let them see and changes only where they may manage (the standing office).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history
from treebeard.admin import TreeAdmin
from treebeard.forms import MoveNodeForm, movenodeform_factory

from audit.admin import ScopedHistoryAdmin
from danvan.admin import ProjectAdmin
from danvan.excel import xlsx_response

from .admin_scoping import (
    FoldedSearchMixin,
    KnownIdsAutocompleteSelect,
    ScopedAdminMixin,
    ScopedInlineMixin,
)
from .imports import (
    PEOPLE_COLUMNS,
    UNIT_COLUMNS,
    ImportFileError,
    import_people,
    import_units,
    people_manageable,
)
from .models import (
    MassOrganisation,
    Membership,
    Role,
    Unit,
    UnitType,
    User,
    parent_path,
    role_allowed_on,
)
from .scoping import Action, get_scope
from .services import unit_deactivate


def _may_manage_somewhere(request) -> bool:
    user = request.user
    return user.is_active and user.is_staff and get_scope(user).can_anywhere(Action.MANAGE)


@admin.register(UnitType)
class UnitTypeAdmin(ProjectAdmin):
    list_display = ["name", "code", "order", "is_grassroots", "acts_for_parent"]
    list_editable = ["order"]
    search_fields = ["name", "code"]


@admin.register(MassOrganisation)
class MassOrganisationAdmin(ProjectAdmin):
    list_display = ["name", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "code"]


# ---------------------------------------------------------------------------------------------
# Import from a file (units and people share the page)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        help_text=_("The first row holds the column headers; nothing is saved if any row is bad."),
    )


class ImportAdminMixin:
    importer = None  # a function (*, file, by) -> ImportResult
    import_columns = ()
    import_template_name = ""

    def import_code_lists(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The codes a file may use, shown on the import page: (title, [(code, name)])."""
        return []

    def has_import_permission(self, request) -> bool:
        return request.user.is_superuser or _may_manage_somewhere(request)

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            path(
                "import/template.xlsx",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def import_template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        headers = [c.header for c in self.import_columns]
        return xlsx_response(self.import_template_name, sheets=[("Import", headers, [])])

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        result = None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = type(self).importer(file=form.cleaned_data["file"], by=request.user)
            except ImportFileError as exc:
                form.add_error("file", str(exc))
            else:
                if result.ok:
                    self.message_user(
                        request,
                        gettext(
                            "Import finished: %(created)d created, %(updated)d updated, "
                            "%(roles)d roles added."
                        )
                        % {
                            "created": result.created,
                            "updated": result.updated,
                            "roles": result.roles_added,
                        },
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                    )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import %(things)s from a file")
            % {"things": opts.verbose_name_plural},
            "opts": opts,
            "form": form,
            "result": result,
            "columns": self.import_columns,
            "template_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_import_template"),
            "code_lists": self.import_code_lists(),
        }
        return TemplateResponse(request, "admin/units/import.html", context)


# ---------------------------------------------------------------------------------------------
# Units


class MembershipForm(forms.ModelForm):
    """A role must fit the unit: group roles on a steering group, reviewers elsewhere. Nobody but
    a superuser gives a role to, or changes a role of, themselves (separation of duties: a
    standing office cannot make itself leader of a group it reviews)."""

    acting_user = None  # set per request by the admin (``with_acting_user``)

    class Meta:
        model = Membership
        fields = [
            "user",
            "unit",
            "role",
            "mass_organisation",
            "title",
            "is_active",
            "started_on",
            "ended_on",
        ]

    def clean(self):
        cleaned = super().clean()
        acting = self.acting_user
        holder_id = getattr(cleaned.get("user"), "pk", None) or self.instance.user_id
        if acting is not None and not acting.is_superuser and holder_id == acting.pk:
            raise forms.ValidationError(
                gettext(
                    "You cannot give yourself a role or change your own: another standing "
                    "office or an administrator does it."
                )
            )
        unit = cleaned.get("unit") or getattr(self.instance, "unit", None)
        role = cleaned.get("role")
        if unit is not None and role and not role_allowed_on(role, unit.unit_type):
            self.add_error(
                "role",
                gettext("The role “%(role)s” cannot be held on a unit of type “%(type)s”.")
                % {"role": Role(role).label, "type": unit.unit_type},
            )
        return cleaned


def with_acting_user(form_class, user):
    return type(form_class.__name__, (form_class,), {"acting_user": user})


class MembershipInline(ScopedInlineMixin, admin.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 0
    autocomplete_fields = ["user", "unit"]
    fields = ["user", "unit", "role", "mass_organisation", "title", "is_active", "started_on"]

    # The most role rows one unit's or person's page takes. Without it Django accepts up to
    # max_num + 1,000: a posted TOTAL_FORMS of 10**40 drew 2,000 rows (12 MB, 39 s).
    max_num = absolute_max = 100

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", self.absolute_max)
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = with_acting_user(formset.form, request.user)
        return formset


class UnitForm(MoveNodeForm):
    """treebeard's form, but the parent is picked by autocomplete: a ``<select>`` of the whole
    tree (58,000 options at national scale) made the change page unusable."""

    treebeard_ref_node = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=_("Relative to"),
        # A posted value that is no id is left out when the refused form is shown again.
        widget=KnownIdsAutocompleteSelect(Membership._meta.get_field("unit"), admin.site),
    )
    POSITIONS = (("last-child", _("Child of")), ("left", _("Before")), ("right", _("After")))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["treebeard_position"].choices = self.POSITIONS

    def _get_initial(self, instance):
        return {
            "treebeard_ref_node": Unit.objects.get_parent(instance),
            "treebeard_position": "last-child",
        }

    def _set_ref_model_queryset(self, opts, instance):
        queryset = Unit.objects.all()
        if instance is not None and instance.pk:
            queryset = queryset.exclude(path__startswith=instance.path)
        self.fields["treebeard_ref_node"].queryset = queryset


def _new_parent(ref: Unit | None, position: str) -> Unit | None:
    if ref is None or position == "last-child":
        return ref
    return Unit.objects.get_parent(ref)


class DeactivateInsteadMixin:
    """A unit with history is never deleted: the admin says why and offers to deactivate it."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = list(protected)
        for unit in objs:
            below = Unit.objects.filter(path__startswith=unit.path, depth__gt=unit.depth).count()
            if below:
                protected.append(
                    ngettext(
                        "%(count)d unit under “%(unit)s”",
                        "%(count)d units under “%(unit)s”",
                        below,
                    )
                    % {"count": below, "unit": unit}
                )
        return deleted, counts, perms_needed, protected

    def deactivate_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        opts = self.model._meta
        unit = self.get_object(request, object_id)
        if unit is None:
            return self._get_obj_does_not_exist_redirect(request, opts, object_id)
        if not self.has_change_permission(request, unit):
            raise PermissionDenied
        count = unit_deactivate(unit=unit)
        self.message_user(
            request,
            ngettext("%(count)d unit deactivated.", "%(count)d units deactivated.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[unit.pk])
        )


@admin.register(Unit)
class UnitAdmin(
    ImportAdminMixin,
    DeactivateInsteadMixin,
    FoldedSearchMixin,
    ScopedAdminMixin,
    ScopedHistoryAdmin,
    TreeAdmin,
):
    form = movenodeform_factory(
        Unit,
        form=UnitForm,
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
    change_list_template = "admin/units/unit/tree_change_list.html"
    list_display = ["name", "short_code", "unit_type", "parent_name", "is_active"]
    list_filter = ["unit_type", "is_active", "depth"]
    list_select_related = ["unit_type"]
    search_fields = ["search_text"]
    search_help_text = _("Accents may be left out: “so tai chinh” finds “Sở Tài chính”.")
    show_full_result_count = False
    inlines = [MembershipInline]
    actions = ["deactivate"]
    importer = import_units
    import_columns = UNIT_COLUMNS
    import_template_name = "mau-nhap-don-vi.xlsx"

    def import_code_lists(self):
        types = [(t.code, t.name) for t in UnitType.objects.all()]
        return [(gettext("Unit types"), types)]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/deactivate/",
                self.admin_site.admin_view(self.deactivate_view),
                name="units_unit_deactivate",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if (
            not request.user.is_superuser
            and getattr(request, "_treebeard_parent_id", "") is None
            and not getattr(request, "_ignore_treebeard_filters", False)
            and not self.is_filtered(request)
        ):
            # A scoped user's tree starts at the top of what they may see, not at the roots.
            queryset = Unit.objects.filter(path__in=get_scope(request.user).roots(Action.VIEW))
        parent = Unit.objects.filter(path=parent_path(OuterRef("path")))
        return queryset.annotate(parent_name=Subquery(parent.values("name")[:1]))

    @admin.display(description=_("under"))
    def parent_name(self, unit):
        return getattr(unit, "parent_name", None) or "—"

    def children_view(self, request, parent_id):
        try:
            visible = self.get_queryset(request).filter(pk=parent_id).exists()
        except (ValueError, TypeError):
            visible = False
        if not visible:
            raise Http404
        return super().children_view(request, parent_id)

    def move_node(self, request):
        """Drag and drop in the tree: a scoped user may move a unit they manage only to a place
        they manage (treebeard checks the node, not where it goes)."""
        if not request.user.is_superuser:
            scope = get_scope(request.user)
            try:
                node = Unit.objects.get(pk=request.POST.get("node"))
                target = Unit.objects.get(pk=request.POST.get("target"))
            except (Unit.DoesNotExist, ValueError, TypeError) as exc:
                raise Http404 from exc
            relation = "last-child" if request.POST.get("relation") == "child" else "left"
            if not (
                scope.allows(Action.MANAGE, node)
                and scope.allows(Action.MANAGE, _new_parent(target, relation))
            ):
                raise PermissionDenied
        return super().move_node(request)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if request.user.is_superuser:
            return form
        managed = Unit.objects.for_action(request.user, Action.MANAGE)
        current_parent = Unit.objects.get_parent(obj) if obj is not None else None

        class ScopedUnitForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                field = self.fields["treebeard_ref_node"]
                field.required = True
                allowed = managed
                if current_parent is not None:
                    allowed = Unit.objects.filter(pk=current_parent.pk) | managed
                field.queryset = field.queryset & allowed

            def clean(self):
                cleaned = super().clean()
                moved = {"treebeard_ref_node", "treebeard_position"} & set(self.changed_data)
                ref = cleaned.get("treebeard_ref_node")
                position = cleaned.get("treebeard_position", "last-child")
                if (moved or obj is None) and ref is not None:
                    parent = _new_parent(ref, position)
                    if not get_scope(request.user).allows(Action.MANAGE, parent):
                        self.add_error(
                            "treebeard_ref_node",
                            gettext("Choose a place inside the part of the tree you manage."),
                        )
                return cleaned

        return ScopedUnitForm

    @admin.action(description=_("Deactivate selected units and everything under them"))
    def deactivate(self, request, queryset):
        count = sum(
            unit_deactivate(unit=unit)
            for unit in queryset
            if self.has_change_permission(request, unit)
        )
        self.message_user(
            request,
            ngettext("%(count)d unit deactivated.", "%(count)d units deactivated.", count)
            % {"count": count},
            messages.SUCCESS,
        )


# ---------------------------------------------------------------------------------------------
# People


@admin.register(User)
class PersonAdmin(ImportAdminMixin, FoldedSearchMixin, ScopedHistoryAdmin, UserAdmin):
    list_display = ["username", "full_name", "email", "phone", "position", "is_active"]
    list_filter = ["is_active", "is_staff", "is_superuser", "memberships__role"]
    search_fields = ["search_text"]
    search_help_text = _("Name, username or e-mail; accents may be left out.")
    ordering = ["full_name"]
    show_full_result_count = False
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
    actions = ["deactivate_people"]
    importer = import_people
    import_columns = PEOPLE_COLUMNS
    import_template_name = "mau-nhap-nguoi-dung.xlsx"

    def import_code_lists(self):
        roles = [(str(value), str(label)) for value, label in Role.choices]
        orgs = [(o.code, o.name) for o in MassOrganisation.objects.filter(is_active=True)]
        return [(gettext("Roles"), roles), (gettext("Mass organisations"), orgs)]

    @admin.action(description=_("Deactivate the selected people (their sessions end)"))
    def deactivate_people(self, request, queryset):
        people = [
            person
            for person in queryset
            if person.is_active
            and person.pk != request.user.pk
            and self.has_change_permission(request, person)
        ]
        for person in people:
            person.is_active = False
        # One UPDATE with a history row each; UserQuerySet.update ends their sessions.
        bulk_update_with_history(people, User, ["is_active"], default_user=request.user)
        self.message_user(
            request,
            ngettext("%(count)d person deactivated.", "%(count)d people deactivated.", len(people))
            % {"count": len(people)},
            messages.SUCCESS,
        )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # People are visible when they hold a role somewhere the admin user can see.
        visible = Membership.objects.visible_to(request.user).values("user")
        return queryset.filter(pk__in=visible)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        # Only a superuser hands out admin powers.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f in _PLAIN_FIELDS]})
            for name, opts in fieldsets
            if any(f in _PLAIN_FIELDS for f in opts["fields"])
        ]

    def has_module_permission(self, request):
        if request.user.is_superuser:
            return super().has_module_permission(request)
        return request.user.is_staff and get_scope(request.user).can_anywhere(Action.VIEW)

    def has_view_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_view_permission(request, obj)
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_change_permission(request, obj)
        if obj is None:
            return _may_manage_somewhere(request)
        return _may_manage_somewhere(request) and obj.pk in people_manageable(request.user, [obj])

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request):
        # Others add people through the import, which gives each a role they can see.
        return request.user.is_superuser and super().has_add_permission(request)


_PLAIN_FIELDS = {
    "username",
    "password",
    "full_name",
    "position",
    "email",
    "phone",
    "is_active",
    "last_login",
    "date_joined",
}


@admin.register(Membership)
class MembershipAdmin(FoldedSearchMixin, ScopedAdminMixin, ScopedHistoryAdmin):
    form = MembershipForm
    list_display = ["user", "role", "unit", "mass_organisation", "title", "is_active"]
    list_filter = ["role", "mass_organisation", "is_active", "unit__unit_type"]
    search_fields = ["user__search_text", "unit__search_text"]
    search_help_text = _("Person or unit; accents may be left out.")
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit", "mass_organisation"]
    show_full_result_count = False
    actions = ["end_memberships"]

    def get_form(self, request, obj=None, **kwargs):
        return with_acting_user(super().get_form(request, obj, **kwargs), request.user)

    def has_change_permission(self, request, obj=None):
        # One's own role is changed (or ended) by someone else.
        if obj is not None and obj.user_id == request.user.pk and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    @admin.action(description=_("End the selected roles (keep them as history)"))
    def end_memberships(self, request, queryset):
        today = timezone.localdate()
        ended = [
            m.pk
            for m in queryset.select_related("unit")
            if m.is_active and self.has_change_permission(request, m)
        ]
        Membership.objects.filter(pk__in=ended).update(is_active=False, ended_on=today)
        self.message_user(
            request,
            ngettext("%(count)d role ended.", "%(count)d roles ended.", len(ended))
            % {"count": len(ended)},
            messages.SUCCESS,
        )
