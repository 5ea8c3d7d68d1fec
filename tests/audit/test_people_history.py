"""People's history keeps who changed a profile, never the password hash or the last login."""

import pytest

from units.models import User

pytestmark = pytest.mark.django_db


def test_password_and_last_login_are_not_kept(group_member):
    tracked = {f.name for f in User.history.model._meta.fields}
    assert "password" not in tracked
    assert "last_login" not in tracked
    assert {"full_name", "email", "is_active"} <= tracked

    group_member.set_password("một mật khẩu rất dài 2026")
    group_member.full_name = "Trần Văn Bình"
    group_member.save()
    last = group_member.history.latest()
    assert last.full_name == "Trần Văn Bình"
    assert not hasattr(last, "password")
