from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "thaothiam.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from .content import register_builtin

        register_builtin()
