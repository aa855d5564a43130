from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "thaothiam.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .landing import mark_signed_in

        user_logged_in.connect(mark_signed_in, dispatch_uid="thaothiam.core.landing")
