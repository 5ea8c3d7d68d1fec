"""The cross-unit matrix, across blocs and for staff roles, over the small demo data.

For every URL that names an object (view, edit, step, download, PDF, export, HTMX fragment) the
table ``OBJECT_URLS`` gives an example: an object of the first bloc (and, for a unit's object,
not of the organisation ``totruong2`` leads). Then:

* as people with no claim on it — the second bloc's standing office (a staff account) and
  reviewer, a leader in the second bloc, and for a unit's object the leader of another
  organisation of the same bloc — GET and POST answer 404 (or 403 where the page rule refuses
  the role, 405 for the wrong method) and no table changes;
* anonymous, every URL but the public and token ones answers with the login page;
* the superuser reaches the example (not a 404), so the example is a real object.

``test_every_url_is_in_the_matrix`` fails when a URL with arguments has no row here, and
``test_every_url_is_exercised`` when the access tests never request a URL at all (this matrix
for URLs with arguments, tests/danvan/test_hostile_query_params.py for those without).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from tests.danvan.test_hostile_query_params import plain_pages
from tests.danvan.test_url_access_rules import EXEMPT_NAMESPACES, _walk
from tests.smoke.test_crawl import fetch, log_in
from tests.smoke.test_get_is_safe import _fingerprint

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]

BLOC_OUTSIDERS = ["thuongtruc_dn", "bancd_dn", "totruong_dn"]
UNIT_OUTSIDERS = [*BLOC_OUTSIDERS, "totruong2"]
REFUSED = {403, 404}
POST_DATA = {
    "name": "Chiếm quyền",
    "number": "CHIEM",
    "title": "Chiếm quyền",
    "text": "Chiếm quyền",
    "body": "Chiếm quyền",
    "comment": "Chiếm quyền",
    "response": "Chiếm quyền",
    "version": "1",
    "status": "recognised",
}


@dataclass(frozen=True)
class Example:
    level: str  # "unit": an organisation's object; "bloc": the bloc's; "shared": every user reads
    kwargs: Callable[[Demo], dict]
    owner: str = "admin"  # who reaches the example (it is a real object)


def stored_file(obj, field: str):
    """Give ``obj`` a stored demo file in ``field`` when the demo left it empty."""
    from campaigns.models import DisseminationSession

    if not getattr(obj, field):
        name = DisseminationSession.objects.exclude(file="").first().file.name
        type(obj).objects.filter(pk=obj.pk).update(**{field: name})
    return obj


class Demo:
    """The first bloc's objects the examples point at (looked up once per module)."""

    def __init__(self):
        from units.models import Unit

        self.bloc = Unit.objects.get(short_code="T01-DUK1")
        first, second = Unit.objects.filter(unit_type__code="base").order_by("path")[:2]
        self.first, self.second = first, second

    def of_unit(self, model, lookup: str = "unit", **filters):
        """An object of an organisation of the first bloc other than totruong2's."""
        found = (
            model.objects.filter(**{f"{lookup}__path__startswith": self.bloc.path}, **filters)
            .exclude(**{f"{lookup}__path__startswith": self.second.path})
            .order_by("pk")
            .first()
        )
        assert found is not None, f"the demo has no {model.__name__} {filters} in the first bloc"
        return found

    def of_bloc(self, model, lookup: str, **filters):
        found = model.objects.filter(**{lookup: self.bloc}, **filters).order_by("pk").first()
        assert found is not None, f"the demo has no {model.__name__} of the first bloc"
        return found


def _registration(d):
    from models_registry.models import Registration

    return d.of_unit(Registration).pk


def _attachment(d):
    from django.contrib.auth import get_user_model

    from campaigns.models import DisseminationSession
    from models_registry.models import Attachment, Registration

    found = Attachment.objects.filter(registration__unit=d.first).first()
    if found is None:  # the demo stores none: one with a demo file, as an upload leaves it
        found = Attachment.objects.create(
            registration=d.of_unit(Registration, unit=d.first),
            kind="plan",
            file=DisseminationSession.objects.exclude(file="").first().file.name,
            original_name="ke-hoach.pdf",
            uploaded_by=get_user_model().objects.get(username="totruong"),
        )
    return found.pk


def _campaign(d):
    from campaigns.models import Campaign

    return d.of_bloc(Campaign, "root_unit").pk


