"""The default storage records each file's SHA-256 and size as it writes it.

Every ``FileField`` of every app saves through the default storage, so this is the one place
where "at upload time" holds for all of them (uploads, signed decisions, rendered PDFs alike).
The row is written on the caller's database connection: when the surrounding transaction rolls
back, the record goes with it, as the owning row does.
"""

from __future__ import annotations

import hashlib

from django.core.files.storage import FileSystemStorage

CHUNK = 1024 * 1024


def digest_of(chunks) -> tuple[str, int]:
    """SHA-256 (hex) and size of a stream of byte chunks."""
    sha = hashlib.sha256()
    size = 0
    for chunk in chunks:
        if isinstance(chunk, str):
            chunk = chunk.encode()
        sha.update(chunk)
        size += len(chunk)
    return sha.hexdigest(), size


class HashingStorageMixin:
    """Put in front of any Django storage class (file system today, S3-compatible tomorrow)."""

    def _save(self, name, content):
        sha256, size = digest_of(content.chunks(CHUNK))
        name = super()._save(name, content)
        from .integrity import stored_file_record

        stored_file_record(name=name, sha256=sha256, size=size)
        return name

    def delete(self, name):
        super().delete(name)
        from .integrity import stored_file_forget

        stored_file_forget(name=name)


class HashingFileSystemStorage(HashingStorageMixin, FileSystemStorage):
    pass
