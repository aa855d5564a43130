from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "thaothiam.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from thaothiam.core.sections import register

        from . import keys  # noqa: F401 — connects the sign-in handler that opens an officer's key
        from .sections import ORDER, complaint_section

        register(complaint_section, order=ORDER)
