from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "thaothiam.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import lockout

        lockout.connect()
        _hide_otp_devices_from_the_admin()


def _hide_otp_devices_from_the_admin():
    """django-otp registers its device models in the admin; our admin writes only through audited
    services, so second factors are reset with `thaothiam reset-second-factor USERNAME` instead."""
    from django.contrib import admin
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
