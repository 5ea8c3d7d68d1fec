"""The project's nginx config (deploy/nginx) rendered for a throwaway nginx on loopback.

Shared by the proxy integration test and bench/proxy_uploads.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def nginx_binary() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def write_nginx_config(
    work: Path, *, listen: str, upstream: str, static_root: str, media_root: str
) -> Path:
    """Write nginx.conf (and what it includes) into ``work``; returns its path."""
    values = {
        "DANVAN_LISTEN": listen,
        "DANVAN_UPSTREAM": upstream,
        "DANVAN_CLIENT_MAX_BODY_SIZE": "21m",
        "DANVAN_STATIC_ROOT": static_root,
        "DANVAN_MEDIA_ROOT": media_root,
    }
    template = (ROOT / "deploy" / "nginx" / "danvan.conf").read_text()
    config = re.sub(r"\$\{(\w+)\}", lambda m: values[m.group(1)], template)
    config = config.replace("/etc/nginx/danvan_proxy_params", str(work / "danvan_proxy_params"))
    config = config.replace("/dev/stdout", str(work / "nginx-access.log"))
    (work / "danvan.conf").write_text(config)
    shutil.copy(ROOT / "deploy" / "nginx" / "danvan_proxy_params", work)
    temp = "".join(
        f"{kind}_temp_path {work}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    (work / "nginx.conf").write_text(
        f"daemon off; worker_processes 1; pid {work}/nginx.pid; error_log {work}/error.log;\n"
        "events {}\n"
        f"http {{ {mime} {temp} include {work}/danvan.conf; }}\n"
    )
    return work / "nginx.conf"
