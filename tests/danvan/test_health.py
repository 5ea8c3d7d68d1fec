"""/healthz and /readyz: what the container engine and the proxy see."""

import pytest
from django.db import connection

from danvan.celery import app as celery_app


def _assert_probe_headers(response):
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies, "a probe must not get a session, CSRF or language cookie"


def test_healthz_answers_without_database_or_session(client):
    # No django_db mark: any database access here would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    _assert_probe_headers(response)


@pytest.mark.django_db
def test_probes_from_inside_the_container_are_not_redirected_or_refused(client, settings):
    # The compose healthcheck calls http://127.0.0.1:8000/… without the proxy's headers.
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["danvan.example.vn"]
    for path in ("/healthz", "/readyz"):
        response = client.get(path, HTTP_HOST="127.0.0.1:8000")
        assert response.status_code == 200, path


@pytest.mark.django_db
def test_readyz_reports_database_migrations_and_broker(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True, "unapplied_migrations": []}
    assert body["broker"] == {"ok": True}
    _assert_probe_headers(response)


@pytest.mark.django_db
def test_readyz_is_unavailable_while_a_migration_is_not_applied(client):
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = 'units' AND name = '0002_default_types'"
        )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"]["unapplied_migrations"] == ["units.0002_default_types"]


@pytest.mark.django_db
def test_readyz_stays_ready_when_the_broker_is_down(client):
    before = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    try:
        response = client.get("/readyz")
    finally:
        celery_app.conf.broker_url = before
    assert response.status_code == 200
    assert response.json()["broker"]["ok"] is False
