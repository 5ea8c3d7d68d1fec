"""A sent report shows the figures frozen when it was sent, in its PDF and on its page; a change
to the records afterwards is only flagged beside them ("số liệu hiện nay: N")."""

import datetime
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import DisseminationSession
from models_registry.models import Status
from reports.models import SECTIONS
from reports.selectors import report_figures
from reports.services import report_save, report_start
from reports.workflow import REPORT_WORKFLOW

from .factories import make_deadline

FULL = {name: f"Nội dung mục {name}" for name, _label in SECTIONS}


@pytest.fixture
def sent(stats_fixture, tree, group_member, group_leader):
    """Base A's 6-month 2013 report, sent with the fixture's 6 registrations and no session."""
    future = timezone.localdate() + datetime.timedelta(days=30)
    period = make_deadline(stats_fixture.campaign, applies_to=tree.bloc, due=future)
    report = report_start(unit=tree.base_a, deadline=period, by=group_member)
    report = report_save(report=report, by=group_member, **FULL)
    return REPORT_WORKFLOW.take(report, "submit", by=group_leader)


def change_the_records(stats_fixture, tree, user):
    """After sending: a1 is withdrawn (6 → 5 registered), a session of May is recorded (0 → 1)."""
    a1 = stats_fixture.regs["a1"]
    a1.status = Status.WITHDRAWN
    a1.save(update_fields=["status"])
    DisseminationSession.objects.create(
        unit=tree.base_a,
        campaign=stats_fixture.campaign,
        title="Hội nghị quán triệt",
        held_on=datetime.date(2013, 5, 10),
        participants=40,
        recorded_by=user,
    )


def pdf_text(content: bytes) -> str:
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return re.sub(r"\s+", " ", text)


def test_the_figures_are_frozen_at_sending(sent, stats_fixture, tree, group_member):
    change_the_records(stats_fixture, tree, group_member)
    figures = report_figures(sent)
    assert figures.frozen_at is not None
    assert figures.table01.total.values["total"] == 6
    assert figures.table01.total.current["total"] == 5
    economy = next(row for row in figures.table01.rows if str(row.label) == "Kinh tế")
    assert [cell for cell in economy.flagged_cells() if cell[1] is not None][:1] == [(2, 1)]
    sessions = next(f for f in figures.figures if f.name == "sessions_reported")
    assert (sessions.computed, sessions.now) == (0, 1)
    assert figures.has_changed


def test_the_pdf_of_a_sent_report_keeps_the_frozen_figures(
    sent, stats_fixture, tree, group_member, login
):
    client = login(group_member)
    url = reverse("reports:pdf", args=[sent.pk])
    before = pdf_text(client.get(url).content)
    assert "Số liệu chốt tại thời điểm gửi báo cáo" in before
    assert "số liệu hiện nay" not in before  # nothing has changed yet

    change_the_records(stats_fixture, tree, group_member)
    after = pdf_text(client.get(url).content)
    assert "Số liệu chốt tại thời điểm gửi báo cáo" in after
    # The frozen figure stays, today's value beside it.
    assert re.search(r"buổi[^:]*: 0 \(số liệu hiện nay: 1\)", after), after
    assert "nay: 5" in after  # under the total of Table 01, 6 when sent

    page = client.get(reverse("reports:detail", args=[sent.pk])).content.decode()
    assert "nay: 5" in page
    assert "Số liệu chốt tại thời điểm gửi báo cáo" in page


def test_an_accepted_report_stays_frozen(sent, stats_fixture, tree, group_member, reviewer):
    change_the_records(stats_fixture, tree, group_member)
    accepted = REPORT_WORKFLOW.take(sent, "accept", by=reviewer)
    assert report_figures(accepted).table01.total.values["total"] == 6


def test_a_returned_report_is_live_again(sent, stats_fixture, tree, group_member, reviewer):
    change_the_records(stats_fixture, tree, group_member)
    returned = REPORT_WORKFLOW.take(sent, "return", by=reviewer, comment="Bổ sung số liệu")
    live = report_figures(returned)
    assert live.frozen_at is None
    assert live.table01.total.values["total"] == 5
