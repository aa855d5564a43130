from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _secure_delete(sender, connection, **kwargs):
    """SQLite overwrites deleted content with zeros (the mixing pool's rows, drafts): decision 0034."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")


class SurveysConfig(AppConfig):
    name = "thaothiam.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        # The survey headline section of the executive dashboard and the year-end report.
        from thaothiam.core.sections import register

        from .sections import ORDER, survey_section

        register(survey_section, order=ORDER)
        connection_created.connect(_secure_delete, dispatch_uid="surveys.secure_delete")
