from django.urls import path

from danvan import access

from . import views

app_name = "accounts"

urlpatterns = [
    path("second-factor/", access.authenticated(views.manage), name="second_factor"),
    path(
        "second-factor/enrol/",
        access.authenticated(views.enrol),
        name="second_factor_enrol",
    ),
    path(
        "second-factor/verify/",
        access.authenticated(views.verify),
        name="second_factor_verify",
    ),
    path(
        "second-factor/backup-codes/",
        access.authenticated(views.backup_codes),
        name="second_factor_backup_codes",
    ),
    path(
        "second-factor/backup-codes/new/",
        access.authenticated(views.new_backup_codes),
        name="second_factor_new_backup_codes",
    ),
    path("second-factor/off/", access.authenticated(views.turn_off), name="second_factor_off"),
]
