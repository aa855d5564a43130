from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "thaothiam.learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self):
        # The learning reach section of the executive dashboard and the year-end report (slot 85).
        from thaothiam.core.sections import register

        from .sections import ORDER, learning_section

        register(learning_section, order=ORDER)
