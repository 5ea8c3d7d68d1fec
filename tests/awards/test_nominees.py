"""The short list refuses bad lines with a clear message on the form, and saves nothing."""

from django.urls import reverse

from .factories import form, make_proposal


def post(client, proposal, **data):
    values = {"kind": "collective", "form": form().pk, "name": "", "achievement": ""}
    return client.post(reverse("awards:nominee_add", args=[proposal.pk]), {**values, **data})


def test_bad_lines_are_refused_with_a_message(tree, campaign, group_member, login):
    proposal = make_proposal(tree.base_a, campaign, nominees=0)
    client = login(group_member)
    response = post(client, proposal)
    assert response.status_code == 400
    assert "Trường này là bắt buộc" in response.content.decode()
    response = post(client, proposal, kind="individual", name="Lê Văn Bình", achievement="X")
    assert response.status_code == 400
    assert "nhập chức vụ" in response.content.decode()
    response = post(
        client,
        proposal,
        form=form("emulation_flag").pk,
        kind="individual",
        name="Lê Văn Bình",
        position="Chuyên viên",
        achievement="X",
    )
    assert response.status_code == 400
    assert "Không thể đề nghị “Cờ thi đua” cho cá nhân" in response.content.decode()
    assert not proposal.nominees.exists()


def test_a_line_may_name_a_recognised_model_of_the_unit_only(tree, campaign, group_member, login):
    from models_registry.models import Status
    from tests.models_registry.factories import make_registration

    proposal = make_proposal(tree.base_a, campaign, nominees=0)
    own = make_registration(tree.base_a, campaign, year=2013, status=Status.RECOGNISED)
    theirs = make_registration(tree.base_b, campaign, year=2013, status=Status.RECOGNISED)
    client = login(group_member)
    data = {"name": "Chi đoàn Sở Tài chính", "achievement": "Mô hình hiệu quả."}
    assert post(client, proposal, registration=theirs.pk, **data).status_code == 400
    assert post(client, proposal, registration=own.pk, **data).status_code == 302
    assert proposal.nominees.get().registration == own


def test_the_decisions_page_costs_the_same_for_more_decisions(tree, campaign, reviewer, login):
    from .factories import make_decision

    client = login(reviewer)
    client.get(reverse("awards:decisions"))
    counts = []
    for n in (1, 8):
        for k in range(n):
            make_decision(
                tree.bloc,
                campaign,
                number=f"{n}{k}-QĐ/ĐUK",
                recipients=[(tree.base_a, "collective"), (tree.base_b, "individual")],
            )
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("awards:decisions")).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
