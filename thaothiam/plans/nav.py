from django.utils.translation import gettext_lazy as _

from thaothiam.accounts.models import Role
from thaothiam.core.navigation import NavItem

ITEMS = [
    NavItem(_("Home"), "home", order=0, public=True),
    NavItem(_("Manage the plan"), "plan_manage", frozenset({Role.CENTRAL}), order=700),
    NavItem(_("Indicators and targets"), "plan_indicators", frozenset({Role.CENTRAL}), order=705),
]
