"""bandit finds no medium or high issue in the project's code (tests and migrations excluded).

A finding that is a false alarm is justified where it is, with ``# nosec BXXX  # why``; the
configuration is ``[tool.bandit]`` in pyproject.toml.
"""

import json
import subprocess
import sys

from django.conf import settings


def test_bandit_reports_no_medium_or_high_finding():
    run = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "bandit",
            "-c",
            "pyproject.toml",
            "-r",
            ".",
            "--severity-level",
            "medium",
            "--format",
            "json",
            "--quiet",
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    report = json.loads(run.stdout)
    findings = [
        f"{r['filename']}:{r['line_number']} {r['test_id']}: {r['issue_text']}"
        for r in report["results"]
    ]
    assert findings == [], "\n".join(findings)
    assert report["errors"] == []
    assert report["metrics"]["_totals"]["loc"] > 10_000, "bandit scanned the project"
