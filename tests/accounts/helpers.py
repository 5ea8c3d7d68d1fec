"""Logging people in as the site requires: staff with a verified second factor.

``login_verified(client, user)`` (and the ``client`` fixture's ``force_login``, see
``VerifiedClient``) is ``client.force_login`` plus, for a person who needs a second
factor, a confirmed TOTP device whose verification is recorded in the session exactly as
``django_otp.login`` records it. The OTP step itself is exercised through its pages in
``tests/accounts`` and ``tests/smoke`` and the browser tests, with real codes.
"""

from __future__ import annotations

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp, totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.second_factor import second_factor_required


def totp_device(user) -> TOTPDevice:
    """The person's confirmed authenticator-app device (created when missing)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """A code the device accepts now, computed from its key like the person's phone would.

    django-otp refuses a time step already used (``last_t``) and accepts one step ahead, so a
    second login within the same 30 seconds uses the next step's code.
    """
    device.refresh_from_db()
    now_step = int(time.time() - device.t0) // device.step + device.drift
    if device.last_t < now_step:
        value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    else:
        step = device.last_t + 1
        while step > int(time.time() - device.t0) // device.step + device.drift + device.tolerance:
            time.sleep(1)
        value = hotp(device.bin_key, step, digits=device.digits)
    return f"{value:0{device.digits}d}"


def verify_session(client, user) -> TOTPDevice:
    """Mark the client's session as verified with the person's device."""
    device = totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def login_verified(client, user):
    """Log the client in as ``user``, second factor verified when the person needs one."""
    Client.force_login(client, user)
    if second_factor_required(user):
        verify_session(client, user)
    return client


class VerifiedClient(Client):
    """The test client whose ``force_login`` is ``login_verified`` (the ``client`` fixture)."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if second_factor_required(user):
            verify_session(self, user)


def pass_second_factor(client, user):
    """Take the second step through its pages with a real code, as a person would.

    Not enrolled yet: open the enrolment page (its secret waits in the session), type its code.
    Enrolled: type the current code on the verification page. Returns the last response.
    """
    from django.urls import reverse

    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        client.get(reverse("accounts:second_factor_enrol"))
        key = bytes.fromhex(client.session["danvan_pending_totp_key"])
        return client.post(
            reverse("accounts:second_factor_enrol"), {"code": f"{totp(key):06d}", "next": "/"}
        )
    device = totp_device(user)
    return client.post(
        reverse("accounts:second_factor_verify"), {"code": code_for(device), "next": "/"}
    )
