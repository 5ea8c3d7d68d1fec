"""Registrations' lists, boards, details and exports cost the same queries for 10 or 300
organisations (and at most 15 for a page): see tests/query_counts.py."""

import pytest

from tests.query_counts import Page, check, measured

pytestmark = pytest.mark.django_db


def _registration(status=None):
    """The first registration with scores, partners, awards and replications (a detail page of
    the same shape in both worlds, every section filled: a section with nothing costs no
    query)."""

    def url() -> str:
        from models_registry.models import Registration
        from units.models import User

        reviewer = User.objects.get(username="bancd")
        queryset = Registration.objects.for_action(reviewer, "review")
        if status:
            queryset = queryset.filter(status__in=status)
        else:
            queryset = queryset.filter(scores__isnull=False, partners__isnull=False)
            # The fullest page the demo has: awards and replications when some registration has
            # both (each costs a query only when present).
            for sections in (
                {"award_nominees__recipient__isnull": False, "replications__isnull": False},
                {"replications__isnull": False},
                {"award_nominees__recipient__isnull": False},
            ):
                if queryset.filter(**sections).exists():
                    queryset = queryset.filter(**sections)
                    break
        return f"/registrations/{queryset.order_by('pk').values_list('pk', flat=True)[0]}/"

    return url


def _library_entry() -> str:
    from models_registry.models import Registration

    return f"/registrations/library/{Registration.objects.in_library().order_by('pk')[0].pk}/"


def _own_registration(status: str = "returned") -> str:
    from models_registry.models import Registration
    from units.models import User

    member = User.objects.get(username="totruong")
    own = Registration.objects.visible_to(member).filter(status=status).order_by("pk")
    return f"/registrations/{own.values_list('pk', flat=True)[0]}/"


PAGES = [
    Page("mine", "totruong", "/registrations/"),
    # A registration's page: its sections (fields, targets, partners, rubric, scores, history,
    # files, progress, comments) one query each; the due date comes with the registration, and
    # awards and replications cost a query only when there are some.
    Page("own detail", "totruong", _own_registration),
    Page("edit", "totruong", lambda: _own_registration("draft") + "edit/"),
    Page("queue", "bancd", "/registrations/review/"),
    Page("queue filtered", "bancd", "/registrations/review/?status=submitted&kind=model"),
    Page("queue page 2", "bancd", "/registrations/review/?page=2"),
    Page("queue export", "bancd", "/registrations/review/?export=xlsx", html=False),
    # 2012: nobody has registered yet in either world, so both list organisations.
    Page("not registered", "bancd", "/registrations/not-registered/?year=2012"),
    Page(
        "not registered export",
        "bancd",
        "/registrations/not-registered/?year=2012&export=xlsx",
        html=False,
    ),
    # A reviewer's page also loads the verified second-factor device (django-otp).
    Page("detail", "bancd", _registration()),
    Page("score", "bancd", lambda: _registration(["under_review"])() + "score/"),
    Page("library", "thanhvien", "/registrations/library/"),
    Page("library detail", "thanhvien", _library_entry),
    Page("duplicates", "totruong", "/registrations/duplicates/?name=Dân+vận+khéo"),
]


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        return measured(PAGES, tmp_path_factory.mktemp("media"))


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.id)
def test_queries_do_not_grow_with_organisations(counts, page):
    check(counts, page)
