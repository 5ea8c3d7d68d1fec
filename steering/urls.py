from django.urls import path

from danvan import access
from units.scoping import Action

from . import views

app_name = "steering"

edit = access.requires(Action.EDIT)

urlpatterns = [
    path("", access.authenticated(views.my_setup), name="home"),
    path("units/<int:pk>/", access.authenticated(views.unit_setup), name="unit"),
    path("units/<int:pk>/decision/", edit(views.decision_edit), name="decision_edit"),
    path("units/<int:pk>/regulations/new/", edit(views.regulation_add), name="regulation_add"),
    path("regulations/<int:pk>/edit/", edit(views.regulation_edit), name="regulation_edit"),
    path(
        "decisions/<int:pk>/file/", access.authenticated(views.decision_file), name="decision_file"
    ),
    path(
        "regulations/<int:pk>/file/",
        access.authenticated(views.regulation_file),
        name="regulation_file",
    ),
    path("board/", access.requires(Action.REVIEW)(views.setup_board), name="board"),
]
