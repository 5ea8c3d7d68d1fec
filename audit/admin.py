"""The admin's history pages (django-simple-history) behind the same scoping as its changelists.

``SimpleHistoryAdmin`` on its own would show the history of any object whose id is typed into the
URL (it falls back to the history rows when the object is not in the admin's queryset), and its
"view a past version" page saves a POSTed form even with reverting disabled. Here both pages
answer only for objects the user's changelist holds (else the admin's own "does not exist"
redirect, as for a missing object), and the past-version page is read-only.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from simple_history.admin import SimpleHistoryAdmin

from danvan.admin import ProjectAdminMixin


class ScopedHistoryAdmin(ProjectAdminMixin, SimpleHistoryAdmin):
    """Put after ``ScopedAdminMixin`` in the bases so ``get_queryset`` is the scoped one."""

    def _in_scope(self, request, object_id: str) -> bool:
        if request.user.is_superuser:
            return True
        try:
            return self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, TypeError, ValidationError):
            return False

    def history_view(self, request, object_id, extra_context=None):
        if not self._in_scope(request, object_id):
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        if not self._in_scope(request, object_id):
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)
