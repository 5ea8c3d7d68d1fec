from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from accounts import views as account_views
from units import views as unit_views
from units.forms import LoginForm

from . import access, health

admin.site.site_header = _("Dân vận khéo – administration")
admin.site.site_title = _("Dân vận khéo")
admin.site.index_title = _("Units, people and configuration")

auth_urlpatterns = [
    # Probes, answered early by health.HealthCheckMiddleware; routed so they declare their rule.
    path("healthz", access.public(health.healthz), name="healthz"),
    path("readyz", access.public(health.readyz), name="readyz"),
    path(
        "login/",
        access.public(
            auth_views.LoginView.as_view(
                authentication_form=LoginForm, redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("logout/", access.public(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password/change/",
        access.authenticated(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "password/change/done/",
        access.authenticated(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        access.public(account_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "password/reset/done/",
        access.public(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        access.public(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        access.public(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    # Probes, answered early by health.HealthCheckMiddleware; routed so they declare their rule.
    path("healthz", access.public(health.healthz), name="healthz"),
    path("readyz", access.public(health.readyz), name="readyz"),
    path("", access.authenticated(unit_views.home), name="home"),
    path("accounts/", include(auth_urlpatterns)),
    path("accounts/", include("accounts.urls")),
    path("i18n/setlang/", access.public(set_language), name="set_language"),
    # Routed here: units sits below danvan.access (tests/danvan/test_import_layers.py).
    path(
        "units/",
        include(
            (
                [path("<int:pk>/", access.authenticated(unit_views.unit_detail), name="detail")],
                "units",
            )
        ),
    ),
    path("campaigns/", include("campaigns.urls")),
    path("steering/", include("steering.urls")),
    path("registrations/", include("models_registry.urls")),
    path("reports/", include("reports.urls")),
    path("reminders/", include("reminders.urls")),
    path("notifications/", include("notifications.urls")),
    path("awards/", include("awards.urls")),
    path("support/", include("support.urls")),
    path("exports/", include("exports.urls")),
    path("history/", include("audit.urls")),
    path("admin/", admin.site.urls),
]

# A database outage answers a Vietnamese 503 with Retry-After, not a 500 (danvan.errors).
handler500 = "danvan.errors.server_error"
