"""The sign-in steps after the password for roles that need a second factor, and the page where a
signed-in user sees their second factor and renews their recovery codes (accounts/twofactor.py)."""

from __future__ import annotations

import segno
from django import forms
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from thaothiam.core.access import public, signed_in
from thaothiam.core.forms import BootstrapMixin

from . import twofactor


class CodeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=16, widget=forms.TextInput(attrs={
        "autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}))


class LoginView(auth_views.LoginView):
    """Django's login; for a role that needs a second factor the password only starts the sign-in."""

    def form_valid(self, form):
        user = form.get_user()
        if not twofactor.requires_second_factor(user):
            return super().form_valid(form)
        twofactor.pending_start(self.request, user, self.get_success_url())
        twofactor.password_accepted.send(sender=type(self), request=self.request, user=user)
        return redirect("twofactor_setup" if twofactor.totp_device(user) is None else "twofactor_verify")


def _finish(request, user, device, next_url: str):
    twofactor.pending_clear(request)
    auth.login(request, user, backend=user.backend)
    otp_login(request, device)
    return next_url


def _failed(request, user) -> None:
    """A wrong code counts as a failed sign-in for this username and client (django-axes)."""
    user_login_failed.send(sender=__name__, credentials={"username": user.username}, request=request)


def _expired(request):
    """No password step in this session (or it is over 5 minutes old): start again."""
    return render(request, "twofactor/expired.html", status=200)


@public
@require_http_methods(["GET", "POST"])
def verify(request):
    user, pending = twofactor.pending_user(request)
    if user is None:
        return _expired(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.check_code(user, form.cleaned_data["code"])
        if device is not None:
            return redirect(_finish(request, user, device, pending["next"]))
        _failed(request, user)
        form.add_error("code", _("This code is not right, or it has been used. Enter the current code."))
    return render(request, "twofactor/verify.html", {"form": form})


@public
@require_http_methods(["GET", "POST"])
def setup(request):
    user, pending = twofactor.pending_user(request)
    if user is None:
        return _expired(request)
    if twofactor.totp_device(user) is not None:
        return redirect("twofactor_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False, pk=request.session.get("twofactor_setup")).first()
    if device is None:
        device = twofactor.second_factor_begin(user=user)
        request.session["twofactor_setup"] = device.pk
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.second_factor_confirm(user=user, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            request.session.pop("twofactor_setup", None)
            next_url = _finish(request, user, device, pending["next"])
            return render(request, "twofactor/recovery_codes.html", {"codes": codes, "next": next_url})
        _failed(request, user)
        form.add_error("code", _("This code is not right. Check the time on your phone and enter the current code."))
    secret = twofactor.base32_key(device)
    return render(request, "twofactor/setup.html", {
        "form": form, "secret": secret, "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5)})


@signed_in
@require_http_methods(["GET"])
def overview(request):
    return render(request, "twofactor/overview.html", {
        "device": twofactor.totp_device(request.user),
        "required": request.user.grants.filter(role__in=twofactor.REQUIRED_ROLES).exists()})


@signed_in
@require_POST
def recovery_codes(request):
    if twofactor.totp_device(request.user) is None:
        return redirect("twofactor_overview")
    codes = twofactor.recovery_codes_regenerate(user=request.user)
    return render(request, "twofactor/recovery_codes.html", {"codes": codes, "next": None})
