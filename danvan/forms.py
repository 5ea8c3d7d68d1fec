"""Form helpers every app shares."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target if field != NON_FIELD_ERRORS else None, item)
    else:
        form.add_error(None, error)


def uploaded(value: Any) -> UploadedFile | None:
    """A new upload from cleaned_data, or None when the user kept the stored file."""
    return value if isinstance(value, UploadedFile) else None
