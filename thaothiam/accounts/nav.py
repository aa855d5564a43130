from django.utils.translation import gettext_lazy as _

from thaothiam.core.navigation import NavItem

ITEMS = [
    NavItem(_("My page"), "me", order=900),
]
