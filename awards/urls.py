from django.urls import path

from danvan import access
from units.scoping import Action

from . import views

app_name = "awards"

urlpatterns = [
    path("", access.authenticated(views.mine), name="mine"),
    path("<int:pk>/", access.authenticated(views.detail), name="detail"),
    path("<int:pk>/short-list/", access.authenticated(views.short_list), name="short_list"),
    path("<int:pk>/pdf/", access.authenticated(views.proposal_pdf), name="proposal_pdf"),
    path("<int:pk>/nominees/", access.requires(Action.EDIT)(views.nominee_add), name="nominee_add"),
    path(
        "nominees/<int:pk>/delete/",
        access.requires(Action.EDIT)(views.nominee_delete),
        name="nominee_delete",
    ),
    path("<int:pk>/files/", access.requires(Action.EDIT)(views.dossier_upload), name="upload"),
    path(
        "<int:pk>/files/<slug:name>/",
        access.authenticated(views.dossier_download),
        name="download",
    ),
    path("<int:pk>/step/<slug:name>/", access.authenticated(views.StepView.as_view()), name="step"),
    path("review/", access.requires(Action.REVIEW)(views.queue), name="queue"),
    path("quotas/", access.requires(Action.MANAGE)(views.quotas), name="quotas"),
    path(
        "quotas/<int:pk>/delete/",
        access.requires(Action.MANAGE)(views.quota_delete),
        name="quota_delete",
    ),
    path("decisions/", access.requires(Action.REVIEW)(views.decisions), name="decisions"),
    path("decisions/new/", access.requires(Action.MANAGE)(views.decision_new), name="decision_new"),
    path(
        "decisions/<int:pk>/",
        access.requires(Action.REVIEW)(views.decision_detail),
        name="decision",
    ),
    path(
        "decisions/<int:pk>/file/",
        access.requires(Action.REVIEW)(views.decision_file),
        name="decision_file",
    ),
    path(
        "decisions/<int:pk>/pdf/",
        access.requires(Action.REVIEW)(views.decision_pdf),
        name="decision_pdf",
    ),
    path(
        "decisions/<int:pk>/certificates/",
        access.requires(Action.REVIEW)(views.certificates_pdf),
        name="certificates_pdf",
    ),
    path(
        "decisions/<int:pk>/certificates/<int:recipient_pk>/",
        access.requires(Action.REVIEW)(views.certificates_pdf),
        name="certificate_pdf",
    ),
]
