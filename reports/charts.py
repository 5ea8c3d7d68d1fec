"""Server-rendered SVG charts: no JavaScript, the same markup in a page and in a PDF.

Each function returns safe markup (every text escaped here) with a ``<title>`` and a
``<desc>`` so screen readers announce what the chart shows; pages also show the numbers in a
table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Colours distinguishable in grey print and by colour-blind readers (Okabe–Ito palette).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]


@dataclass
class Series:
    label: Any
    values: Sequence[float | int]
    colour: str = ""


def _fmt(value: float | int) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",")
    return f"{int(value):,}".replace(",", ".")


def stacked_bars(
    *,
    title: Any,
    categories: Sequence[Any],
    series: Sequence[Series],
    width: int = 640,
    bar_height: int = 22,
    label_width: int = 210,
    suffix: str = "",
) -> SafeString:
    """Horizontal stacked bars, one per category (long Vietnamese labels read best this way)."""
    gap = 10
    top = 34
    legend_height = 26
    plot_width = width - label_width - 60
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    largest = max(totals, default=0) or 1
    height = top + len(categories) * (bar_height + gap) + legend_height + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="chart-svg" '
        f'font-family="Danvan Serif, Liberation Serif, Times New Roman, serif" font-size="13">',
        f"<title>{escape(title)}</title>",
        "<desc>"
        + escape(
            "; ".join(
                f"{c}: " + ", ".join(f"{s.label} {_fmt(s.values[i])}" for s in series)
                for i, c in enumerate(categories)
            )
        )
        + "</desc>",
        f'<text x="0" y="18" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    for i, category in enumerate(categories):
        y = top + i * (bar_height + gap)
        text = str(category)
        if len(text) > 34:
            text = text[:33] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" '
            f'text-anchor="end">{escape(text)}</text>'
        )
        x = float(label_width)
        for index, one in enumerate(series):
            value = one.values[i]
            if value <= 0:
                continue
            w = plot_width * value / largest
            colour = one.colour or PALETTE[index % len(PALETTE)]
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" '
                f'fill="{colour}"><title>{escape(category)} – {escape(one.label)}: '
                f"{_fmt(value)}{escape(suffix)}</title></rect>"
            )
            x += w
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + bar_height * 0.7:.1f}">'
            f"{_fmt(totals[i])}{escape(suffix)}</text>"
        )
    legend_y = top + len(categories) * (bar_height + gap) + 6
    x = float(label_width)
    for index, one in enumerate(series):
        colour = one.colour or PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{x:.1f}" y="{legend_y}" width="14" height="14" fill="{colour}"/>'
            f'<text x="{x + 19:.1f}" y="{legend_y + 12}">{escape(one.label)}</text>'
        )
        x += 30 + 7.5 * len(str(one.label))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  # every text above is escaped


def table01_chart(table, *, title: Any) -> SafeString:
    """Registrations by field, stacked by kind (models / collective / individual exemplars)."""
    from .stats import TABLE01_COLUMNS

    labels = {key: label for key, label, _group in TABLE01_COLUMNS}
    rows = table.rows
    return stacked_bars(
        title=title,
        categories=[row.label for row in rows],
        series=[
            Series(labels[key], [row.values[key] for row in rows])
            for key in ("models", "collective", "individual")
        ],
    )
