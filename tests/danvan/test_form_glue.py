"""One form-to-service glue (issue 13.2): views hand a service call to
``danvan.views.run_service``, which alone (with ``TransitionView``) puts a service's
``ValidationError`` on a form."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GLUE = ROOT / "danvan" / "views.py"


def test_only_the_shared_glue_puts_service_errors_on_forms():
    callers = []
    packages = [init.parent for init in ROOT.glob("*/__init__.py") if init.parent.name != "tests"]
    for path in sorted(path for package in packages for path in package.rglob("*.py")):
        if path == GLUE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name == "add_service_errors":
                    callers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert callers == [], f"hand the service call to danvan.views.run_service instead: {callers}"
