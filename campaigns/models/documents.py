"""The register of directive documents: letters, notices, plans, guidelines, directives…"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.text import fold, nfc
from danvan.uploads import FileContentValidator
from units.models import Unit
from units.scoping import Action, UnitScopedQuerySet, get_scope

from .campaigns import Campaign


def private_path(folder: str, filename: str) -> str:
    """Where an upload is stored: MEDIA_ROOT/private/<folder>/<random>/<name>.

    MEDIA_ROOT is never served; views stream files after checking access. The random folder
    keeps the original name for the download while two uploads never collide.
    """
    return f"private/{folder}/{uuid.uuid4().hex[:12]}/{PurePath(filename).name}"


def document_upload_to(instance, filename: str) -> str:
    return private_path("campaigns/documents", filename)


class DocumentType(models.TextChoices):
    OFFICIAL_LETTER = "official_letter", _("Official letter")
    NOTICE = "notice", _("Notice")
    PLAN = "plan", _("Plan")
    GUIDELINE = "guideline", _("Guideline")
    DIRECTIVE = "directive", _("Directive")
    JOINT_GUIDELINE = "joint_guideline", _("Joint guideline")
    DECISION = "decision", _("Decision")


class DirectiveDocumentQuerySet(UnitScopedQuerySet):
    """Each register entry belongs to the bloc (or province) whose office recorded it.

    Reading is wide like a campaign's: a person sees the documents kept by a unit above or inside
    their scope (a grassroots member reads their bloc's register). Changing one needs MANAGE on
    its owner unit, so another bloc's office gets a 404. Entries recorded before documents had
    an owner (``owner_unit`` empty) are read by everyone and changed only by a superuser.
    """

    scope_unit_lookup = "owner_unit"

    def for_action(self, user: Any, action: Action) -> DirectiveDocumentQuerySet:
        if Action(action) != Action.VIEW:
            return super().for_action(user, action)
        scope = get_scope(user)
        if scope.everything:
            return self.all()
        if not scope.roots(Action.VIEW):
            return self.none()
        return self.filter(
            scope.q_reaching(Action.VIEW, "owner_unit") | models.Q(owner_unit__isnull=True)
        )

    def search(self, text: str) -> DirectiveDocumentQuerySet:
        return self.filter(search_text__contains=fold(text)) if text else self


class DirectiveDocumentManager(models.Manager.from_queryset(DirectiveDocumentQuerySet)):
    """A document the office removed is kept (with its file and history) but left out of the
    register, campaign pages and downloads. ``_base_manager`` still reaches it."""

    def get_queryset(self) -> DirectiveDocumentQuerySet:
        return super().get_queryset().filter(removed_at__isnull=True)


class DirectiveDocument(models.Model):
    """A document as issued. Its number/symbol is kept exactly as written (``238-CV/TU``): real
    documents carry inconsistencies and the register never "corrects" them."""

    number = models.CharField(
        _("number/symbol"),
        max_length=80,
        help_text=_("Exactly as printed on the document, e.g. 238-CV/TU."),
    )
    doc_type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices)
    issued_on = models.DateField(
        _("issued on"), null=True, blank=True, help_text=_("Leave empty if unknown.")
    )
    issuer = models.CharField(_("issued by"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to=document_upload_to,
        blank=True,
        max_length=255,
        validators=[FileContentValidator()],
    )
    campaigns = models.ManyToManyField(
        Campaign, blank=True, related_name="documents", verbose_name=_("campaigns")
    )
    owner_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("kept by"),
        help_text=_("The bloc (or province) whose register holds this document."),
    )
    search_text = models.CharField(max_length=600, blank=True, editable=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    objects = DirectiveDocumentManager()
    history = HistoricalRecords(m2m_fields=["campaigns"])

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("directive document")
        verbose_name_plural = _("directive documents")
        constraints = [
            models.UniqueConstraint(
                fields=["owner_unit", "issuer", "doc_type", "number"],
                condition=models.Q(removed_at__isnull=True),
                name="campaigns_document_unique_number",
                violation_error_message=_(
                    "The register already holds a document of this type with this number from "
                    "this issuer."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.number}"

    def save(self, *args, **kwargs):
        self.normalise()
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:document_detail", args=[self.pk])

    def normalise(self) -> None:
        """NFC only: the number is otherwise stored as typed. Bulk inserts call this."""
        self.number = nfc(self.number)
        self.issuer = nfc(self.issuer)
        self.summary = nfc(self.summary)
        self.search_text = fold(f"{self.number} {self.issuer} {self.summary}")[:600]

    def clean(self):
        self.normalise()
