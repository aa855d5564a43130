from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from thaothiam.core.forms import BootstrapMixin, bootstrap


class LoginForm(AuthenticationForm):
    """Django's login form with our bilingual messages."""

    error_messages = {
        "invalid_login": _(
            "Wrong username or password. Both are case-sensitive."
        ),
        "inactive": _("This account is inactive."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})
        bootstrap(self)


class PasswordChangeForm(BootstrapMixin, auth_forms.PasswordChangeForm):
    """Django's password change, with Bootstrap's classes."""


class SetPasswordForm(BootstrapMixin, auth_forms.SetPasswordForm):
    """Django's new-password form (the end of a password reset), with Bootstrap's classes."""