def _deadline(d):
    from campaigns.models import Deadline

    return d.of_bloc(Deadline, "campaign__root_unit").pk


def _document(d, **filters):
    from campaigns.models import DirectiveDocument

    return d.of_bloc(DirectiveDocument, "owner_unit", **filters).pk


def _activity(kind, *, with_file=False):
    def pick(d):
        from campaigns import models

        model = getattr(models, kind)
        if not with_file:
            return d.of_unit(model).pk
        activity = model.objects.filter(
            unit__path__startswith=d.first.path, file__gt=""
        ).first() or d.of_unit(model)
        if not activity.file:  # the demo stores no file here: lend it a session's
            stored = models.DisseminationSession.objects.exclude(file="").first().file.name
            model.objects.filter(pk=activity.pk).update(file=stored)
        return activity.pk

    return pick


def _report(d):
    from reports.models import PeriodicReport

    return d.of_unit(PeriodicReport).pk


def _render_job(d):
    from django.contrib.auth import get_user_model

    from reports.models import RenderJob

    job = RenderJob.objects.filter(root=d.bloc).order_by("pk").first()
    if job is None:
        job = RenderJob.objects.create(
            root=d.bloc,
            deadline_id=_deadline(d),
            requested_by=get_user_model().objects.get(username="bancd"),
        )
    return stored_file(job, "file").pk


def _export_job(d):
    """A member's finished Excel export: only they may see or download it."""
    from danvan.models import JobStatus
    from exports.models import ExportJob
    from units.models import User

    job = ExportJob.objects.filter(requested_by__username="totruong").order_by("pk").first()
    if job is None:
        job = ExportJob.objects.create(
            requested_by=User.objects.get(username="totruong"),
            kind="registrations.queue",
            filename="danh-sach.xlsx",
            status=JobStatus.DONE,
        )
    return stored_file(job, "file").pk


def _proposal(d):
    from awards.models import Proposal

    return d.of_unit(Proposal).pk


def _visit(d):
    from support.models import Visit

    return d.of_unit(Visit).pk


def _follow_up(d):
    from support.models import FollowUp

    return d.of_unit(FollowUp).pk


def _question(d):
    from support.models import Question

    return d.of_unit(Question).pk


def _library_entry(d):
    from models_registry.models import Registration

    return d.of_unit(Registration, status__in=["recognised", "outstanding"]).pk


def _published(d):
    from support.models import PublishedAnswer

    return PublishedAnswer.objects.order_by("pk").first().pk


def _decision(d, with_file=False):
    from awards.models import Decision

    decision = Decision.objects.filter(unit=d.bloc).order_by("pk").first()
    return (stored_file(decision, "signed_file") if with_file else decision).pk


def _recipient(d):
    from awards.models import Recipient

    recipient = Recipient.objects.filter(decision__unit=d.bloc).order_by("pk").first()
    return {"pk": recipient.decision_id, "recipient_pk": recipient.pk}


def _with_file(model_path: str, lookup: str, field: str):
    def pick(d):
        module, name = model_path.rsplit(".", 1)
        model = getattr(__import__(module, fromlist=[name]), name)
        return stored_file(d.of_unit(model, lookup), field).pk

    return pick


def _notification(d):
    from notifications.models import Notification

    return Notification.objects.filter(recipient__username="totruong").order_by("pk").first().pk


def _steering(model):
    def pick(d):
        from steering import models

        return d.of_unit(getattr(models, model)).pk

    return pick


def pk(pick) -> Callable[[Demo], dict]:
    return lambda d: {"pk": pick(d)}


