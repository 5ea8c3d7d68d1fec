"""Who needs a second factor, and the TOTP devices and backup codes behind it (django-otp)."""

from __future__ import annotations

import re
from typing import Any

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from units.scoping import BLOC_ROLES, get_scope

BACKUP_CODES = 10
APP_DEVICE_NAME = "app"
BACKUP_DEVICE_NAME = "backup"


def second_factor_required(user: Any) -> bool:
    """Reviewers, the standing office, staff and superusers must use a second factor."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(BLOC_ROLES & get_scope(user).roles)


def confirmed_app_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_second_factor(user: Any) -> bool:
    """Enrolled: an authenticator app confirmed with a first code."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_app_device(user: Any, key: str) -> TOTPDevice:
    """The device being enrolled, not saved: its secret lives in the session until a first
    code confirms it (a GET writes nothing)."""
    return TOTPDevice(user=user, name=APP_DEVICE_NAME, key=key, confirmed=False)


def new_secret() -> str:
    return random_hex(20)


def code_matches(device: TOTPDevice, code: str) -> int | None:
    """The time step a first code for a device not saved yet matches, or None (django-otp's
    own check, without the writes ``verify_token`` makes)."""
    code = re.sub(r"\s+", "", code or "")
    if not code.isdigit():
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return totp.t() if totp.verify(int(code), device.tolerance) else None


def secret_for_typing(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, as authenticator apps accept it typed in."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(re.findall(".{1,4}", secret))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn on the server (no script, no CDN)."""
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=16, border=2
    )
    svg = image.to_string(encoding="unicode")
    return re.sub(r"^<\?xml[^>]*\?>\s*", "", svg)


@transaction.atomic
def confirm_app_device(device: TOTPDevice, *, used_step: int) -> list[str]:
    """Save the enrolled device, confirmed, and issue fresh backup codes.

    Its first code's time step is recorded as used, so that code cannot log in a second time.
    """
    device.confirmed = True
    device.last_t = used_step
    device.save()
    return new_backup_codes(device.user)


@transaction.atomic
def new_backup_codes(user: Any) -> list[str]:
    """Replace the person's backup codes (single-use, for a lost phone) with ten new ones."""
    backup, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE_NAME)
    backup.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


@transaction.atomic
def remove_second_factor(user: Any) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def verify_code(user: Any, code: str) -> Any | None:
    """The device (app or backup code) that accepts ``code``, or None.

    Each device throttles its own failures (django-otp doubles the wait after each one), so a
    code cannot be guessed by trying them all.
    """
    code = re.sub(r"\s+", "", code or "")
    if not code:
        return None
    devices = [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]
    for device in devices:
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(code):
            return device
    return None


def throttled(user: Any) -> bool:
    """After a wrong code the app's device makes the next try wait (1 s, 2 s, 4 s…)."""
    device = confirmed_app_device(user)
    return device is not None and not device.verify_is_allowed()[0]
