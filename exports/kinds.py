"""The lists whose Excel export may become a background job, by name.

Each is a function ``(user, params) -> danvan.excel.Export`` next to the list's view (a board's
``Board.export``, ``danvan.boards``); the view streams it below the size threshold, the worker
builds it again from the job (same user, same query string, so the same scope and filters).
Imported when used: the apps build on ``exports``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import QueryDict

from danvan.excel import Export

Builder = Callable[[Any, QueryDict], Export]


def builders() -> dict[str, Builder]:
    from awards import views as awards_views
    from models_registry import views as registry_views
    from steering.boards import SETUP_BOARD
    from support.boards import COVERAGE_BOARD

    return {
        "registrations.queue": registry_views.queue_export,
        "registrations.not_registered": registry_views.not_registered_export,
        "awards.queue": awards_views.queue_export,
        "steering.setup_board": SETUP_BOARD.export,
        "support.board": COVERAGE_BOARD.export,
    }


def build(kind: str, user: Any, params: QueryDict) -> Export:
    return builders()[kind](user, params)
