from django.urls import path

from danvan import access
from units.scoping import Action

from . import views

app_name = "models_registry"

urlpatterns = [
    path("", access.authenticated(views.mine), name="mine"),
    path("new/", access.requires(Action.EDIT)(views.start), name="start"),
    path("duplicates/", access.requires(Action.EDIT)(views.duplicates), name="duplicates"),
    path("<int:pk>/", access.authenticated(views.detail), name="detail"),
    path("<int:pk>/edit/", access.requires(Action.EDIT)(views.edit), name="edit"),
    path("<int:pk>/pdf/", access.authenticated(views.sheet_pdf), name="sheet_pdf"),
    path("<int:pk>/dossier/", access.authenticated(views.dossier), name="dossier"),
    path("<int:pk>/autosave/", access.requires(Action.EDIT)(views.autosave), name="autosave"),
    path(
        "<int:pk>/step/<slug:name>/",
        access.authenticated(views.StepView.as_view()),
        name="transition",
    ),
    path(
        "<int:pk>/carry-over/",
        access.requires(Action.REVIEW)(views.carry_over),
        name="carry_over",
    ),
    path("<int:pk>/self-check/", access.requires(Action.EDIT)(views.self_check), name="self_check"),
    path("<int:pk>/score/", access.requires(Action.REVIEW)(views.score), name="score"),
    path("<int:pk>/comments/", access.authenticated(views.comment_add), name="comment_add"),
    path(
        "<int:pk>/attachments/",
        access.requires(Action.EDIT)(views.attachment_add),
        name="attachment_add",
    ),
    path(
        "<int:pk>/progress/", access.requires(Action.EDIT)(views.progress_add), name="progress_add"
    ),
    path(
        "files/<int:pk>/",
        access.authenticated(views.attachment_download),
        name="attachment_download",
    ),
    path(
        "files/<int:pk>/delete/",
        access.requires(Action.EDIT)(views.attachment_delete),
        name="attachment_delete",
    ),
    path("review/", access.requires(Action.REVIEW)(views.queue), name="queue"),
    path("review/accept/", access.requires(Action.REVIEW)(views.bulk_accept), name="bulk_accept"),
    path(
        "not-registered/",
        access.requires(Action.REVIEW)(views.not_registered),
        name="not_registered",
    ),
    path("library/", access.authenticated(views.library), name="library"),
    path("library/<int:pk>/", access.authenticated(views.library_detail), name="library_detail"),
    path(
        "library/<int:pk>/replicate/",
        access.requires(Action.EDIT)(views.replicate),
        name="replicate",
    ),
]
