from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from units.admin_scoping import unit_of
from units.scoping import Action, get_scope

from .history import history_entries
from .registry import TRACKED


@require_GET
def history(request, kind: str, pk: int):
    """One object's change history, for whoever may see the object; otherwise a 404, as for an
    object that does not exist."""
    tracked = TRACKED.get(kind)
    if tracked is None:
        raise Http404
    readers = tracked.readers(request.user)
    lookup = getattr(readers, "scope_unit_lookup", None)
    if lookup:
        readers = readers.select_related(lookup)
    try:
        obj = readers.get(pk=pk)
    except readers.model.DoesNotExist as exc:
        raise Http404 from exc
    # The documents register is not unit-scoped; its history's readers are reviewers anyway.
    show_review_only = lookup is None or get_scope(request.user).allows(
        Action.REVIEW, unit_of(obj, lookup)
    )
    entries = history_entries(obj, tracked, show_review_only=show_review_only)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/history.html",
        {"object": obj, "verbose_name": obj._meta.verbose_name, "page": page},
    )
