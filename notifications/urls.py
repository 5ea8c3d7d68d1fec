from django.urls import path

from danvan import access

from . import views

app_name = "notifications"

urlpatterns = [
    path("", access.authenticated(views.notification_list), name="list"),
    path("<int:pk>/", access.authenticated(views.notification_open), name="open"),
    path("read-all/", access.authenticated(views.mark_all_read), name="read_all"),
]
