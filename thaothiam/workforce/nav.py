from django.utils.translation import gettext_lazy as _

from thaothiam.accounts.models import Role
from thaothiam.core.navigation import NavItem

ITEMS = [
    NavItem(_("Workforce indicators"), "workforce_indicators", frozenset({Role.CENTRAL, Role.EXECUTIVE, Role.COORDINATOR}), order=410),
    NavItem(_("Workforce import"), "workforce_upload", frozenset({Role.CENTRAL, Role.COORDINATOR}), order=420),
    NavItem(_("Open data"), "workforce_open_data", order=800, public=True),
]
