from django.utils.translation import gettext_lazy as _

from thaothiam.accounts.models import Role
from thaothiam.core.navigation import NavItem

ITEMS = [
    NavItem(_("Agencies"), "agency_list", frozenset({Role.CENTRAL, Role.EXECUTIVE, Role.ADMIN}), order=800),
]
