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
    assert "CÁC CƠ QUAN TỈNH" in text  # the issuing body's second line, "CƠ QUAN" kept whole
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


def test_a_bloc_summary_rendered_in_parts_reads_as_one_document(
    tree, stats_fixture, period, tmp_path
):
    """Parts join without a gap: the same pages and text as one render, numbered on."""
    from units.bulk import bulk_add_children
    from units.models import Unit

    bulk_add_children(
        tree.bloc,
        [
            Unit(
                name=f"Chi bộ cơ quan thử số {i}",
                short_code=f"T{i:04d}",
                unit_type=tree.base_a.unit_type,
            )
            for i in range(150)
        ],
    )
    whole, parts = tmp_path / "whole.pdf", tmp_path / "parts.pdf"
    progress: list[tuple[int, int]] = []
    pages_whole = render_bloc_summary(
        root=tree.bloc, deadline=period, target=whole, items_per_part=10_000
    )
    pages_parts = render_bloc_summary(
        root=tree.bloc,
        deadline=period,
        target=parts,
        items_per_part=50,
        on_progress=lambda done, total: progress.append((done, total)),
    )
    assert len(progress) >= 3  # several parts, each reported
    assert progress[-1][0] == progress[-1][1]
    assert pages_parts == pages_whole >= 4
    text = pdftotext(parts)
    assert text == pdftotext(whole)
    pages = text.split("\f")
    for number, page in enumerate(pages[1:pages_parts], start=2):
        assert page.strip().splitlines()[0].strip() == str(number)
    assert not pages[0].strip().splitlines()[0].strip().isdigit()
    for i in range(150):
        assert text.count(f"Chi bộ cơ quan thử số {i} ") == 1
    assert "Nơi nhận:" in pages[pages_parts - 1]