UNIT, BLOC, SHARED = "unit", "bloc", "shared"
OBJECT_URLS: dict[str, Example] = {
    "units:detail": Example(UNIT, lambda d: {"pk": d.first.pk}),
    "campaigns:detail": Example(BLOC, pk(_campaign)),
    "campaigns:edit": Example(BLOC, pk(_campaign)),
    "campaigns:transition": Example(BLOC, lambda d: {"pk": _campaign(d), "action": "close"}),
    "campaigns:plan_create": Example(BLOC, pk(_campaign)),
    "campaigns:plan_edit": Example(
        BLOC,
        lambda d: {
            "pk": __import__("campaigns.models", fromlist=["YearPlan"])
            .YearPlan.objects.filter(campaign_id=_campaign(d))
            .first()
            .pk
        },
    ),
    "campaigns:deadline_create": Example(BLOC, pk(_campaign)),
    "campaigns:deadline_detail": Example(BLOC, pk(_deadline)),
    "campaigns:deadline_edit": Example(BLOC, pk(_deadline)),
    "campaigns:extension_revoke": Example(
        BLOC,
        lambda d: {
            "pk": __import__("campaigns.models", fromlist=["DeadlineExtension"])
            .DeadlineExtension.objects.filter(unit__path__startswith=d.bloc.path)
            .first()
            .pk
        },
    ),
    "campaigns:document_detail": Example(BLOC, pk(_document)),
    "campaigns:document_edit": Example(BLOC, pk(_document)),
    "campaigns:document_delete": Example(BLOC, pk(_document)),
    "campaigns:document_file": Example(BLOC, lambda d: {"pk": _document(d, file__gt="")}),
    "campaigns:session_edit": Example(UNIT, pk(_activity("DisseminationSession"))),
    "campaigns:session_delete": Example(UNIT, pk(_activity("DisseminationSession"))),
    "campaigns:session_file": Example(UNIT, pk(_activity("DisseminationSession", with_file=True))),
    "campaigns:propaganda_edit": Example(UNIT, pk(_activity("PropagandaActivity"))),
    "campaigns:propaganda_delete": Example(UNIT, pk(_activity("PropagandaActivity"))),
    "campaigns:propaganda_file": Example(UNIT, pk(_activity("PropagandaActivity", with_file=True))),
    "steering:unit": Example(UNIT, lambda d: {"pk": d.first.pk}),
    "steering:decision_edit": Example(UNIT, lambda d: {"pk": d.first.pk}),
    "steering:regulation_add": Example(UNIT, lambda d: {"pk": d.first.pk}),
    "steering:regulation_edit": Example(UNIT, pk(_steering("WorkingRegulation"))),
    "steering:decision_file": Example(UNIT, pk(_steering("FoundingDecision"))),
    "steering:regulation_file": Example(UNIT, pk(_steering("WorkingRegulation"))),
    "models_registry:detail": Example(UNIT, pk(_registration)),
    "models_registry:edit": Example(UNIT, pk(_registration)),
    "models_registry:sheet_pdf": Example(UNIT, pk(_registration)),
    "models_registry:dossier": Example(UNIT, pk(_registration)),
    "models_registry:autosave": Example(UNIT, pk(_registration)),
    "models_registry:transition": Example(
        UNIT, lambda d: {"pk": _registration(d), "name": "submit"}
    ),
    "models_registry:carry_over": Example(UNIT, pk(_registration)),
    "models_registry:self_check": Example(UNIT, pk(_registration)),
    "models_registry:score": Example(UNIT, pk(_registration)),
    "models_registry:comment_add": Example(UNIT, pk(_registration)),
    "models_registry:attachment_add": Example(UNIT, pk(_registration)),
    "models_registry:progress_add": Example(UNIT, pk(_registration)),
    "models_registry:attachment_download": Example(
        UNIT,
        pk(_attachment),
    ),
    "models_registry:attachment_delete": Example(
        UNIT,
        pk(_attachment),
    ),
    # The library is open to every logged-in person by design (recognised models only).
    "models_registry:library_detail": Example(SHARED, pk(_library_entry)),
    "models_registry:replicate": Example(SHARED, pk(_library_entry)),
    "reports:detail": Example(UNIT, pk(_report)),
    "reports:edit": Example(UNIT, pk(_report)),
    "reports:transition": Example(UNIT, lambda d: {"pk": _report(d), "name": "submit"}),
    "reports:pdf": Example(UNIT, pk(_report)),
    "reports:dossier": Example(UNIT, pk(_report)),
    "reports:job_status": Example(BLOC, pk(_render_job)),
    "reports:job_download": Example(BLOC, pk(_render_job)),
    "reminders:deadline": Example(BLOC, pk(_deadline)),
    "reminders:send_now": Example(BLOC, lambda d: {"pk": _deadline(d), "unit_pk": d.first.pk}),
    "reminders:policy_edit": Example(BLOC, lambda d: {"campaign_pk": _campaign(d)}),
    "notifications:open": Example(UNIT, pk(_notification), owner="totruong"),
    "exports:job": Example(UNIT, pk(_export_job), owner="totruong"),
    "exports:job_status": Example(UNIT, pk(_export_job), owner="totruong"),
    "exports:download": Example(UNIT, pk(_export_job), owner="totruong"),
    "awards:detail": Example(UNIT, pk(_proposal)),
    "awards:short_list": Example(UNIT, pk(_proposal)),
    "awards:proposal_pdf": Example(UNIT, pk(_proposal)),
    "awards:nominee_add": Example(UNIT, pk(_proposal)),
    "awards:nominee_delete": Example(
        UNIT,
        lambda d: {
            "pk": d.of_unit(
                __import__("awards.models", fromlist=["Nominee"]).Nominee, "proposal__unit"
            ).pk
        },
    ),
    "awards:upload": Example(UNIT, pk(_proposal)),
    "awards:download": Example(
        UNIT,
        lambda d: {
            "pk": _with_file("awards.models.Proposal", "unit", "letter")(d),
            "name": "letter",
        },
    ),
    "awards:step": Example(UNIT, lambda d: {"pk": _proposal(d), "name": "submit"}),
    "awards:quota_delete": Example(
        BLOC,
        lambda d: {
            "pk": __import__("awards.models", fromlist=["Quota"])
            .Quota.objects.filter(campaign_id=_campaign(d))
            .first()
            .pk
        },
    ),
    "awards:decision": Example(BLOC, pk(_decision)),
    "awards:decision_pdf": Example(BLOC, pk(_decision)),
    "awards:certificates_pdf": Example(BLOC, pk(_decision)),
    "awards:certificate_pdf": Example(BLOC, _recipient),
    "awards:decision_file": Example(BLOC, lambda d: {"pk": _decision(d, with_file=True)}),
    "support:visit": Example(UNIT, pk(_visit)),
    "support:visit_record": Example(UNIT, pk(_visit)),
    "support:visit_cancel": Example(UNIT, pk(_visit)),
    "support:follow_up_add": Example(UNIT, pk(_visit)),
    "support:visit_minutes": Example(UNIT, pk(_visit)),
    "support:follow_up": Example(UNIT, pk(_follow_up)),
    "support:follow_up_answer": Example(UNIT, pk(_follow_up)),
    "support:follow_up_step": Example(UNIT, lambda d: {"pk": _follow_up(d), "step": "close"}),
    "support:follow_up_evidence": Example(
        UNIT, pk(_with_file("support.models.FollowUp", "unit", "evidence"))
    ),
    "support:question": Example(UNIT, pk(_question)),
    "support:question_step": Example(UNIT, lambda d: {"pk": _question(d), "step": "close"}),
    "support:question_publish": Example(UNIT, pk(_question)),
    "support:question_file": Example(
        UNIT, pk(_with_file("support.models.QuestionMessage", "question__unit", "file"))
    ),
    "support:qa_detail": Example(SHARED, pk(_published)),
    # One kind stands for all: audit.registry gives every kind the readers of its object.
    "audit:history": Example(UNIT, lambda d: {"kind": "registration", "pk": _registration(d)}),
}
# Not objects of a unit: anyone holding the secret in the URL (checked by the view itself), and
# logging out (Django's own view, it names nothing).
TOKEN_URLS = {":password_reset_confirm", "reminders:calendar_feed", ":logout"}


