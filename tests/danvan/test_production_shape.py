"""docker-compose.yml and the Dockerfile name only things that exist in the project.

Docker cannot run here, so this reads the files the way compose would and checks each service's
command against the code: the Celery app, the queues in settings, the gunicorn config, the
nginx config (through a real ``nginx -t`` when nginx is installed), the healthcheck URLs.
"""

import os
import re
import runpy
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import resolve

from danvan import health

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = {name: s for name, s in SERVICES.items() if "build" in s}


def _command(service: dict) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def _option(command: list[str], name: str) -> str | None:
    return command[command.index(name) + 1] if name in command else None


def _celery_services() -> dict[str, list[str]]:
    return {
        name: _command(s)
        for name, s in APP_SERVICES.items()
        if "celery" in _command(s)[:1] and "worker" in _command(s)
    }


def test_the_production_shape_has_every_service():
    assert set(SERVICES) >= {
        "proxy",
        "web",
        "worker-light",
        "worker-heavy",
        "beat",
        "db",
        "redis",
        "migrate",
    }
    assert [name for name, s in SERVICES.items() if s.get("ports")] == ["proxy"]


def test_celery_commands_name_the_app_and_queues_from_settings():
    from danvan.celery import app

    workers = _celery_services()
    consumed: set[str] = set()
    for name, command in [*workers.items(), ("beat", _command(SERVICES["beat"]))]:
        module, _, attr = _option(command, "-A").partition(":")
        assert module == "danvan.celery", name
        assert getattr(__import__(module, fromlist=["app"]), attr or "app") is app
    for name, command in workers.items():
        queues = set(_option(command, "-Q").split(","))
        assert queues <= set(settings.DANVAN_QUEUES), name
        consumed |= queues
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert consumed == set(settings.DANVAN_QUEUES) >= routed | {settings.CELERY_TASK_DEFAULT_QUEUE}


def test_heavy_tasks_route_to_the_capped_worker():
    assert settings.CELERY_TASK_ROUTES["reports.tasks.render_summary_task"] == {
        "queue": settings.DANVAN_QUEUE_HEAVY
    }
    heavy = _command(SERVICES["worker-heavy"])
    assert _option(heavy, "-Q") == settings.DANVAN_QUEUE_HEAVY
    for option in ("--concurrency", "--max-tasks-per-child", "--max-memory-per-child"):
        assert int(_option(heavy, option)) > 0, option
    assert SERVICES["worker-heavy"]["mem_limit"]


def test_web_runs_gunicorn_with_the_project_config():
    command = " ".join(_command(SERVICES["web"]))
    match = re.search(r"gunicorn -c (\S+)", command)
    assert match
    config = runpy.run_path(str(ROOT / match.group(1)))
    assert config["worker_class"] == "gthread"
    assert config["accesslog"] is None  # the application logs each request
    assert config["forwarded_allow_ips"] == "127.0.0.1"  # compose sets the proxy's address
    proxy_address = SERVICES["proxy"]["networks"]["backend"]["ipv4_address"]
    web_env = SERVICES["web"]["environment"]
    assert web_env["GUNICORN_FORWARDED_ALLOW_IPS"] == proxy_address
    module, _, attr = config["wsgi_app"].partition(":")
    assert attr in vars(__import__(module, fromlist=[attr]))


def test_healthchecks_call_urls_that_resolve_to_the_probes():
    urls = {}
    for name, service in SERVICES.items():
        test = service.get("healthcheck", {}).get("test", [])
        for path in re.findall(r"http://127\.0\.0\.1:\d+(/\w+)", " ".join(test)):
            urls[name] = path
    assert urls == {"proxy": "/healthz", "web": "/readyz"}
    assert resolve("/healthz").func.__wrapped__ is health.healthz
    assert resolve("/readyz").func.__wrapped__ is health.readyz


def test_no_password_has_a_default():
    text = (ROOT / "docker-compose.yml").read_text()
    assert "danvan:danvan" not in text
    for variable in ("POSTGRES_PASSWORD", "REDIS_PASSWORD"):
        uses = re.findall(r"\$\{" + variable + r"([^}]*)\}", text)
        assert uses, variable
        assert all(use.startswith(":?") for use in uses), f"{variable} must be required"
    assert "--requirepass" in _command(SERVICES["redis"])
    example = (ROOT / ".env.example").read_text()
    for line in example.splitlines():
        if re.match(r"\w*(PASSWORD|SECRET_KEY)=", line):
            assert line.endswith("="), f"no real secret in .env.example: {line}"


def test_app_services_trust_the_proxy_header_and_use_x_accel():
    env = COMPOSE["x-app"]["environment"]
    assert env["DANVAN_BEHIND_PROXY"] == "1"
    assert env["DANVAN_X_ACCEL_REDIRECT_PREFIX"] == "/protected/"
    nginx = (ROOT / "deploy/nginx/danvan.conf").read_text()
    assert "location /protected/" in nginx
    assert (
        "proxy_set_header X-Forwarded-Proto $scheme;"
        in (ROOT / "deploy/nginx/danvan_proxy_params").read_text()
    )


def test_the_container_runs_as_an_unprivileged_user():
    users = re.findall(r"^USER\s+(\S+)", (ROOT / "Dockerfile").read_text(), re.MULTILINE)
    assert users
    assert users[-1] not in {"root", "0"}


def _proxy_files() -> dict[str, Path]:
    files = {}
    for volume in SERVICES["proxy"]["volumes"]:
        source, target = volume.split(":")[:2]
        if source.startswith("./"):
            files[target] = ROOT / source
    return files


def test_the_proxy_config_files_exist_and_every_placeholder_is_set():
    files = _proxy_files()
    assert all(path.is_file() for path in files.values()), files
    template = files["/etc/nginx/templates/default.conf.template"].read_text()
    placeholders = set(re.findall(r"\$\{(\w+)\}", template))
    assert placeholders <= set(SERVICES["proxy"]["environment"])
    size = SERVICES["proxy"]["environment"]["DANVAN_CLIENT_MAX_BODY_SIZE"]
    assert int(size.rstrip("m")) * 1024 * 1024 > settings.DANVAN_MAX_UPLOAD_BYTES


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed")
def test_nginx_accepts_the_proxy_config(tmp_path):
    files = _proxy_files()
    env = {**SERVICES["proxy"]["environment"], "DANVAN_UPSTREAM": "127.0.0.1:8000"}
    template = files["/etc/nginx/templates/default.conf.template"].read_text()
    rendered = re.sub(r"\$\{(\w+)\}", lambda m: str(env[m.group(1)]), template)
    (tmp_path / "danvan.conf").write_text(rendered)
    shutil.copy(files["/etc/nginx/danvan_proxy_params"], tmp_path / "danvan_proxy_params")
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{ {mime} include {tmp_path}/danvan.conf; }}\n"
    )
    # The config includes danvan_proxy_params by the name it has in the image (/etc/nginx/).
    config = (tmp_path / "danvan.conf").read_text()
    config = config.replace("/etc/nginx/danvan_proxy_params", str(tmp_path / "danvan_proxy_params"))
    (tmp_path / "danvan.conf").write_text(config)
    result = subprocess.run(  # noqa: S603 - fixed command line
        [shutil.which("nginx"), "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ},
    )
    assert result.returncode == 0, result.stderr
