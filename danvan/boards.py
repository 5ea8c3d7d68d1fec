"""A board is a declaration, like an admin changelist (issue 13.4).

A reviewers' board lists one annotated queryset of organisations: a "show only" filter, sorts,
the numbers at the top and its columns, each cell a ``Cell`` whose ``value`` goes to Excel and
whose ``text`` goes to the screen. ``Board.view`` does the rest the same way for every board:
the parameters through ``danvan.params`` (a bad value falls back to the default), filter and
sort, the Excel branch over the very rows on screen (what is exported is what is shown:
``Board.export``, streamed or, past a size, an ``exports`` job under ``export_kind``), the page
or its HTMX partial (``includes/_board_table.html``) and the counts over the searched set.

A board subclasses ``Board``, sets the class attributes and writes ``queryset``, ``cells`` and
``year_choices``; see ``steering.boards`` and ``support.boards``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from exports.services import export_download

from .excel import Column, Export, Kind
from .params import text_param, year_param

PAGE_SIZE = 50


@dataclass(frozen=True)
class Cell:
    """One board cell: ``value`` goes to Excel, ``text`` to the screen, ``tone`` picks a badge
    colour (``success``, ``warning``, ``danger``, ``info``) or none. The text equals what Excel
    shows."""

    value: Any
    text: str
    tone: str = ""


def date_cell(value: datetime.date | None) -> Cell:
    # Excel gets the date itself (or an empty cell), the screen its text.
    return Cell(value, date_format(value, "SHORT_DATE_FORMAT") if value else "—")


@dataclass(frozen=True)
class BoardColumn:
    """A column: its header (``%(year)s`` is the board's year), Excel kind and width."""

    header: Any
    kind: Kind = "text"
    width: float | None = None


@dataclass(frozen=True)
class Show:
    """One choice of the "show only" filter."""

    label: Any
    condition: Q


class Board:
    """The plumbing of a reviewers' board; subclasses declare what differs."""

    title: Any  # page heading, table caption and the Excel file's first row
    sheet_title: Any
    filename: str  # with %(year)s
    template: str
    unit_cell: str  # template of the organisation's cell (the second column)
    table_id: str
    export_kind: str  # its name in exports.kinds
    filter_param: str = "show"
    year_label: Any = ""
    show: Mapping[str, Show] = {}
    sorts: Mapping[str, Sequence[str]] = {}
    sort_choices: Sequence[tuple[str, Any]] = ()
    columns: Sequence[BoardColumn] = ()
    counts: Mapping[str, Any] = {}  # name -> aggregate, over the searched set

    def queryset(self, user: Any, *, year: int) -> QuerySet:
        raise NotImplementedError

    def cells(self, row: Any) -> list[Cell]:
        raise NotImplementedError

    def year_choices(self, user: Any, year: int | None) -> tuple[int, list[int]]:
        """The year shown (``year`` is the valid ``?year=`` or None) and the year selector."""
        raise NotImplementedError

    def extra_context(self, counts: dict[str, Any]) -> dict[str, Any]:
        return {}

    # ---------------------------------------------------------------- the shared part

    def headers(self, year: int) -> list[str]:
        return [str(column.header) % {"year": year} for column in self.columns]

    def excel_columns(self, year: int) -> list[Column]:
        return [
            Column(header, column.kind, column.width)
            for header, column in zip(self.headers(year), self.columns, strict=True)
        ]

    def params(self, query: QueryDict, user: Any) -> dict[str, Any]:
        year, years = self.year_choices(user, year_param(query.get("year")))
        show = query.get(self.filter_param, "")
        sort = query.get("sort", "name")
        return {
            "q": text_param(query.get("q")),
            "show": show if show in self.show else "",
            "sort": sort if sort.lstrip("-") in self.sorts else "name",
            "year": year,
            "years": years,
        }

    def ordered(self, queryset: QuerySet, *, show: str, sort: str) -> QuerySet:
        if show in self.show:
            queryset = queryset.filter(self.show[show].condition)
        descending = sort.startswith("-")
        fields = self.sorts.get(sort.lstrip("-"), self.sorts["name"])
        return queryset.order_by(
            *(
                F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True)
                for f in fields
            )
        )

    def subtitle(self, params: dict[str, Any]) -> str:
        parts = [_("Year %(year)s") % {"year": params["year"]}]
        if params["show"]:
            parts.append(str(self.show[params["show"]].label))
        if params["q"]:
            parts.append(_("search: %(q)s") % {"q": params["q"]})
        return " · ".join(parts)

    def rows(self, user: Any, params: dict[str, Any]) -> tuple[QuerySet, QuerySet]:
        """The searched set (for the counts) and its rows as shown (filtered, sorted)."""
        base = self.queryset(user, year=params["year"]).search(params["q"])
        return base, self.ordered(base, show=params["show"], sort=params["sort"])

    def export(self, user: Any, query: QueryDict) -> Export:
        """The Excel file of the rows on screen, built by the view or by an export job from the
        same user and query string."""
        params = self.params(query, user)
        _base, rows = self.rows(user, params)
        return Export(
            self.filename % {"year": params["year"]},
            title_rows=[str(self.title), self.subtitle(params)],
            sheets=[
                (
                    str(self.sheet_title),
                    self.excel_columns(params["year"]),
                    ([cell.value for cell in self.cells(row)] for row in rows.iterator()),
                )
            ],
            count=rows.count,
        )

    def view(self, request: HttpRequest) -> HttpResponse:
        """One row per organisation the reviewer oversees; the same rows go to Excel."""
        if request.GET.get("format") == "xlsx":
            return export_download(request, self.export_kind)
        params = self.params(request.GET, request.user)
        base, rows = self.rows(request.user, params)
        headers = self.headers(params["year"])
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        counts = base.order_by().aggregate(**self.counts)
        context = {
            **params,
            "board": self,
            "page": page,
            "headers": headers,
            "rows": [(row, self.cells(row)) for row in page.object_list],
            "counts": counts,
            "show_choices": [(value, show.label) for value, show in self.show.items()],
            "sort_choices": list(self.sort_choices),
            "query_string": request.GET.urlencode(),
            **self.extra_context(counts),
        }
        partial = request.headers.get("HX-Request")
        return render(request, "includes/_board_table.html" if partial else self.template, context)
