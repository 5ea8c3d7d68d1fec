"""A change made through the real form shows on the object's "Lịch sử thay đổi" page: who, when
(Vietnam time), which field, old → new; another bloc's reviewer gets a 404; the page costs the
same number of queries however long the history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.models_registry.factories import make_campaign, make_registration
from tests.models_registry.test_editing import form_data
from tests.units.factories import person_with_role
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def draft(tree):
    return make_registration(tree.base_a, make_campaign(tree.province))


def _history_url(registration) -> str:
    return reverse("audit:history", args=["registration", registration.pk])


def _edit(client, registration, **changes):
    registration.refresh_from_db()
    response = client.post(
        reverse("models_registry:edit", args=[registration.pk]),
        form_data(registration, **changes),
    )
    assert response.status_code == 302


def test_an_edit_shows_who_when_and_old_to_new(draft, group_member, reviewer, login):
    group_member.full_name = "Nguyễn Thị Hoa"
    group_member.save()
    old_name = draft.name
    _edit(login(group_member), draft, name="Dân vận khéo trong cải cách hành chính")
    edited_at = timezone.localtime().strftime("%d/%m/%Y %H:")

    client = login(reviewer)
    detail = client.get(reverse("models_registry:detail", args=[draft.pk])).content.decode()
    assert _history_url(draft) in detail
    assert "Lịch sử thay đổi" in detail

    page = client.get(_history_url(draft))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lịch sử thay đổi" in html
    rows = html[html.index('id="history"') :]
    assert "Nguyễn Thị Hoa" in rows
    assert edited_at in rows  # dd/mm/yyyy HH:MM in Asia/Ho_Chi_Minh
    assert "1. Tên mô hình, điển hình" in rows  # the field's Vietnamese verbose name
    assert f"{old_name}</span> → <span" in rows.replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert "Dân vận khéo trong cải cách hành chính" in rows
    # The form replaced the targets: the old one shows as deleted, the new one as created.
    assert "Xoá" in rows
    assert "Chỉ tiêu: Hồ sơ giải quyết đúng hạn" in rows
    assert "Chỉ tiêu: Số hộ được hỗ trợ" in rows
    # Bookkeeping (version, last saved at) is not shown as a change.
    assert "Lần lưu cuối" not in rows


def test_the_units_own_member_reads_its_history(draft, group_member, login):
    _edit(login(group_member), draft, name="Tên mới của mô hình")
    page = login(group_member).get(_history_url(draft))
    assert page.status_code == 200
    assert "Tên mới của mô hình" in page.content.decode()


def test_another_bloc_or_unit_gets_404(draft, tree, group_member, login, client):
    _edit(login(group_member), draft, name="Tên mới của mô hình")
    bloc2_reviewer = person_with_role(Role.REVIEWER, tree.bloc2, username="bancd2")
    other_member = person_with_role(Role.GROUP_MEMBER, tree.group_b, username="thanhvienb")
    for outsider in (bloc2_reviewer, other_member):
        response = login(outsider).get(_history_url(draft))
        assert response.status_code == 404
        assert "Tên mới của mô hình" not in response.content.decode()
    assert login(bloc2_reviewer).get("/history/nothing/1/").status_code == 404
    client.logout()
    anonymous = client.get(_history_url(draft))
    assert anonymous.status_code == 302
    assert reverse("login") in anonymous["Location"]


def test_the_page_costs_the_same_queries_however_long_the_history(
    draft, group_member, reviewer, login
):
    def count_after(edits: int) -> int:
        client = login(group_member)
        for n in range(edits):
            _edit(client, draft, name=f"Tên mô hình lần {n}", contact_name=f"Người {n}")
        client = login(reviewer)
        client.get(_history_url(draft))  # warm the per-request caches alike
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_history_url(draft)).status_code == 200
        return len(queries)

    few = count_after(1)
    many = count_after(6)
    assert many == few
    assert few <= 15


def test_repeated_autosaves_of_the_same_targets_add_no_history(draft, group_member, login):
    from models_registry.models import Partner, Target

    client = login(group_member)
    url = reverse("models_registry:autosave", args=[draft.pk])
    for n in range(3):
        draft.refresh_from_db()
        response = client.post(url, form_data(draft, content=f"Nội dung gõ dở {n}"))
        assert response.json()["ok"]
    # The first autosave replaced the factory's target and partner; the next two changed neither.
    assert Target.history.filter(registration_id=draft.pk, history_type="+").count() == 2
    assert Partner.history.filter(registration_id=draft.pk, history_type="+").count() == 2
    assert draft.history.count() == 4  # created, then one row per autosave of the content
