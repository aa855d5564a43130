"""Password reset by e-mail for local accounts: Django's own flow (signed, single-use, expiring
links), Thai templates, and a rate limit so nobody can mail-bomb a colleague through it.

Only accounts with a usable local password get a link (Django's ``PasswordResetForm.get_users``);
accounts that sign in through the BMA's directory have no local password to reset. The page says
the same thing whether or not the address belongs to anyone, so it cannot be used to find accounts.
Limits: ``RESET_MAILS_PER_ACCOUNT`` links per account per hour (counted in the audit log, so every
server process sees them) and ``RESET_REQUESTS_PER_CLIENT`` requests per client address per hour.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.urls import reverse_lazy
from django.utils import timezone

from thaothiam.core import audit
from thaothiam.core.access import public
from thaothiam.core.forms import BootstrapMixin
from thaothiam.core.models import AuditEvent

from .forms import SetPasswordForm

RESET_MAILS_PER_ACCOUNT = 3
RESET_REQUESTS_PER_CLIENT = 20
WINDOW = dt.timedelta(hours=1)


def _client_allowed(request) -> bool:
    from axes.helpers import get_client_ip_address

    key = f"password-reset:{get_client_ip_address(request)}"
    count = cache.get_or_set(key, 0, int(WINDOW.total_seconds()))
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, int(WINDOW.total_seconds()))
        count = 1
    return count <= RESET_REQUESTS_PER_CLIENT


class ResetForm(BootstrapMixin, auth_forms.PasswordResetForm):
    request = None

    def get_users(self, email):
        since = timezone.now() - WINDOW
        for user in super().get_users(email):
            recent = AuditEvent.objects.filter(action="accounts.password_reset.mail", object_id=str(user.pk),
                                               at__gte=since).count()
            if recent < RESET_MAILS_PER_ACCOUNT:
                audit.record("accounts.password_reset.mail", user, actor=None)
                yield user

    def save(self, *args, request=None, **kwargs):
        if request is not None and not _client_allowed(request):
            return  # the page looks the same: an attacker learns nothing from being limited
        super().save(*args, request=request, **kwargs)


_templates = {"email_template_name": "registration/password_reset_email.txt",
              "subject_template_name": "registration/password_reset_subject.txt"}

reset = public(auth_views.PasswordResetView.as_view(form_class=ResetForm, success_url=reverse_lazy("password_reset_done"),
                                                    **_templates))
reset_done = public(auth_views.PasswordResetDoneView.as_view())
class ResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record("accounts.password_reset", form.user, actor=form.user)
        return response


reset_confirm = public(ResetConfirmView.as_view())
reset_complete = public(auth_views.PasswordResetCompleteView.as_view())
