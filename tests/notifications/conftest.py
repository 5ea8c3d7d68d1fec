import socket

import pytest

from notifications.services import Message, messages_write
from tests.notifications.smtp_server import SmtpServer


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback, with Django's SMTP backend pointed at it."""
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = 5
        yield server


@pytest.fixture
def closed_port() -> int:
    """A loopback port where nothing listens (the mail server refuses connections)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def queue_emails():
    """``queue_emails(n, prefix=…, addresses=…)`` writes n address-only outbox rows."""

    def queue(count: int, *, prefix: str = "t", addresses=None) -> None:
        addresses = addresses or [f"nguoi{i}@example.vn" for i in range(count)]
        messages_write(
            messages=[
                Message(
                    dedupe_key=f"test:{prefix}:{i}",
                    kind="test",
                    title=f"Thông báo {i}",
                    body="Nội dung",
                    to_address=address,
                    recipient_name=f"Người {i}",
                    in_app=False,
                )
                for i, address in enumerate(addresses)
            ]
        )

    return queue
