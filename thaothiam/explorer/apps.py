from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExplorerConfig(AppConfig):
    name = "thaothiam.explorer"
    label = "explorer"
    verbose_name = _("Data explorer")
