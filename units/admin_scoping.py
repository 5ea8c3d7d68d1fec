"""Admin changelists go through the same scoping mechanism as every other page.

For a superuser nothing changes. For other staff (``is_staff`` opens the admin), what they may
see and do on a unit-scoped model comes from their roles (``units.scoping.ROLE_ACTIONS``), not
from Django's per-model permissions, which know nothing about the tree:

* listed and viewable: objects whose unit lies in their ``VIEW`` scope (``visible_to``);
* added, changed, deleted: only where their scope allows ``MANAGE`` (the standing office);
* every foreign key, many-to-many and raw-id field (of the model and of its inlines) offers, and
  accepts, only what the user may see (``scoped_choices``): units they manage, people holding a
  role they can see, unit-scoped rows visible to them, and reference lists (unit types, mass
  organisations, fields…) whole. A model of any other kind gets no choices until it is given a
  rule here; ``tests/units/test_admin_related_choices.py`` fails for such a field. A raw-id
  field's label shows a posted id's name only when the id is one of those choices.

An object outside the user's scope is simply absent from ``get_queryset``: its change URL
answers like a missing object (the admin redirects with "doesn't exist"), never with its data.
"""

from django.contrib.admin.widgets import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    ForeignKeyRawIdWidget,
    ManyToManyRawIdWidget,
)
from django.db import models

from danvan.admin import ProjectAdminMixin
from danvan.text import fold

from .scoping import Action, UnitScopedQuerySet, get_scope


def unit_of(obj, lookup: str):
    """Follow ``scope_unit_lookup`` (e.g. ``"registration__unit"``) from ``obj`` to its unit."""
    for part in filter(None, lookup.split("__")):
        obj = getattr(obj, part, None)
    return obj


def _is_staff(request) -> bool:
    return request.user.is_active and request.user.is_staff


def is_reference_list(model) -> bool:
    """Lists every unit reads alike (unit types, mass organisations, fields, award forms,
    question categories): offered whole."""
    from danvan.models import ConfigurableList

    from .models import UnitType

    return issubclass(model, ConfigurableList | UnitType)


def scoped_choices(model, user) -> models.QuerySet | None:
    """What a non-superuser may pick for a relation to ``model`` in the admin."""
    from .models import Membership, Unit, User

    queryset = model._default_manager.all()
    if model is Unit:
        return Unit.objects.for_action(user, Action.MANAGE)
    if model is User:
        # People who hold a role the user can see; never a superuser (not theirs to attach).
        visible = Membership.objects.visible_to(user).values("user")
        return User.objects.filter(pk__in=visible, is_superuser=False)
    if isinstance(queryset, UnitScopedQuerySet):
        return queryset.visible_to(user)
    if is_reference_list(model):
        return queryset
    return queryset.none()  # fail closed: a new kind of relation needs a rule above


class _ScopedRawIdLabel:
    """A raw-id widget that names a posted id only when the user may pick it (else a bloc's
    registration name would show beside any id typed in)."""

    choices_queryset: models.QuerySet

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        values = value if isinstance(value, list | tuple) else [value]
        try:
            allowed = self.choices_queryset.filter(**{f"{key}__in": values}).count()
        except (ValueError, TypeError):
            return "", ""
        if allowed != len(set(values)):
            return "", ""
        return super().label_and_url_for_value(value)


class ScopedForeignKeyRawIdWidget(_ScopedRawIdLabel, ForeignKeyRawIdWidget):
    pass


class ScopedManyToManyRawIdWidget(_ScopedRawIdLabel, ManyToManyRawIdWidget):
    pass


