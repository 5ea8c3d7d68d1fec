from django.urls import path

from danvan import access
from units.scoping import Action

from . import views

app_name = "reports"

urlpatterns = [
    path("", access.authenticated(views.index), name="index"),
    path("start/", access.requires(Action.EDIT)(views.start), name="start"),
    path("<int:pk>/", access.authenticated(views.detail), name="detail"),
    path("<int:pk>/edit/", access.requires(Action.EDIT)(views.edit), name="edit"),
    path(
        "<int:pk>/step/<slug:name>/",
        access.authenticated(views.StepView.as_view()),
        name="transition",
    ),
    path("<int:pk>/pdf/", access.authenticated(views.report_pdf), name="pdf"),
    path("<int:pk>/dossier/", access.authenticated(views.report_dossier), name="dossier"),
    path("board/", access.requires(Action.REVIEW)(views.board), name="board"),
    path("summary/", access.requires(Action.REVIEW)(views.summary), name="summary"),
    path(
        "summary/letterhead/", access.requires(Action.MANAGE)(views.letterhead), name="letterhead"
    ),
    path("summary/texts/", access.requires(Action.MANAGE)(views.summary_texts), name="texts"),
    path("jobs/<int:pk>/", access.requires(Action.REVIEW)(views.job_status), name="job_status"),
    path(
        "jobs/<int:pk>/download/",
        access.requires(Action.REVIEW)(views.job_download),
        name="job_download",
    ),
]
