"""The OpenID Connect endpoints of mozilla-django-oidc, public and answering 404 while OIDC is off."""

from django.conf import settings
from django.http import Http404
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from thaothiam.core.access import public

_start = OIDCAuthenticationRequestView.as_view()
_callback = OIDCAuthenticationCallbackView.as_view()


def _require_oidc() -> None:
    if not settings.THAOTHIAM_OIDC_ENABLED:
        raise Http404


@public
def oidc_start(request):
    """Send the browser to the provider's authorization endpoint (state, nonce and PKCE in the session)."""
    _require_oidc()
    return _start(request)


@public
def oidc_callback(request):
    """The provider sends the browser back here with a code; the backend turns it into a signed-in user."""
    _require_oidc()
    return _callback(request)
