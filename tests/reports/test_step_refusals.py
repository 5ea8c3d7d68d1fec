"""A refused step of a periodic report shows the report again, the reason on the comment box
and the typed text kept; nothing is saved."""

import pytest
from django.urls import reverse

from reports.models import PeriodicReport, ReportStatus
from tests.danvan.steps import LONG, NUL, NUL_VI, TOO_LONG_VI, assert_refused_and_kept

from .factories import make_deadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(stats_fixture, tree):
    period = make_deadline(stats_fixture.campaign, applies_to=tree.province)
    return PeriodicReport.objects.create(
        unit=tree.base_a, deadline=period, status=ReportStatus.SUBMITTED
    )


@pytest.mark.parametrize(("typed", "reason"), [(LONG, TOO_LONG_VI), (NUL, NUL_VI)])
def test_a_comment_too_long_or_with_a_nul_byte_is_refused_and_kept(
    sent, reviewer, login, typed, reason
):
    url = reverse("reports:transition", args=[sent.pk, "return"])
    response = login(reviewer).post(url, {"comment": typed})
    assert_refused_and_kept(response, typed, reason)
    sent.refresh_from_db()
    assert sent.status == ReportStatus.SUBMITTED
    assert not sent.events.exists()


def test_a_missing_reason_is_asked_for_on_the_same_page(sent, reviewer, login):
    url = reverse("reports:transition", args=[sent.pk, "return"])
    response = login(reviewer).post(url, {"comment": ""})
    assert_refused_and_kept(response, "", "lý do")
    sent.refresh_from_db()
    assert sent.status == ReportStatus.SUBMITTED
