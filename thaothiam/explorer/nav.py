from django.utils.translation import gettext_lazy as _

from thaothiam.accounts.models import Role
from thaothiam.core.navigation import NavItem

ITEMS = [
    NavItem(_("Data explorer"), "explorer", frozenset({Role.CENTRAL, Role.EXECUTIVE, Role.COORDINATOR}), order=400),
]
