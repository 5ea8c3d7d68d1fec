from django.core.paginator import Paginator
from django.shortcuts import render

from .models import Unit
from .scoping import get_object_for, get_scope
from .selectors import (
    count_without_steering_group,
    grassroots_units_visible_to,
    home_units_for,
    leader_of,
    steering_groups_by_parent,
)

PAGE_SIZE = 50


def home(request):
    """One home page, two faces: a member sees their unit, a reviewer sees the bloc."""
    scope = get_scope(request.user)
    own_units = list(home_units_for(request.user)[:20])
    groups = steering_groups_by_parent(own_units)
    context: dict = {
        "own_units": [(unit, groups.get(unit.path)) for unit in own_units],
    }
    if scope.is_reviewer:
        query = request.GET.get("q", "").strip()
        units = grassroots_units_visible_to(request.user).search(query).order_by("path")
        page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
        page_groups = steering_groups_by_parent(page.object_list)
        context.update(
            q=query,
            bloc_page=page,
            bloc_rows=[
                (unit, page_groups.get(unit.path), leader_of(page_groups.get(unit.path)))
                for unit in page.object_list
            ],
            without_group_count=count_without_steering_group(request.user),
        )
        if request.headers.get("HX-Request"):
            return render(request, "units/includes/_bloc_table.html", context)
    return render(request, "units/home.html", context)


def unit_detail(request, pk: int):
    unit = get_object_for(request.user, Unit.objects.select_related("unit_type"), pk=pk)
    group = steering_groups_by_parent([unit]).get(unit.path)
    children = (
        Unit.objects.visible_to(request.user)
        .filter(path__startswith=unit.path, depth=unit.depth + 1)
        .select_related("unit_type")
    )
    ancestors = Unit.objects.visible_to(request.user).filter(
        path__in=[unit.path[:i] for i in range(Unit.steplen, len(unit.path), Unit.steplen)]
    )
    return render(
        request,
        "units/unit_detail.html",
        {"unit": unit, "group": group, "children": children[:200], "ancestors": ancestors},
    )
