from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and sessions")

    def ready(self) -> None:
        # Receivers that log logins and lockouts and end a deactivated person's sessions.
        from . import receivers  # noqa: F401
