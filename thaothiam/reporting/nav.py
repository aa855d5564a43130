from django.utils.translation import gettext_lazy as _

from thaothiam.accounts.models import Role
from thaothiam.core.navigation import NavItem

ITEMS = [
    NavItem(_("Agency reports"), "reporting_home", frozenset({Role.COORDINATOR, Role.HEAD}), order=200),
    NavItem(_("Review"), "reporting_review", frozenset({Role.CENTRAL}), order=210),
    NavItem(_("Completeness"), "reporting_matrix", frozenset({Role.CENTRAL, Role.EXECUTIVE}), order=220),
    NavItem(_("Results"), "reporting_results", frozenset({Role.CENTRAL, Role.EXECUTIVE}), order=230),
    NavItem(_("Rounds and deadlines"), "reporting_rounds", frozenset({Role.CENTRAL}), order=710),
]
