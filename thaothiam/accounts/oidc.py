"""Sign-in through an OpenID Connect provider (mozilla-django-oidc, authorization-code flow).

mozilla-django-oidc runs the protocol (state, nonce, token request, ID-token signature against the
provider's JWKS, userinfo); this backend turns the verified claims into an `Identity` and hands it
to `directory.directory_sign_in`, which creates or updates the account and its grants.
"""

from __future__ import annotations

import logging

import jwt
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .directory import GROUPS, DirectoryRefused, Identity, directory_sign_in, normalise_attributes
from .directory_models import Source

logger = logging.getLogger(__name__)


def identity_from_claims(claims: dict) -> Identity | None:
    subject = str(claims.get("sub") or "").strip()
    username = str(claims.get(settings.THAOTHIAM_OIDC_USERNAME_CLAIM) or claims.get("email") or "").strip()
    if not subject or not username:
        return None
    attributes = normalise_attributes(claims)
    groups = attributes.pop(settings.THAOTHIAM_OIDC_GROUPS_CLAIM.lower(), set())
    attributes[GROUPS] = groups
    agency = claims.get(settings.THAOTHIAM_OIDC_AGENCY_CLAIM) or ""
    return Identity(
        source=Source.OIDC, subject=subject, username=username[:150],
        agency_value=str(agency[0] if isinstance(agency, list) and agency else agency),
        first_name=str(claims.get("given_name") or ""), last_name=str(claims.get("family_name") or ""),
        email=str(claims.get("email") or ""), attributes=attributes,
    )


JWKS_SECONDS = 600  # the provider's signing keys are fetched again after this, or at once for an unknown key id


class DirectoryOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, with accounts created and updated by our directory service."""

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        # mozilla-django-oidc does not check the audience: an ID token minted for another client of the
        # same provider must not sign anyone in here.
        audience = payload.get("aud") if payload else None
        audiences = audience if isinstance(audience, list) else [audience]
        if payload and self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token audience is not this client")
        return payload

    def retrieve_matching_jwk(self, token):
        """The provider's key for this token, from a short cache: one JWKS request less per sign-in."""
        header = jwt.get_unverified_header(token)
        key = f"oidc-jwk:{self.OIDC_OP_JWKS_ENDPOINT}:{header.get('kid')}:{header.get('alg')}"
        cached = cache.get(key)
        if cached is not None:
            return jwt.PyJWK(cached)
        jwk = super().retrieve_matching_jwk(token)
        cache.set(key, jwk._jwk_data, JWKS_SECONDS)
        return jwk

    def get_or_create_user(self, access_token, id_token, payload):
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        if claims.get("sub") != payload.get("sub"):
            logger.warning("OIDC userinfo subject differs from the ID token's; refused.")
            return None
        identity = identity_from_claims(claims)
        if identity is None:
            logger.warning("OIDC claims carry no subject or username; refused.")
            return None
        try:
            return directory_sign_in(identity=identity)
        except DirectoryRefused as refusal:
            if self.request is not None:
                messages.error(self.request, str(refusal))
            return None

    def get_user(self, user_id):
        user = super().get_user(user_id)
        # A session outlives nothing: an account disabled (left the directory) is signed out at once.
        return user if user is not None and user.is_active else None
