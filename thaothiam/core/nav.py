from django.utils.translation import gettext_lazy as _

from thaothiam.core.navigation import NavItem
from thaothiam.core.roles import Role

ITEMS = [
    NavItem(_("Administration"), "admin:index", frozenset({Role.ADMIN}), order=950),
]
