"""The long form: sections, bad input, autosave, optimistic locking, text shown as text."""

import pytest
from django.urls import reverse

from models_registry.models import Field, Organisation, Registration, Status

from .conftest import at_status

pytestmark = pytest.mark.django_db


def form_data(registration: Registration, **changes) -> dict:
    data = {
        "version": registration.version,
        "name": registration.name,
        "kind": registration.kind,
        "level": registration.level,
        "primary_field": registration.primary_field_id or "",
        "lead_organisation": registration.lead_organisation_id or "",
        "contact_name": registration.contact_name,
        "contact_phone": registration.contact_phone,
        "situation": registration.situation,
        "objectives": registration.objectives,
        "content": registration.content,
        "scope": registration.scope,
        "implementers": registration.implementers,
        "expected_outputs": registration.expected_outputs,
        "sustainability": registration.sustainability,
        "start_date": registration.start_date.isoformat() if registration.start_date else "",
        "evaluation_date": registration.evaluation_date.isoformat()
        if registration.evaluation_date
        else "",
        "budget_vnd": registration.budget_vnd or "",
        "workdays": registration.workdays or "",
        "person_party_member": "unknown",
        "targets-TOTAL_FORMS": "2",
        "targets-INITIAL_FORMS": "0",
        "targets-0-name": "Số hộ được hỗ trợ",
        "targets-0-target_value": "50",
        "targets-0-measure": "hộ",
        "targets-1-name": "",
        "partners-TOTAL_FORMS": "1",
        "partners-INITIAL_FORMS": "0",
        "partners-0-organisation": Organisation.objects.get(code="women").pk,
        "partners-0-role": "Vận động hội viên",
    }
    data.update(changes)
    return data


def test_member_edits_and_saves_all_sections(draft, group_member, login):
    client = login(group_member)
    url = reverse("models_registry:edit", args=[draft.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert (
        "Đã lưu" in page.content.decode()
        or "saved automatically" in page.content.decode()
        or ("tự động" in page.content.decode())
    )
    response = client.post(url, form_data(draft, name="Dân vận khéo trong cải cách hành chính"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.name == "Dân vận khéo trong cải cách hành chính"
    assert draft.version == 2
    assert list(draft.targets.values_list("name", "measure")) == [("Số hộ được hỗ trợ", "hộ")]
    assert draft.partners.get().role == "Vận động hội viên"
    assert draft.search_text.startswith("dan van kheo trong cai cach hanh chinh")


@pytest.mark.parametrize(
    ("changes", "field_id", "label"),
    [
        ({"budget_vnd": "-5"}, "id_budget_vnd", "Kinh phí (đồng): "),
        ({"targets-0-target_value": "-3"}, "id_targets-0-target_value", "Chỉ tiêu 1 – "),
    ],
)
def test_error_summary_at_the_top_links_to_each_field(
    draft, group_member, login, changes, field_id, label
):
    response = login(group_member).post(
        reverse("models_registry:edit", args=[draft.pk]), form_data(draft, **changes)
    )
    html = response.content.decode()
    summary = html[html.index("data-error-summary") :]
    assert "Chưa lưu được. Đồng chí vui lòng sửa các mục sau:" in summary
    assert f'href="#{field_id}"' in summary
    assert label in summary
    assert f'id="{field_id}"' in html
    assert html.index("data-error-summary") < html.index('id="sec-general"')
    assert "form-errors.js" in html


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"budget_vnd": "-5"}, "budget_vnd"),
        ({"workdays": "-1"}, "workdays"),
        ({"start_date": "2025-06-01", "evaluation_date": "2025-01-01"}, "evaluation_date"),
        ({"contact_email": "not-an-email"}, "contact_email"),
        ({"targets-0-target_value": "-3"}, "target_value"),
        ({"targets-0-name": "", "targets-0-target_value": "5"}, "name"),
        ({"name": "x" * 301}, "name"),
    ],
)
def test_bad_input_saves_nothing_and_says_why(draft, group_member, login, changes, field):
    before = (draft.name, draft.version, draft.targets.count())
    response = login(group_member).post(
        reverse("models_registry:edit", args=[draft.pk]), form_data(draft, **changes)
    )
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.name, draft.version, draft.targets.count()) == before


