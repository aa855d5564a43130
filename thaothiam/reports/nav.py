from django.utils.translation import gettext_lazy as _

from thaothiam.accounts.models import Role
from thaothiam.core.navigation import NavItem

ITEMS = [
    NavItem(_("Dashboard"), "reports_dashboard", frozenset({Role.CENTRAL, Role.EXECUTIVE, Role.HEAD}), order=100),
    NavItem(_("Year-end report"), "reports_year_end", frozenset({Role.CENTRAL, Role.EXECUTIVE, Role.HEAD}), order=110),
]
