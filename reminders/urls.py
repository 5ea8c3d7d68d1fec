from django.urls import path

from danvan import access
from units.scoping import Action

from . import views

app_name = "reminders"

manage = access.requires(Action.MANAGE)

urlpatterns = [
    path("", manage(views.reminder_log), name="log"),
    path("deadlines/<int:pk>/", manage(views.deadline_board), name="deadline"),
    path("deadlines/<int:pk>/units/<int:unit_pk>/send/", manage(views.send_now), name="send_now"),
    path("policies/", manage(views.policy_list), name="policies"),
    path("policies/<int:campaign_pk>/", manage(views.policy_edit), name="policy_edit"),
    path("calendar/", access.authenticated(views.calendar_settings), name="calendar_settings"),
    path(
        "calendar/new/",
        access.authenticated(views.calendar_regenerate),
        name="calendar_regenerate",
    ),
    path("calendar/revoke/", access.authenticated(views.calendar_revoke), name="calendar_revoke"),
    path("calendar/<str:token>.ics", access.token(views.calendar_feed), name="calendar_feed"),
]
