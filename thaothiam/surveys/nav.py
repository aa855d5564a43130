from django.utils.translation import gettext_lazy as _

from thaothiam.accounts.models import Role
from thaothiam.core.navigation import NavItem

ITEMS = [
    NavItem(_("My surveys"), "surveys:mine", frozenset({Role.STAFF}), order=500),
    NavItem(_("Survey results"), "surveys:results_index",
            frozenset({Role.CENTRAL, Role.EXECUTIVE, Role.COORDINATOR, Role.HEAD}), order=510),
    NavItem(_("Manage surveys"), "surveys:manage", frozenset({Role.CENTRAL}), order=720),
]
