"""Admin changelists go through the same scoping mechanism as every other page."""

from danvan.text import fold

from .scoping import Action, get_scope


class ScopedAdminMixin:
    """For non-superusers: list only objects in scope; change only where the user may manage."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.visible_to(request.user)

    def _unit_of(self, obj):
        lookup = self.model._default_manager.get_queryset().scope_unit_lookup
        for part in filter(None, lookup.split("__")):
            obj = getattr(obj, part)
        return obj

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or request.user.is_superuser:
            return allowed
        return get_scope(request.user).allows(Action.MANAGE, self._unit_of(obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if not allowed or obj is None or request.user.is_superuser:
            return allowed
        return get_scope(request.user).allows(Action.MANAGE, self._unit_of(obj))


class FoldedSearchMixin:
    """Search the accent-folded ``search_text`` column: "so tai chinh" finds "Sở Tài chính"."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))
