"""In-app notifications and the e-mail outbox.

A request writes rows here inside its own transaction; Celery delivers e-mails after commit and
beat sweeps what is left, so a broker outage delays a message and never loses it. The unique
``dedupe_key`` (recipient × event) means the same event never produces a second row; the row's
``Message-ID`` is derived from that key, so every copy of one row is the same message to mail
servers and clients (see ``delivery.py`` for the guarantee).
"""

import hashlib
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message shown in the recipient's notification list (with an unread count)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
        db_index=False,  # the (recipient, read_at) index serves it; fewer indexes, faster fan-outs
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notifications:open", args=[self.pk])


class OutboxStatus(models.TextChoices):
    """pending → claimed → sending → sent; see ``delivery.py`` for every transition."""

    PENDING = "pending", _("Waiting to be sent")
    CLAIMED = "claimed", _("Taken by a worker")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Delivered to the mail server")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped (no address)")


class EmailOutboxQuerySet(models.QuerySet):
    def due(self):
        """Rows a worker may take now."""
        return self.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=Now())

    def in_flight(self):
        return self.filter(status__in=[OutboxStatus.CLAIMED, OutboxStatus.SENDING])


class EmailOutbox(models.Model):
    """One e-mail to one address, written in the same transaction as the change it reports.

    The body is either rendered when the row is written (``body_text``/``body_html``) or, for
    large fan-outs, rendered by the worker from ``template`` and the JSON ``context``.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_emails",
        verbose_name=_("recipient"),
        db_index=False,  # looked up by dedupe_key (unique), never by recipient alone
        help_text=_("Empty when the address belongs to a unit rather than a person."),
    )
    recipient_name = models.CharField(_("recipient name"), max_length=150, blank=True)
    to_address = models.EmailField(_("address"), blank=True)
    kind = models.CharField(_("kind"), max_length=40)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    template = models.CharField(_("template"), max_length=120, blank=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_default=Now())
    claim_key = models.BigIntegerField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = EmailOutboxQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["claim_key"]),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_address or self.recipient}"

    @property
    def message_id(self) -> str:
        return message_id_for(kind=self.kind, dedupe_key=self.dedupe_key)

    @property
    def problem(self) -> str:
        """What went wrong, in words the office can act on. The mail server's raw reply stays in
        ``last_error`` (the logs and the superuser's admin page): "SMTPRecipientsRefused: 550
        5.1.1" means nothing to a party office."""
        error = self.last_error
        if not error or self.status == OutboxStatus.SENT:
            return ""
        if self.status == OutboxStatus.SKIPPED or error.startswith("No e-mail address"):
            return str(_("The person has no e-mail address: they see it in the site only."))
        if error.startswith("Worker stopped"):
            return str(_("Sending was interrupted; the e-mail is sent again automatically."))
        if "Recipients" in error or " 5.1." in error:
            return str(
                _(
                    "The recipient's mail server refused the address: check the person's "
                    "e-mail address."
                )
            )
        if "Authentication" in error:
            return str(
                _("The site could not log in to its mail server: tell the site administrator.")
            )
        if self.status == OutboxStatus.PENDING:
            return str(
                _("The mail server could not be reached; the e-mail will be sent again later.")
            )
        return str(
            _("The e-mail could not be sent. The site administrator has the technical details.")
        )


def message_id_domain() -> str:
    """The sender's domain (``DEFAULT_FROM_EMAIL``), else the site's host."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    domain = address.rpartition("@")[2]
    return domain or urlsplit(settings.SITE_BASE_URL).hostname or "danvan.local"


def message_id_for(*, kind: str, dedupe_key: str, domain: str | None = None) -> str:
    """``<reminder.{hash of the unique key}@{domain}>``: the same for every copy of one row.

    Mail servers and clients fold messages with the same Message-ID, so a row sent twice (a
    worker killed between the mail server's "250 OK" and our "sent" mark) is one e-mail to the
    reader. Deterministic across processes and restarts; reveals nothing about the key.
    """
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]
    local = "".join(c for c in kind if c.isalnum() or c in "-_") or "danvan"
    return f"<{local}.{digest}@{domain or message_id_domain()}>"
