from django.utils.translation import gettext_lazy as _

from thaothiam.accounts.models import Role
from thaothiam.core.navigation import NavItem

ITEMS = [
    NavItem(_("Complaint channel"), "complaints:channels", frozenset(), order=520, public=True),
    NavItem(_("Complaint cases"), "complaints:cases", frozenset({Role.COMPLAINT_OFFICER}), order=530),
    NavItem(_("Complaint trends"), "complaints:trends",
            frozenset({Role.CENTRAL, Role.EXECUTIVE, Role.HEAD, Role.COMPLAINT_OFFICER}), order=540),
    NavItem(_("Complaint settings"), "complaints:manage", frozenset({Role.CENTRAL}), order=730),
]
