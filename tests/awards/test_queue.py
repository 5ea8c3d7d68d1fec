"""The reviewers' queue: filters, an Excel file of exactly the filtered list, constant queries."""

import io
import zipfile

import pytest
from django.urls import reverse

from awards.models import ProposalStatus
from tests.units.factories import make_grassroots

from .factories import award_campaign, form, make_nominee, make_proposal


def sheet_text(response) -> str:
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read("xl/worksheets/sheet1.xml").decode()


def test_filters_and_export_match(tree, campaign, reviewer, login):
    a = make_proposal(tree.base_a, campaign, status=ProposalStatus.SUBMITTED, nominees=0)
    make_nominee(a, name="Chi đoàn Sở Tài chính")
    b = make_proposal(tree.base_b, campaign, status=ProposalStatus.ACCEPTED, nominees=0)
    make_nominee(b, name="Công đoàn Sở Tư pháp", code="bloc_praise")
    make_proposal(tree.base_a, campaign, year=2014, nominees=0)  # a draft: never in the queue
    client = login(reviewer)
    url = reverse("awards:queue")
    page = client.get(url).content.decode()
    assert a.get_absolute_url() in page
    assert b.get_absolute_url() in page
    page = client.get(url, {"status": "accepted"}).content.decode()
    assert b.get_absolute_url() in page
    assert a.get_absolute_url() not in page
    page = client.get(url, {"form": form("bloc_praise").pk}).content.decode()
    assert b.get_absolute_url() in page
    assert a.get_absolute_url() not in page
    page = client.get(url, {"unit": "tai chinh"}).content.decode()
    assert a.get_absolute_url() in page
    assert b.get_absolute_url() not in page
    text = sheet_text(client.get(url, {"unit": "tai chinh", "export": "xlsx"}))
    assert "Chi đoàn Sở Tài chính" in text
    assert "Công đoàn Sở Tư pháp" not in text
    everything = sheet_text(client.get(url, {"export": "xlsx", "year": 2013}))
    assert "Chi đoàn Sở Tài chính" in everything
    assert "Công đoàn Sở Tư pháp" in everything


@pytest.mark.parametrize("bulk", [10, 40])
def test_queue_queries_do_not_grow_with_proposals(
    tree, reviewer, login, bulk, django_assert_num_queries
):
    campaign = award_campaign(tree.province)
    for n in range(bulk):
        base, _group = make_grassroots(f"Chi bộ số {n}", bloc=tree.bloc, with_group=False)
        make_proposal(base, campaign, status=ProposalStatus.SUBMITTED, files=False, nominees=2)
    client = login(reviewer)
    client.get(reverse("awards:queue"))  # warm the session and caches
    # The same number for 10 and 40 proposals: session, user, scope, filter lists, count, rows.
    # 9 = 8 + the reviewer's verified second-factor device (django-otp, each request)
    with django_assert_num_queries(9):
        assert client.get(reverse("awards:queue")).status_code == 200
