"""Reading filter parameters from a query string: a bad value is ignored, never a server error.

Boards and lists take ``?year=``, ``?unit=``, ``?page=``… from anybody's address bar. A value
that is not a number, a year no campaign can have (``10000`` breaks date arithmetic), an id too
large for the database column or text with a NUL byte (PostgreSQL refuses it) falls back to the
page's default, as if the parameter were absent.
"""

from __future__ import annotations

from typing import Any

# Every campaign year the platform can hold; outside it a year is a typing error.
YEAR_MIN, YEAR_MAX = 2000, 2100
# PostgreSQL's integer columns (ids of this project's tables) end here.
ID_MAX = 2**31 - 1


def int_param(value: Any, *, low: int = 1, high: int = ID_MAX) -> int | None:
    """A whole number in [low, high] from a query-string value, else None."""
    text = str(value or "").strip()
    if not text.isdigit() or not text.isascii() or len(text) > 12:
        return None
    number = int(text)
    return number if low <= number <= high else None


def year_param(value: Any, default: int | None = None) -> int | None:
    """A campaign year (2000–2100) from a query-string value, else ``default``."""
    year = int_param(value, low=YEAR_MIN, high=YEAR_MAX)
    return default if year is None else year


def text_param(value: Any, *, max_length: int = 200) -> str:
    """Search text: stripped, cut to ``max_length``, without NUL bytes."""
    return str(value or "").replace("\x00", "").strip()[:max_length]