def url_names() -> dict[str, bool]:
    """Every routed URL name outside the admin -> whether it takes arguments."""
    return {
        f"{namespace}:{pattern.name}": bool(pattern.pattern.converters)
        for _, namespace, pattern in _walk(get_resolver().url_patterns)
        if namespace not in EXEMPT_NAMESPACES
    }


def test_every_url_is_in_the_matrix():
    with_arguments = {name for name, has_args in url_names().items() if has_args}
    missing = sorted(with_arguments - set(OBJECT_URLS) - TOKEN_URLS)
    assert missing == [], f"URLs with arguments missing from OBJECT_URLS: {missing}"
    stale = sorted(set(OBJECT_URLS) - with_arguments)
    assert stale == [], f"OBJECT_URLS rows for URLs that no longer exist: {stale}"


def test_every_url_is_exercised():
    """Every URL is requested by an access test: with arguments here, without in the sweep."""
    from django.urls import resolve

    swept = {
        f"{resolve(path).namespace}:{resolve(path).url_name}"
        for path in plain_pages()
        if "<" not in path
    }
    never = sorted(set(url_names()) - set(OBJECT_URLS) - TOKEN_URLS - swept)
    assert never == [], f"URLs no access test requests: {never}"


@pytest.fixture(scope="module")
def examples(demo, django_db_blocker) -> dict[str, str]:
    with django_db_blocker.unblock():
        d = Demo()
        return {name: reverse(name, kwargs=row.kwargs(d)) for name, row in OBJECT_URLS.items()}


