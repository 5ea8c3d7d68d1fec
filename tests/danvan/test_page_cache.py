"""Cached pages (danvan.page_cache) against the real Redis: never stale, never someone else's.

Transactional tests: the cache is bypassed inside a transaction (the other tests' rolled-back
one), and writes count once committed, as in production.
"""

import datetime
import os
import re
import uuid

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Deadline, DeadlineKind
from danvan import page_cache
from models_registry.models import Registration, Status
from notifications.models import Notification
from tests.accounts.helpers import VerifiedClient
from tests.models_registry.factories import make_campaign, make_deadline, make_registration
from tests.units.factories import person_with_role
from units.models import Membership, Role, Unit

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANY_TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """Production's shape: a Redis cache shared by everything, sessions read from it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "danvan.cache.RedisCache",
            "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:16379/0"),
            "KEY_PREFIX": f"test-page-cache-{uuid.uuid4().hex}",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.DANVAN_PAGE_CACHE = True


@pytest.fixture
def submitted(tree):
    campaign = make_campaign(tree.province)
    period = make_deadline(
        campaign, year=2025, due=datetime.date(2025, 12, 15), applies_to=tree.bloc
    )
    Deadline.objects.filter(pk=period.pk).update(kind=DeadlineKind.ANNUAL_REPORT)
    registration = make_registration(tree.base_a, campaign, name="Mô hình Một cửa thân thiện")
    Registration.objects.filter(pk=registration.pk).update(status=Status.SUBMITTED)
    return registration


def client_for(user) -> VerifiedClient:
    client = VerifiedClient()
    client.force_login(user)
    return client


def served_from_cache(client, url: str) -> bool:
    """Whether a GET of ``url`` answered without a single query (the cache's answer)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries) == 0


def rename(unit: Unit, name: str) -> None:
    Unit.objects.filter(pk=unit.pk).update(name=name)


# (page, person fixture, unit of the tree whose name the page shows)
PAGES = [
    ("home", "group_member", "base_a"),
    ("home", "reviewer", "base_a"),
    ("models_registry:queue", "reviewer", "base_a"),
    ("models_registry:not_registered", "reviewer", "base_b"),
    ("reports:board", "reviewer", "base_a"),
    ("steering:board", "reviewer", "base_a"),
    ("models_registry:mine", "group_member", "base_a"),
]


@pytest.mark.parametrize(("page", "person", "shown"), PAGES)
def test_a_committed_write_shows_on_the_next_page(request, tree, submitted, page, person, shown):
    user = request.getfixturevalue(person)
    unit = getattr(tree, shown)
    client = client_for(user)
    url = reverse(page)
    assert unit.name in client.get(url).content.decode()
    assert served_from_cache(client, url)

    rename(unit, "Đơn vị vừa đổi tên")  # QuerySet.update(): no save() signal

    assert "Đơn vị vừa đổi tên" in client.get(url).content.decode()
    assert served_from_cache(client, url)


def without_tokens(response) -> tuple[int, str]:
    return response.status_code, ANY_TOKEN.sub("", response.content.decode())


@pytest.mark.parametrize("person", ["group_member", "group_leader", "reviewer", "standing_office"])
def test_every_cached_page_after_a_write_is_the_page_rendered_afresh(
    request, settings, tree, submitted, person
):
    client = client_for(request.getfixturevalue(person))
    urls = [reverse(name) for name in sorted(settings.DANVAN_PAGE_CACHE_VIEWS)]
    for url in urls:
        client.get(url)
    rename(tree.base_a, "Đơn vị A mới")
    rename(tree.group_a, "Tổ chỉ đạo A mới")
    after_write = {url: without_tokens(client.get(url)) for url in urls}
    served_again = {url: without_tokens(client.get(url)) for url in urls}
    settings.DANVAN_PAGE_CACHE = False
    rendered = {url: without_tokens(client.get(url)) for url in urls}
    assert after_write == rendered
    assert served_again == rendered


def test_a_registration_moving_on_leaves_the_queue_at_once(tree, submitted, reviewer):
    client = client_for(reviewer)
    url = reverse("models_registry:queue") + "?status=submitted"
    assert submitted.name in client.get(url).content.decode()
    submitted.status = Status.RETURNED
    submitted.save()  # save(): the same, and its history row too
    assert submitted.name not in client.get(url).content.decode()


def rename_and_roll_back(unit: Unit) -> None:
    with transaction.atomic():
        rename(unit, "Tên không bao giờ lưu")
        raise RuntimeError


def test_a_write_rolled_back_keeps_the_cached_page(tree, group_member):
    client = client_for(group_member)
    url = reverse("home")
    client.get(url)
    with pytest.raises(RuntimeError):
        rename_and_roll_back(tree.base_a)
    assert served_from_cache(client, url)
    assert "Tên không bao giờ lưu" not in client.get(url).content.decode()


def test_another_unit_never_gets_a_page_cached_for_someone_else(
    tree, submitted, reviewer, reviewer2, group_member, other_bloc_leader
):
    url = reverse("models_registry:queue")
    assert submitted.name in client_for(reviewer).get(url).content.decode()
    assert submitted.name not in client_for(reviewer2).get(url).content.decode()
    home = reverse("home")
    assert tree.base_a.name in client_for(group_member).get(home).content.decode()
    other_home = client_for(other_bloc_leader).get(home).content.decode()
    assert tree.base_a.name not in other_home
    assert tree.base_c.name in other_home


def test_a_lost_role_is_refused_at_once(tree, reviewer):
    client = client_for(reviewer)
    url = reverse("reports:board")
    client.get(url)
    assert served_from_cache(client, url)
    Membership.objects.filter(user=reviewer).update(is_active=False)
    assert client.get(url).status_code == 403


def test_the_token_of_a_cached_page_validates_for_each_browser_and_is_fresh(tree, group_member):
    first, second = (VerifiedClient(enforce_csrf_checks=True) for _ in range(2))
    for client in (first, second):
        client.force_login(group_member)
    url = reverse("home")
    rendered = TOKEN.search(first.get(url).content.decode()).group(1)
    assert served_from_cache(second, url)  # rendered for the first browser, served to the second
    replayed = [TOKEN.search(second.get(url).content.decode()).group(1) for _ in range(2)]
    assert len({rendered, *replayed}) == 3  # masked afresh on every response

    answer = second.post(
        reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": replayed[1]}
    )
    assert answer.status_code == 302
    assert "Notifications" in second.get(url).content.decode()  # the language is in the key
    assert "Thông báo" in first.get(url).content.decode()


def test_flash_messages_are_shown_and_never_cached(tree, group_member):
    client = client_for(group_member)
    url = reverse("home")
    client.get(url)
    storage = CookieStorage(HttpRequest())
    storage.add(messages.SUCCESS, "Đã lưu đăng ký")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value

    assert "Đã lưu đăng ký" in client.get(url).content.decode()
    assert "Đã lưu đăng ký" not in client.get(url).content.decode()


def test_a_new_notification_shows_in_the_badge(tree, group_member):
    client = client_for(group_member)
    url = reverse("home")
    assert "text-bg-warning" not in client.get(url).content.decode()
    Notification.objects.create(recipient=group_member, kind="test", title="Có việc mới")
    assert "text-bg-warning" in client.get(url).content.decode()
    Notification.objects.filter(recipient=group_member).update(read_at="2026-01-01T00:00Z")
    assert "text-bg-warning" not in client.get(url).content.decode()


def test_a_cached_page_stays_private_and_needs_the_second_factor(tree, reviewer):
    client = client_for(reviewer)
    url = reverse("models_registry:queue")
    client.get(url)
    response = client.get(url)
    assert response["Cache-Control"] == "private, no-store"
    assert "Content-Security-Policy" in response

    unverified = VerifiedClient()
    Client.force_login(unverified, reviewer)  # logged in, no code given
    response = unverified.get(url)
    assert response.status_code == 302
    assert reverse("accounts:second_factor_verify") in response["Location"]


def test_logged_out_is_never_served_a_page(tree, group_member):
    client = client_for(group_member)
    url = reverse("home")
    client.get(url)
    client.post(reverse("logout"))
    response = client.get(url)
    assert response.status_code == 302


# --- a generation per bloc (issue 10, national scale) ----------------------------------------


QUEUE = "/registrations/review/?status=submitted"


@pytest.fixture
def province_office(tree):
    """Staff above the blocs: the province's standing office sees both blocs."""
    return person_with_role(Role.STANDING_OFFICE, tree.province, username="tinh")


@pytest.fixture
def warm(tree):
    """Log each person in and fetch each page once, so it is stored."""

    def warm_up(*pairs):
        clients = []
        for person, url in pairs:
            client = client_for(person)
            client.get(url)
            assert served_from_cache(client, url)
            clients.append(client)
        return clients

    return warm_up


def counters() -> tuple:
    found = page_cache.read_counters([page_cache.GENERATION_KEY, page_cache.SHARED_KEY])
    return found[page_cache.GENERATION_KEY], found[page_cache.SHARED_KEY]


def test_a_save_in_one_bloc_keeps_the_other_blocs_pages_and_refreshes_its_own_and_above(
    tree, submitted, group_member, reviewer, other_bloc_leader, reviewer2, province_office, warm
):
    home, mine, queue = reverse("home"), reverse("models_registry:mine"), QUEUE
    member_2, reviewer_2, member_1, reviewer_1, province = warm(
        (other_bloc_leader, home),
        (reviewer2, queue),
        (group_member, mine),
        (reviewer, queue),
        (province_office, queue),
    )
    for client, url in ((member_1, mine), (reviewer_1, queue), (province, queue)):
        assert submitted.name in client.get(url).content.decode()

    submitted.refresh_from_db()  # submitted by update()
    submitted.name = "Mô hình Dân vận khéo mới"
    submitted.save()  # bloc 1: the registration's row and its history row

    assert served_from_cache(member_2, home)  # bloc 2: 0 queries
    assert served_from_cache(reviewer_2, queue)
    for client, url in ((member_1, mine), (reviewer_1, queue), (province, queue)):
        assert "Mô hình Dân vận khéo mới" in client.get(url).content.decode()
        assert served_from_cache(client, url)


@pytest.mark.parametrize(
    "person",
    [
        "group_member",
        "reviewer",
        "standing_office",
        "other_bloc_leader",
        "reviewer2",
        "province_office",
    ],
)
def test_every_cached_page_after_saves_in_either_bloc_is_the_page_rendered_afresh(
    request, settings, tree, submitted, person
):
    client = client_for(request.getfixturevalue(person))
    urls = [reverse(name) for name in sorted(settings.DANVAN_PAGE_CACHE_VIEWS)] + [QUEUE]
    for url in urls:
        client.get(url)
    submitted.refresh_from_db()
    submitted.name = "Mô hình khối một đổi tên"
    submitted.save()
    make_registration(tree.base_c, submitted.campaign, name="Mô hình khối hai mới")
    tree.group_c.name = "Tổ chỉ đạo khối hai đổi tên"
    tree.group_c.save()
    after_writes = {url: without_tokens(client.get(url)) for url in urls}
    settings.DANVAN_PAGE_CACHE = False
    rendered = {url: without_tokens(client.get(url)) for url in urls}
    assert after_writes == rendered


def test_a_registration_moved_to_another_bloc_refreshes_both(tree, submitted, reviewer, reviewer2):
    queue = QUEUE
    first, second = client_for(reviewer), client_for(reviewer2)
    assert submitted.name in first.get(queue).content.decode()
    assert submitted.name not in second.get(queue).content.decode()

    submitted.refresh_from_db()
    submitted.unit = tree.base_c  # placed where it was and where it goes
    submitted.save()

    assert submitted.name not in first.get(queue).content.decode()
    assert submitted.name in second.get(queue).content.decode()


def test_a_role_in_another_bloc_shows_at_once(tree, group_member, other_bloc_leader, warm):
    (member,) = warm((group_member, reverse("home")))
    assert tree.base_c.name not in member.get(reverse("home")).content.decode()
    Membership.objects.create(user=group_member, unit=tree.group_c, role=Role.GROUP_MEMBER)
    assert tree.base_c.name in member.get(reverse("home")).content.decode()


def test_a_write_that_cannot_be_placed_refreshes_every_bloc(
    tree, group_member, other_bloc_leader, warm
):
    member_1, member_2 = warm((group_member, reverse("home")), (other_bloc_leader, reverse("home")))
    rename(tree.base_c, "Công ty đổi tên")  # QuerySet.update(): no row to place, every bloc
    assert not served_from_cache(member_1, reverse("home"))
    assert "Công ty đổi tên" in member_2.get(reverse("home")).content.decode()


def test_a_notification_refreshes_only_its_recipients_pages(tree, group_member, other_leader, warm):
    member, other = warm((group_member, reverse("home")), (other_leader, reverse("home")))
    Notification.objects.create(recipient=group_member, kind="test", title="Có việc mới")
    assert "text-bg-warning" in member.get(reverse("home")).content.decode()
    assert served_from_cache(other, reverse("home"))


def test_the_library_shows_a_model_recognised_in_another_bloc(
    tree, submitted, other_bloc_leader, warm
):
    (library,) = warm((other_bloc_leader, reverse("models_registry:library")))
    assert submitted.name not in library.get(reverse("models_registry:library")).content.decode()
    submitted.status = Status.RECOGNISED
    submitted.decision_date = datetime.date(2025, 12, 20)
    submitted.save()
    assert submitted.name in library.get(reverse("models_registry:library")).content.decode()


def test_logging_in_clears_no_page(tree, group_member, other_leader, reviewer, warm):
    (member,) = warm((group_member, reverse("home")))
    before = counters()
    for person in (other_leader, group_member):
        browser = VerifiedClient()
        answer = browser.post(
            reverse("login"), {"username": person.username, "password": "danvan2013"}
        )
        assert answer.status_code == 302
        assert browser.get(reverse("home")).status_code == 200
        assert served_from_cache(browser, reverse("home"))
    staff = client_for(reviewer)  # a second factor verified: the device is written
    assert staff.get(QUEUE).status_code == 200

    assert counters() == before
    assert served_from_cache(member, reverse("home"))


def test_writes_are_seen_below_the_orm():
    assert page_cache.written_table('UPDATE "units_unit" SET "name" = %s') == "units_unit"
    assert page_cache.written_table('INSERT INTO "units_unit" ("name") VALUES (%s)') == (
        "units_unit"
    )
    assert page_cache.written_table('DELETE FROM "units_unit" WHERE id = 1') == "units_unit"
    assert page_cache.written_table('SELECT "name" FROM "units_unit"') is None
    assert "units_unit" in page_cache.domain_tables()
    assert "django_session" not in page_cache.domain_tables()
    assert "notifications_emailoutbox" not in page_cache.domain_tables()
    assert "units_user_groups" in page_cache.domain_tables()
