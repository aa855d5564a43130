from django.utils.translation import gettext_lazy as _

from thaothiam.accounts.models import Role
from thaothiam.core.navigation import NavItem

ITEMS = [
    NavItem(_("Administration"), "admin:index", frozenset({Role.ADMIN}), order=950),
]