def _outsiders(name: str) -> list[str]:
    level = OBJECT_URLS[name].level
    return [] if level == SHARED else UNIT_OUTSIDERS if level == UNIT else BLOC_OUTSIDERS


def test_the_examples_are_real_objects(examples):
    clients = {o: log_in(o, "vi") for o in {row.owner for row in OBJECT_URLS.values()}}
    missing = [
        name
        for name, url in examples.items()
        if fetch(clients[OBJECT_URLS[name].owner], url)[0].status_code == 404
    ]
    assert missing == [], f"examples that do not exist (fix OBJECT_URLS): {missing}"


def test_outsiders_get_404_and_change_nothing(examples):
    clients = {username: log_in(username, "vi") for username in UNIT_OUTSIDERS}
    before = _fingerprint()
    leaks = []
    for name, url in examples.items():
        for username in _outsiders(name):
            client = clients[username]
            got = fetch(client, url)[0].status_code
            if got not in REFUSED | {405}:
                leaks.append((username, "GET", name, got))
            got = client.post(url, POST_DATA).status_code
            if got not in REFUSED | {405}:
                leaks.append((username, "POST", name, got))
    assert leaks == [], "\n".join(map(str, leaks))
    changed = sorted(t for t in before if before[t] != _fingerprint().get(t))
    assert changed == [], f"requests by outsiders changed the tables {changed}"


def test_anonymous_gets_the_login_page_everywhere(examples):
    anonymous = Client()
    urls = list(examples.values()) + [p for p in plain_pages() if "<" not in p]
    public = {"/accounts/login/", "/accounts/password/reset/", "/accounts/password/reset/done/"}
    wrong = []
    for url in urls:
        if url in public or url.startswith(("/i18n/", "/healthz", "/readyz", "/accounts/")):
            continue
        for response in (anonymous.get(url), anonymous.post(url, POST_DATA)):
            location = response.get("Location", "")
            to_login = response.status_code == 302 and "/accounts/login/" in location
            if not to_login and response.status_code != 405:
                wrong.append((url, response.request["REQUEST_METHOD"], response.status_code))
    assert wrong == [], "\n".join(map(str, wrong))


# Pages every logged-in person reads whole by design: recognised models and anonymised answers.
SHARED_PAGES = {"models_registry:library", "support:qa"}


def test_lists_and_admin_of_another_bloc_never_show_the_first_blocs_rows(demo):
    """Lists, boards, search results, exports' pages and admin changelists seen by the second
    bloc's people name none of the first bloc's organisations."""
    from django.contrib import admin
    from django.urls import resolve

    from units.models import Unit

    bloc = Unit.objects.get(short_code="T01-DUK1")
    names = list(
        Unit.objects.filter(path__startswith=bloc.path, unit_type__code="base").values_list(
            "name", flat=True
        )
    )
    pages = [
        p
        for p in plain_pages()
        if "<" not in p
        and f"{resolve(p).namespace}:{resolve(p).url_name}" not in SHARED_PAGES
        and not p.startswith(("/accounts/", "/i18n/"))
    ]
    changelists = [
        reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist")
        for m in admin.site._registry
    ]
    shown = []
    for username in BLOC_OUTSIDERS:
        client = log_in(username, "vi")
        for url in pages + (changelists if username == "thuongtruc_dn" else []):
            response, body = fetch(client, url)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            text = body.decode("utf-8", "replace")
            shown += [(username, url, n) for n in names if n in text]
    assert shown == [], "\n".join(map(str, shown[:20]))