def test_autosave_keeps_what_is_valid_and_survives_reload(draft, group_member, login):
    client = login(group_member)
    data = form_data(draft, content="Nội dung mới gõ dở", budget_vnd="abc", name="")
    response = client.post(reverse("models_registry:autosave", args=[draft.pk]), data)
    assert response.status_code == 200
    body = response.json()
    assert body["ok"]
    assert body["version"] == 2
    assert "budget_vnd" in body["skipped"]
    draft.refresh_from_db()
    assert draft.content == "Nội dung mới gõ dở"
    assert draft.name  # an empty required field is not wiped by an autosave
    assert draft.budget_vnd == 15_000_000
    page = client.get(reverse("models_registry:edit", args=[draft.pk])).content.decode()
    assert "Nội dung mới gõ dở" in page


def test_second_save_gets_a_conflict_and_loses_nothing(draft, group_member, group_leader, login):
    stale = form_data(draft)
    login(group_leader).post(
        reverse("models_registry:edit", args=[draft.pk]),
        form_data(draft, objectives="Mục tiêu do tổ trưởng sửa"),
    )
    client = login(group_member)
    response = client.post(
        reverse("models_registry:edit", args=[draft.pk]),
        {**stale, "objectives": "Mục tiêu do thành viên sửa"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Mục tiêu do tổ trưởng sửa" in page  # the other person's change is shown
    assert "Mục tiêu do thành viên sửa" in page  # and the user's own input is kept
    draft.refresh_from_db()
    assert draft.objectives == "Mục tiêu do tổ trưởng sửa"
    # Saving again from the conflict page (its version is fresh) keeps the user's version.
    again = client.post(
        reverse("models_registry:edit", args=[draft.pk]),
        {**stale, "objectives": "Mục tiêu do thành viên sửa", "version": draft.version},
    )
    assert again.status_code == 302
    draft.refresh_from_db()
    assert draft.objectives == "Mục tiêu do thành viên sửa"


def test_autosave_conflict_is_reported(draft, group_member, login):
    client = login(group_member)
    stale = form_data(draft)
    client.post(reverse("models_registry:autosave", args=[draft.pk]), stale)
    response = client.post(reverse("models_registry:autosave", args=[draft.pk]), stale)
    assert response.status_code == 409
    assert response.json()["conflict"]


def test_submitted_registration_cannot_be_edited(submitted, group_member, login):
    client = login(group_member)
    assert client.get(reverse("models_registry:edit", args=[submitted.pk])).status_code == 403
    response = client.post(
        reverse("models_registry:autosave", args=[submitted.pk]), form_data(submitted)
    )
    assert response.status_code == 400


def test_script_is_shown_as_text(draft, group_member, reviewer, login):
    draft.name = "<script>alert(1)</script> Mô hình"
    draft.content = "<script>alert(2)</script>"
    draft.normalise()
    draft.save()
    at_status(draft, Status.SUBMITTED)
    for user, url in [
        (group_member, reverse("models_registry:detail", args=[draft.pk])),
        (group_member, reverse("models_registry:mine")),
        (reviewer, reverse("models_registry:queue")),
    ]:
        page = login(user).get(url).content.decode()
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert" in page


def test_start_a_registration_and_continue_an_earlier_one(
    tree, campaign, submitted, group_member, login
):
    client = login(group_member)
    response = client.post(
        reverse("models_registry:start"),
        {
            "unit": tree.base_a.pk,
            "campaign": campaign.pk,
            "year": 2026,
            "kind": "model",
            "name": "Mô hình năm sau",
            "continue": submitted.pk,
        },
    )
    assert response.status_code == 302
    new = Registration.objects.get(name="Mô hình năm sau")
    assert new.continued_from == submitted
    assert new.status == Status.DRAFT
    assert new.content == submitted.content
    assert new.targets.count() == 1
    assert new.events.get().transition == "create"


def test_start_refuses_another_units_organisation(tree, campaign, group_member, login):
    response = login(group_member).post(
        reverse("models_registry:start"),
        {
            "unit": tree.base_b.pk,
            "campaign": campaign.pk,
            "year": 2025,
            "kind": "model",
            "name": "Không được",
        },
    )
    assert response.status_code == 200
    assert not Registration.objects.filter(name="Không được").exists()


def test_self_check_before_submitting(draft, group_member, login):
    client = login(group_member)
    url = reverse("models_registry:self_check", args=[draft.pk])
    form = client.get(url)
    assert form.status_code == 200
    criteria = form.context["form"].criteria
    data = {f"c{c.pk}": c.max_points for c in criteria}
    data[f"c{criteria[0].pk}"] = 99
    bad = client.post(url, data)
    assert bad.status_code == 200
    assert not draft.scores.exists()
    data[f"c{criteria[0].pk}"] = 5
    assert client.post(url, data).status_code == 302
    assert float(draft.scores.get().total) == 95.0
    assert Field.objects.count() >= 4
