from django.core.paginator import Paginator
from django.shortcuts import render

from danvan.params import text_param

from .models import Unit
from .scoping import get_object_for, get_scope, path_prefixes
from .selectors import (
    bloc_counts,
    bloc_organisations,
    home_units_for,
    leader_of,
    review_roots_for,
    steering_groups_by_parent,
)

PAGE_SIZE = 50
BLOC_TABLE_ID = "bloc-table"


def home(request):
    """One home page, two faces: a member sees their unit, a reviewer sees the bloc.

    The bloc table answers HTMX requests aimed at it (search as you type, pagination) with the
    table alone; without JavaScript the same form and links reload the whole page.
    """
    context: dict = {}
    if get_scope(request.user).is_reviewer:
        context.update(_bloc_table_context(request))
        if request.headers.get("HX-Target") == BLOC_TABLE_ID:
            return render(request, "units/includes/_bloc_table.html", context)
        context.update(bloc_roots=review_roots_for(request.user), counts=bloc_counts(request.user))
    own_units = list(home_units_for(request.user).order_by("path")[:20])
    groups = steering_groups_by_parent(own_units)
    context.update(
        own_units=[(unit, groups.get(unit.path)) for unit in own_units],
        due_items=[],  # filled by the campaigns app once deadlines have a selector for a user
    )
    return render(request, "units/home.html", context)


def _bloc_table_context(request) -> dict:
    query = text_param(request.GET.get("q"), max_length=100)
    missing_group = request.GET.get("missing") == "1"
    units = bloc_organisations(request.user, query=query, missing_group=missing_group)
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    groups = steering_groups_by_parent(page.object_list)
    return {
        "q": query,
        "missing_group": missing_group,
        "filtered": bool(query or missing_group),
        "bloc_page": page,
        "bloc_rows": [
            (unit, groups.get(unit.path), leader_of(groups.get(unit.path)))
            for unit in page.object_list
        ],
    }


def unit_detail(request, pk: int):
    unit = get_object_for(request.user, Unit.objects.select_related("unit_type"), pk=pk)
    group = steering_groups_by_parent([unit]).get(unit.path)
    children = (
        Unit.objects.visible_to(request.user)
        .filter(path__startswith=unit.path, depth=unit.depth + 1)
        .select_related("unit_type")
    )
    ancestors = Unit.objects.visible_to(request.user).filter(path__in=path_prefixes(unit.path)[:-1])
    return render(
        request,
        "units/unit_detail.html",
        {"unit": unit, "group": group, "children": children[:200], "ancestors": ancestors},
    )
