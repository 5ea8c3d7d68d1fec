from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        # Same words whether the account exists or not.
        "invalid_login": _("Incorrect login or password. Please check and try again."),
        "inactive": _("Incorrect login or password. Please check and try again."),
    }
