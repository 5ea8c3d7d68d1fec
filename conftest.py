"""Role fixtures over a small three-level tree shared by every app's tests.

province ─┬─ bloc ─┬─ base A ── steering group A
          │        └─ base B ── steering group B
          └─ bloc 2 ── base C ── steering group C

Each bloc has its own staff: ``reviewer``/``standing_office`` on the first, ``reviewer2``/
``standing_office2`` on the second (``other_bloc_leader`` leads group C).
"""

from dataclasses import dataclass

import pytest

from danvan.reference_data import load_reference_data
from tests.accounts.helpers import VerifiedClient
from tests.units.factories import UserFactory, make_grassroots, make_unit, person_with_role
from units.models import Role, Unit, User

# A transactional test ends with a flush that empties every table, so the tests after it would
# lose the reference rows (danvan.reference_data); they are put back before each database test
# (one query when they are present).


@pytest.fixture(autouse=True)
def _reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db"} & set(request.fixturenames):
        return
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction")
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from units.models import UnitType

    if UnitType.objects.exists():
        return
    load_reference_data()


@pytest.fixture(autouse=True)
def _fresh_local_cache():
    """Each test starts with an empty in-process cache: counters kept there (password-reset
    rationing, cached people) would otherwise carry over, e.g. from the hostile tests' many
    resets to a later test's one. Redis caches that some tests configure are left alone."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    for backend in caches.all(initialized_only=True):
        if isinstance(backend, LocMemCache):
            backend.clear()


def _used_a_transactional_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback")
    ):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test, leave the database as the migrations made it.

    pytest-django's flush after such a test either re-creates content types and permissions
    under new ids (post_migrate) or, with ``serialized_rollback``, leaves the tables empty; a
    later serialized test would then meet duplicate content types, and other tests would miss
    the migrations' rows. The refill keeps the sequences where they are: a flush that restarted
    them would hand out ids the refilled rows already hold.
    """
    result = yield
    from django.db import connection

    contents = getattr(connection, "_test_serialized_contents", None)
    # After the session's last test the test database is already gone: nothing to refill.
    if contents and nextitem is not None and _used_a_transactional_database(item):
        from django.core.management import call_command
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            call_command(
                "flush",
                interactive=False,
                inhibit_post_migrate=True,
                reset_sequences=False,
                verbosity=0,
            )
            connection.creation.deserialize_db_from_string(contents)
    return result


@dataclass
class Tree:
    province: Unit
    bloc: Unit
    base_a: Unit
    group_a: Unit
    base_b: Unit
    group_b: Unit
    bloc2: Unit
    base_c: Unit
    group_c: Unit


@pytest.fixture
def tree(db) -> Tree:
    province = make_unit("Tỉnh Thái Nguyên", type_code="province")
    bloc = make_unit("Đảng ủy Khối các cơ quan tỉnh", type_code="bloc", parent=province)
    base_a, group_a = make_grassroots("Đảng bộ Sở Tài chính", bloc=bloc)
    base_b, group_b = make_grassroots("Chi bộ Sở Tư pháp", bloc=bloc)
    bloc2 = make_unit("Đảng ủy Khối doanh nghiệp", type_code="bloc", parent=province)
    base_c, group_c = make_grassroots("Đảng bộ Công ty Gang Thép", bloc=bloc2)
    return Tree(province, bloc, base_a, group_a, base_b, group_b, bloc2, base_c, group_c)


@pytest.fixture
def group_member(tree) -> User:
    return person_with_role(Role.GROUP_MEMBER, tree.group_a, username="thanhvien")


@pytest.fixture
def group_leader(tree) -> User:
    return person_with_role(Role.GROUP_LEADER, tree.group_a, username="totruong")


@pytest.fixture
def other_leader(tree) -> User:
    return person_with_role(Role.GROUP_LEADER, tree.group_b, username="totruong2")


@pytest.fixture
def reviewer(tree) -> User:
    return person_with_role(Role.REVIEWER, tree.bloc, username="bancd")


@pytest.fixture
def standing_office(tree) -> User:
    return person_with_role(Role.STANDING_OFFICE, tree.bloc, username="thuongtruc")


@pytest.fixture
def reviewer2(tree) -> User:
    """A reviewer of the second bloc: nothing of the first bloc is theirs."""
    return person_with_role(Role.REVIEWER, tree.bloc2, username="bancd_dn")


@pytest.fixture
def standing_office2(tree) -> User:
    """The second bloc's standing office, a staff account (opens the admin) as in the demo."""
    return person_with_role(
        Role.STANDING_OFFICE, tree.bloc2, username="thuongtruc_dn", is_staff=True
    )


@pytest.fixture
def other_bloc_leader(tree) -> User:
    return person_with_role(Role.GROUP_LEADER, tree.group_c, username="totruong_dn")


@pytest.fixture
def admin_user(db) -> User:
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def client() -> VerifiedClient:
    """pytest-django's test client, whose ``force_login`` also passes the second factor for a
    person who needs one (tests.accounts.helpers); logging in through the pages does not."""
    return VerifiedClient()


@pytest.fixture
def login(client):
    """``login(user)`` logs the test client in and returns it; a person who needs a second
    factor (staff, reviewers, standing office) comes in with it verified."""

    def do_login(user: User):
        client.force_login(user)
        return client

    return do_login
