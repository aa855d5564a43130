"""`{% sign_in_options as sso %}`: which directories are switched on, for the sign-in buttons."""

from django import template
from django.conf import settings

from thaothiam.core.i18n import pick

register = template.Library()


@register.simple_tag
def sign_in_options() -> dict:
    return {
        "oidc": settings.THAOTHIAM_OIDC_ENABLED,
        "oidc_label": pick(settings.THAOTHIAM_OIDC_BUTTON_TH, settings.THAOTHIAM_OIDC_BUTTON_EN),
        "ldap": settings.THAOTHIAM_LDAP_ENABLED,
    }
