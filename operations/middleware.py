"""A download whose file is gone gets a plain Vietnamese page, and the standing office is told."""

import logging

from django.shortcuts import render

from danvan.uploads import StoredFileMissing

from .integrity import report_missing_download

logger = logging.getLogger("danvan.operations.integrity")


class StoredFileMissingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, StoredFileMissing):
            return None
        try:
            report_missing_download(exception.field_file)
        except Exception:
            # Telling the office must never turn the "file missing" page into a 500.
            logger.exception("could not report missing file %s", exception.field_file.name)
        return render(request, "operations/file_missing.html", status=404)
