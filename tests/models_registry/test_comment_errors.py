"""A refused comment says exactly why, on its field, and keeps what was typed."""

import pytest
from django.urls import reverse

from models_registry.models import Comment
from tests.models_registry.factories import make_campaign, make_registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(tree, group_leader, login):
    registration = make_registration(tree.base_a, make_campaign(tree.bloc), created_by=group_leader)
    client = login(group_leader)
    url = reverse("models_registry:comment_add", args=[registration.pk])
    return client, url


def test_a_comment_over_the_limit_is_refused_with_the_limit_and_kept(page):
    client, url = page
    text = "Góp ý dài " + "x" * 5000
    response = client.post(url, {"body": text})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ý kiến quá dài: tối đa 5000 ký tự" in html
    assert "hãy viết nội dung" not in html
    assert text in html  # the typed text is still in the box
    assert not Comment.objects.exists()


def test_a_comment_with_a_null_character_is_refused_with_that_reason_and_kept(page):
    client, url = page
    response = client.post(url, {"body": "Đề nghị bổ sung\x00 số liệu"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "ký tự rỗng (NUL)" in html
    assert "Đề nghị bổ sung" in html
    assert not Comment.objects.exists()


def test_an_empty_comment_is_asked_for(page):
    client, url = page
    response = client.post(url, {"body": "  "})
    assert "hãy viết nội dung" in response.content.decode()
