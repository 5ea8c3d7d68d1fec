from django.urls import path

from danvan import access
from units.scoping import Action

from . import views

app_name = "campaigns"

manage = access.requires(Action.MANAGE)
edit = access.requires(Action.EDIT)

urlpatterns = [
    # Campaigns, plans, deadlines and extensions (the standing office manages them).
    path("", access.authenticated(views.campaign_list), name="list"),
    path("new/", manage(views.campaign_create), name="create"),
    path("<int:pk>/", access.authenticated(views.campaign_detail), name="detail"),
    path("<int:pk>/edit/", manage(views.campaign_edit), name="edit"),
    path("<int:pk>/status/<slug:action>/", manage(views.StepView.as_view()), name="transition"),
    path("<int:pk>/plans/new/", manage(views.plan_create), name="plan_create"),
    path("plans/<int:pk>/edit/", manage(views.plan_edit), name="plan_edit"),
    path("<int:pk>/deadlines/new/", manage(views.deadline_create), name="deadline_create"),
    path("deadlines/<int:pk>/", manage(views.deadline_detail), name="deadline_detail"),
    path("deadlines/<int:pk>/edit/", manage(views.deadline_edit), name="deadline_edit"),
    path("extensions/<int:pk>/revoke/", manage(views.extension_revoke), name="extension_revoke"),
    # A unit's own deadlines, with its extensions applied.
    path("deadlines/", access.authenticated(views.unit_deadlines), name="unit_deadlines"),
    # The directive documents register: everyone reads, the standing office writes.
    path("documents/", access.authenticated(views.document_list), name="document_list"),
    path("documents/new/", manage(views.document_create), name="document_create"),
    path(
        "documents/<int:pk>/", access.authenticated(views.document_detail), name="document_detail"
    ),
    path("documents/<int:pk>/edit/", manage(views.document_edit), name="document_edit"),
    path("documents/<int:pk>/delete/", manage(views.document_delete), name="document_delete"),
    path(
        "documents/<int:pk>/file/", access.authenticated(views.document_file), name="document_file"
    ),
    # Dissemination sessions and propaganda activities, recorded by the unit.
    path("sessions/", access.authenticated(views.session_list), name="session_list"),
    path("sessions/new/", edit(views.session_create), name="session_create"),
    path("sessions/<int:pk>/edit/", edit(views.session_edit), name="session_edit"),
    path("sessions/<int:pk>/delete/", edit(views.session_delete), name="session_delete"),
    path("sessions/<int:pk>/file/", access.authenticated(views.session_file), name="session_file"),
    path("propaganda/", access.authenticated(views.propaganda_list), name="propaganda_list"),
    path("propaganda/new/", edit(views.propaganda_create), name="propaganda_create"),
    path("propaganda/<int:pk>/edit/", edit(views.propaganda_edit), name="propaganda_edit"),
    path("propaganda/<int:pk>/delete/", edit(views.propaganda_delete), name="propaganda_delete"),
    path(
        "propaganda/<int:pk>/file/",
        access.authenticated(views.propaganda_file),
        name="propaganda_file",
    ),
]
