"""Admin changelists go through the same scoping mechanism as every other page.

For a superuser nothing changes. For other staff (``is_staff`` opens the admin), what they may
see and do on a unit-scoped model comes from their roles (``units.scoping.ROLE_ACTIONS``), not
from Django's per-model permissions, which know nothing about the tree:

* listed and viewable: objects whose unit lies in their ``VIEW`` scope (``visible_to``);
* added, changed, deleted: only where their scope allows ``MANAGE`` (the standing office);
* foreign keys to ``Unit`` offer, and accept, only units the user may manage.

An object outside the user's scope is simply absent from ``get_queryset``: its change URL
answers like a missing object (the admin redirects with "doesn't exist"), never with its data.
"""

from danvan.text import fold

from .scoping import Action, get_scope


def unit_of(obj, lookup: str):
    """Follow ``scope_unit_lookup`` (e.g. ``"registration__unit"``) from ``obj`` to its unit."""
    for part in filter(None, lookup.split("__")):
        obj = getattr(obj, part, None)
    return obj


def _is_staff(request) -> bool:
    return request.user.is_active and request.user.is_staff


class ScopedAdminMixin:
    """A ModelAdmin of a unit-scoped model (its queryset is a ``UnitScopedQuerySet``)."""

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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from .models import Unit

        if db_field.remote_field.model is Unit and not request.user.is_superuser:
            kwargs["queryset"] = Unit.objects.for_action(request.user, Action.MANAGE)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
