"""Production settings trust X-Forwarded-Proto only behind the proxy, and do not preload HSTS
unless the operator asks."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "danvan.settings.production",
    "DJANGO_SECRET_KEY": "k3v9-Qz7p!xW2mR8tL5yN0bF4hJ6dS1aG-cE8uI3oP7qT2wZ9rY5",
    "DJANGO_ALLOWED_HOSTS": "danvan.example.vn",
    "DATABASE_URL": "postgres://danvan:secret@127.0.0.1:5432/danvan",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
READ = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'proxy': settings.SECURE_PROXY_SSL_HEADER, "
    "'preload': settings.SECURE_HSTS_PRELOAD, 'silenced': settings.SILENCED_SYSTEM_CHECKS}))"
)


def _settings(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DANVAN_", "DJANGO_"))}
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", READ],
        cwd=ROOT,
        env={**env, **PRODUCTION_ENV, **extra},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_gunicorn_reached_directly_does_not_trust_x_forwarded_proto():
    assert _settings()["proxy"] is None


def test_behind_the_proxy_x_forwarded_proto_is_trusted():
    assert _settings(DANVAN_BEHIND_PROXY="1")["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_hsts_preload_is_off_unless_asked_for():
    default = _settings()
    assert default["preload"] is False
    assert "security.W021" in default["silenced"]  # the deploy check's reminder, on purpose
    asked = _settings(DJANGO_SECURE_HSTS_PRELOAD="True")
    assert asked["preload"] is True
    assert asked["silenced"] == []
