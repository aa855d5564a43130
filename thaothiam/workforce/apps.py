from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "thaothiam.workforce"
    label = "workforce"
    verbose_name = _("Workforce")

    def ready(self):
        # The workforce statistics section of the executive dashboard and the year-end report.
        from thaothiam.core.sections import register

        from .sections import ORDER, workforce_section

        register(workforce_section, order=ORDER)
