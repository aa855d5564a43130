from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "thaothiam.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        # The survey headline section of the executive dashboard and the year-end report.
        from thaothiam.reports.sections import register

        from .sections import ORDER, survey_section

        register(survey_section, order=ORDER)
