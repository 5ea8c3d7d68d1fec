"""The waiting page of an export job, its polled fragment, and the download: the requester's
only (anybody else's job is a 404, like a job that does not exist)."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from danvan.excel import XLSX

from .models import ExportJob


def _own_job(request, pk: int) -> ExportJob:
    return get_object_or_404(ExportJob.objects.of(request.user), pk=pk)


def job(request, pk: int):
    return render(request, "exports/job.html", {"job": _own_job(request, pk)})


def job_status(request, pk: int):
    return render(request, "exports/includes/_job.html", {"job": _own_job(request, pk)})


def download(request, pk: int):
    export = _own_job(request, pk)
    if not export.file:
        raise Http404
    response = FileResponse(
        export.file.open("rb"), as_attachment=True, filename=export.filename, content_type=XLSX
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
