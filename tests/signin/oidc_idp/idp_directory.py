"""The provider's directory: a JSON file {username: {password, agency, groups, given_name, family_name,
email, active}} read on every sign-in and every userinfo request, so a test can move or remove a person."""

import json
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from oidc_provider.lib.claims import ScopeClaims


def people() -> dict:
    with open(os.environ["IDP_DIRECTORY"], encoding="utf-8") as handle:
        return json.load(handle)


class DirectoryFileBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        person = people().get(username or "")
        if not person or not person.get("active", True) or person.get("password") != password:
            return None
        user, _created = get_user_model().objects.get_or_create(username=username)
        return user

    def get_user(self, user_id):
        user = super().get_user(user_id)
        if user is None or not people().get(user.username, {}).get("active", True):
            return None
        return user


def subject(user) -> str:
    return f"bma-{user.username}"


def userinfo(claims, user):
    person = people().get(user.username, {})
    claims["preferred_username"] = user.username
    claims["given_name"] = person.get("given_name", "")
    claims["family_name"] = person.get("family_name", "")
    claims["email"] = person.get("email", "")
    return claims


class BMAScopeClaims(ScopeClaims):
    info_bma = ("BMA", "Agency and groups.")

    def scope_bma(self):
        person = people().get(self.user.username, {})
        return {"bma_agency_code": person.get("agency", ""), "groups": person.get("groups", [])}
