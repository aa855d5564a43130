from django.utils.translation import gettext_lazy as _

from thaothiam.accounts.models import Role
from thaothiam.core.navigation import NavItem

ITEMS = [
    NavItem(_("My learning"), "learning:mine", frozenset({Role.STAFF}), order=505),
    NavItem(_("Learning reach"), "learning:reach",
            frozenset({Role.CENTRAL, Role.EXECUTIVE, Role.COORDINATOR, Role.HEAD}), order=515),
    NavItem(_("Change agents"), "learning:change_agents", frozenset({Role.CENTRAL, Role.COORDINATOR}), order=516),
    NavItem(_("Manage learning"), "learning:manage", frozenset({Role.CENTRAL}), order=725),
]
