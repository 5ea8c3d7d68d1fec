"""`manage.py check --deploy` passes with the production settings README documents."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_deploy_check_passes_with_documented_production_environment():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "danvan.settings.production",
        "DJANGO_SECRET_KEY": "k3v9-Qz7p!xW2mR8tL5yN0bF4hJ6dS1aG-cE8uI3oP7qT2wZ9rY5",
        "DJANGO_ALLOWED_HOSTS": "danvan.example.vn",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://danvan.example.vn",
        "DATABASE_URL": "postgres://danvan:danvan@127.0.0.1:5432/danvan",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
