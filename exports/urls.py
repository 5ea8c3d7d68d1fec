from django.urls import path

from danvan import access

from . import views

app_name = "exports"

urlpatterns = [
    path("<int:pk>/", access.authenticated(views.job), name="job"),
    path("<int:pk>/status/", access.authenticated(views.job_status), name="job_status"),
    path("<int:pk>/download/", access.authenticated(views.download), name="download"),
]
