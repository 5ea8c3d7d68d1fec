"""The layers import one way (issue 13.5, the ``danvan ⇄ units`` loop).

``danvan`` holds the project's shared kernel (text, Excel, query parameters, the configurable
list model…) and, above the domain apps, what composes them (URL access rules, workflows, the
page cache, the root URLconf, ``seed_demo``). ``units`` is the lowest domain app: it builds on
the kernel only. So no import path leaves ``units``, runs through ``danvan`` and comes back to
``units`` (or reaches any other app): whatever ``units`` imports from ``danvan`` imports no app.

Imports are read from the source (``ast``), those inside functions included, so a lazy import
cannot hide an edge.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KERNEL = "danvan"
LOWEST_APP = "units"


def _apps() -> set[str]:
    """The project's packages (a folder of Python modules at the top of the repository)."""
    return {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in {"tests", "bench", "docs", "scripts"}
    }


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules(package: str) -> dict[str, Path]:
    return {
        _module_name(path): path
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    }


def _imports(name: str, path: Path) -> set[str]:
    """Every module name ``path`` imports (``from x import y`` gives both x and x.y)."""
    found: set[str] = set()
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _graph(*packages: str) -> dict[str, set[str]]:
    modules = {name: path for package in packages for name, path in _modules(package).items()}
    return {name: _imports(name, path) for name, path in modules.items()}


def _top(module: str) -> str:
    return module.split(".")[0]


def test_no_import_path_from_units_through_danvan_back_to_an_app():
    apps = _apps()
    graph = _graph(KERNEL, LOWEST_APP)
    kernel = {name for name in graph if _top(name) == KERNEL}
    # Every danvan module units reaches, directly or through other danvan modules.
    reached: dict[str, str] = {}  # kernel module -> the units module whose import led there
    todo = [
        (target, source)
        for source, targets in graph.items()
        if _top(source) == LOWEST_APP
        for target in targets
        if target in kernel
    ]
    while todo:
        module, via = todo.pop()
        if module in reached:
            continue
        reached[module] = via
        todo += [(target, via) for target in graph[module] if target in kernel]
    loops = sorted(
        f"{via} → {module} → {target}"
        for module, via in reached.items()
        for target in graph[module]
        if _top(target) in apps - {KERNEL}
    )
    assert reached, "the walk found no danvan module that units uses"
    assert loops == [], (
        "units imports a danvan module that imports an app: move the code to the layer that "
        f"owns it ({loops})"
    )
