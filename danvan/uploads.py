"""Uploaded files: checked by content (not by name), stored privately, served only after an
access check by the view that owns them."""

from __future__ import annotations

import mimetypes
import zipfile
from pathlib import PurePath
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

# Signature bytes of the kinds officials attach: scanned decisions (PDF, images), Word/Excel
# files (OOXML is a zip; old .doc/.xls are OLE compound files).
SIGNATURES: dict[str, list[bytes]] = {
    "pdf": [b"%PDF-"],
    "jpeg": [b"\xff\xd8\xff"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "ooxml": [b"PK\x03\x04"],
    "ole": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
}
EXTENSIONS: dict[str, set[str]] = {
    "pdf": {".pdf"},
    "jpeg": {".jpg", ".jpeg"},
    "png": {".png"},
    "ooxml": {".docx", ".xlsx", ".pptx"},
    "ole": {".doc", ".xls"},
}
DOCUMENT_KINDS = ("pdf", "ooxml", "ole", "jpeg", "png")
IMAGE_KINDS = ("jpeg", "png")


def sniff(head: bytes) -> str | None:
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(sig) for sig in signatures):
            return kind
    return None


@deconstructible
class FileContentValidator:
    """Refuse files that are too big, or whose content is not one of the allowed kinds, or whose
    name claims another kind than the content (a renamed .exe is refused)."""

    def __init__(self, kinds: tuple[str, ...] = DOCUMENT_KINDS, max_bytes: int | None = None):
        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes

    def __call__(self, file) -> None:
        limit = self.max_bytes or settings.DANVAN_MAX_UPLOAD_BYTES
        if file.size is not None and file.size > limit:
            raise ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB."),
                code="file_too_large",
                params={
                    "size": f"{file.size / 1048576:.1f}",
                    "limit": f"{limit / 1048576:.0f}",
                },
            )
        position = file.tell() if hasattr(file, "tell") else 0
        file.seek(0)
        head = file.read(16)
        file.seek(position)
        kind = sniff(head)
        suffix = PurePath(file.name or "").suffix.lower()
        allowed = ", ".join(sorted(ext for k in self.kinds for ext in EXTENSIONS[k]))
        if kind not in self.kinds or suffix not in EXTENSIONS[kind]:
            raise ValidationError(
                _("This file type is not accepted. Allowed: %(allowed)s."),
                code="file_type",
                params={"allowed": allowed},
            )
        if kind == "ooxml":
            check_office_archive(file, limit=10 * limit)

    def __eq__(self, other) -> bool:
        return isinstance(other, FileContentValidator) and (self.kinds, self.max_bytes) == (
            other.kinds,
            other.max_bytes,
        )


def check_office_archive(file, *, limit: int) -> None:
    """A Word/Excel file is a zip: refuse one that is not a real Office file, or that would
    unpack to more than ``limit`` bytes (a zip bomb named .docx). Whoever opens it later — the
    import, a reviewer's Office, a virus scanner — must not be flooded."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as damaged:
        raise ValidationError(
            _("The file is damaged or is not a real Word/Excel file."), code="file_damaged"
        ) from damaged
    finally:
        file.seek(position)
    if "[Content_Types].xml" not in names:
        raise ValidationError(
            _("The file is damaged or is not a real Word/Excel file."), code="file_damaged"
        )
    if sum(member.file_size for member in members) > limit:
        raise ValidationError(
            _("The file would unpack to more than %(limit)s MB; it cannot be accepted."),
            code="file_unpacks_too_large",
            params={"limit": f"{limit / 1048576:.0f}"},
        )


class StoredFileMissing(Http404):
    """The row names a file that is not on disk. A 404, never a 500; the operations middleware
    answers it with its own page and tells the standing office."""

    def __init__(self, field_file):
        super().__init__(field_file.name)
        self.field_file = field_file


def serve_file(field_file, *, download_name: str | None = None) -> HttpResponse:
    """Stream a stored file. Call only after the view has checked access to its owner.

    Behind nginx (``DANVAN_X_ACCEL_REDIRECT_PREFIX`` set) the answer is only headers and nginx
    sends the file from its internal location, so a slow download holds no gunicorn thread.
    """
    name = download_name or PurePath(field_file.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    prefix = settings.DANVAN_X_ACCEL_REDIRECT_PREFIX
    if prefix and isinstance(field_file.storage, FileSystemStorage):
        if not field_file.storage.exists(field_file.name):
            raise StoredFileMissing(field_file)
        response = HttpResponse(content_type=content_type)
        # The stored name is generated by us and relative to MEDIA_ROOT (nginx's alias).
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field_file.name)
        response["Content-Disposition"] = content_disposition_header(True, name)
        response["X-Content-Type-Options"] = "nosniff"
        return response
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, IsADirectoryError) as missing:
        raise StoredFileMissing(field_file) from missing
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