class _KnownIdsOnly:
    """An autocomplete that shows a refused form again without a 500: Django looks the posted
    value up as it came (``user=":"`` raised ValueError in the query); a value that cannot be an
    id is left out, and the field's own error ("Select a valid choice") tells the user."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key = getattr(remote, "field_name", None) or self.field.model._meta.pk.attname
        target = remote.model._meta.get_field(key)
        kept = []
        for item in value:
            try:
                target.get_prep_value(item)
            except (TypeError, ValueError):
                continue
            kept.append(item)
        return super().optgroups(name, kept, attr)


class KnownIdsAutocompleteSelect(_KnownIdsOnly, AutocompleteSelect):
    pass


class KnownIdsAutocompleteSelectMultiple(_KnownIdsOnly, AutocompleteSelectMultiple):
    pass


def _known_ids_only(formfield):
    widget = getattr(formfield, "widget", None)
    if type(widget) is AutocompleteSelect:
        widget.__class__ = KnownIdsAutocompleteSelect
    elif type(widget) is AutocompleteSelectMultiple:
        widget.__class__ = KnownIdsAutocompleteSelectMultiple
    return formfield


def _scope_raw_id(formfield, queryset):
    widget = getattr(formfield, "widget", None)
    if type(widget) is ForeignKeyRawIdWidget:
        widget.__class__ = ScopedForeignKeyRawIdWidget
    elif type(widget) is ManyToManyRawIdWidget:
        widget.__class__ = ScopedManyToManyRawIdWidget
    if isinstance(widget, _ScopedRawIdLabel):
        widget.choices_queryset = queryset
    return formfield


class ScopedChoicesMixin:
    """Restrict every relation field of a ModelAdmin or inline to ``scoped_choices``."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = None
        if not request.user.is_superuser:
            queryset = kwargs["queryset"] = scoped_choices(
                db_field.remote_field.model, request.user
            )
        formfield = _known_ids_only(super().formfield_for_foreignkey(db_field, request, **kwargs))
        return formfield if queryset is None else _scope_raw_id(formfield, queryset)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = None
        if not request.user.is_superuser:
            queryset = kwargs["queryset"] = scoped_choices(
                db_field.remote_field.model, request.user
            )
        formfield = _known_ids_only(super().formfield_for_manytomany(db_field, request, **kwargs))
        return formfield if queryset is None else _scope_raw_id(formfield, queryset)


class ScopedAdminMixin(ProjectAdminMixin, ScopedChoicesMixin):
    """A ModelAdmin of a unit-scoped model (its queryset is a ``UnitScopedQuerySet``)."""

    def get_inline_instances(self, request, obj=None):
        # An inline's relation fields are built by the inline, not by this admin: give every
        # inline the same restriction.
        instances = super().get_inline_instances(request, obj)
        for inline in instances:
            if not isinstance(inline, ScopedChoicesMixin):
                inline.__class__ = type(
                    f"Scoped{type(inline).__name__}", (ScopedChoicesMixin, type(inline)), {}
                )
        return instances

    def _scope_lookup(self) -> str:
        return self.model._default_manager.get_queryset().scope_unit_lookup

    def _unit_of(self, obj):
        return unit_of(obj, self._scope_lookup())

    def _allows(self, request, action: Action, obj=None) -> bool:
        if not _is_staff(request):
            return False
        scope = get_scope(request.user)
        if obj is None:
            return scope.can_anywhere(action)
        return scope.allows(action, self._unit_of(obj))

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.visible_to(request.user)

    def has_module_permission(self, request):
        if request.user.is_superuser:
            return super().has_module_permission(request)
        return self._allows(request, Action.VIEW)

    def has_view_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_view_permission(request, obj)
        return self._allows(request, Action.VIEW, obj)

    def has_add_permission(self, request, *args):
        if request.user.is_superuser:
            return super().has_add_permission(request, *args)
        return self._allows(request, Action.MANAGE)

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_change_permission(request, obj)
        return self._allows(request, Action.MANAGE, obj)

    def has_delete_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_delete_permission(request, obj)
        return self._allows(request, Action.MANAGE, obj)


class ScopedInlineMixin(ScopedAdminMixin):
    """An inline of a unit-scoped model: rows outside the user's view scope are not shown, and
    the inline may be edited only where the user manages the parent object's unit."""

    def _parent_allows(self, request, action: Action, obj) -> bool:
        from .models import Unit

        if not _is_staff(request):
            return False
        scope = get_scope(request.user)
        if isinstance(obj, Unit):
            return scope.allows(action, obj)
        return scope.can_anywhere(action)

    def has_view_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_view_permission(request, obj)
        return self._parent_allows(request, Action.VIEW, obj)

    def has_add_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_add_permission(request, obj)
        return self._parent_allows(request, Action.MANAGE, obj)

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_change_permission(request, obj)
        return self._parent_allows(request, Action.MANAGE, obj)

    def has_delete_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_delete_permission(request, obj)
        return self._parent_allows(request, Action.MANAGE, obj)


class FoldedSearchMixin:
    """Search the accent-folded ``search_text`` column: "so tai chinh" finds "Sở Tài chính"."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))
