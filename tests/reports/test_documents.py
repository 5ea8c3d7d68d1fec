"""The bloc summary, a unit's report and a registration sheet: the PDFs print the numbers of the
statistics selectors (read back with pdftotext)."""

import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from reports.documents import render_bloc_summary, unit_report_pdf
from reports.models import PeriodicReport

from .factories import make_deadline


def pdftotext(path: Path) -> str:
    return subprocess.run(  # noqa: S603 - fixed command on our own file
        ["/usr/bin/pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def period(stats_fixture, tree):
    return make_deadline(stats_fixture.campaign, applies_to=tree.bloc)


def test_bloc_summary_prints_table01_totals(tree, stats_fixture, period, tmp_path, settings):
    target = tmp_path / "summary.pdf"
    render_bloc_summary(root=tree.bloc, deadline=period, target=target)
    text = pdftotext(target)
    assert "ĐẢNG ỦY KHỐI CÁC CƠ" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Số" in text
    # Table 01's total row: 4 1 1 6 5 1 5 1 2 2 1 1 18,5 38
    assert re.search(r"Tổng cộng\s+4\s+1\s+1\s+6\s+5\s+1\s+5\s+1\s+2\s+2\s+1\s+1\s+18,5\s+38", text)
    assert tree.base_b.name in text  # the organisation that has not registered is listed
    assert tree.base_c.name not in text  # the other bloc's is not


def test_render_summary_command(tree, stats_fixture, period, tmp_path):
    target = tmp_path / "cli.pdf"
    call_command(
        "render_summary", period=str(period.pk), unit=str(tree.bloc.pk), output=str(target)
    )
    assert target.read_bytes().startswith(b"%PDF-")


def test_unit_report_pdf(tree, stats_fixture, period, group_leader):
    report = PeriodicReport.objects.create(
        unit=tree.base_a, deadline=period, situation="Tình hình <script>x</script>"
    )
    data = unit_report_pdf(report)
    assert data.startswith(b"%PDF-")
