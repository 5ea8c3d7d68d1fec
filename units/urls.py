from django.urls import path

from danvan import access

from . import views

app_name = "units"

urlpatterns = [
    path("<int:pk>/", access.authenticated(views.unit_detail), name="detail"),
]
