"""Writes for accounts: create users and grant or revoke roles (each one audited)."""

from django.db import transaction

from thaothiam.agencies.models import Agency
from thaothiam.core import audit

from .models import Role, RoleGrant, User


@transaction.atomic
def user_create(
    *, username: str, password: str | None, agency: Agency | None = None, first_name: str = "",
    last_name: str = "", email: str = "", actor: User | None = None,
) -> User:
    user = User(username=username, agency=agency, first_name=first_name, last_name=last_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit.record("user.create", user, actor=actor, after={"username": username, "agency": agency and agency.code})
    return user


@transaction.atomic
def role_grant(*, user: User, role: Role | str, agency: Agency | None = None, actor: User | None = None) -> RoleGrant:
    grant, created = RoleGrant.objects.get_or_create(user=user, role=role, agency=agency)
    if created:
        audit.record(
            "role.grant", user, actor=actor, after={"role": str(role), "agency": agency and agency.code},
        )
    if role == Role.ADMIN and not user.is_staff:
        # Django's admin site is the administrator's tool; is_staff follows the admin role.
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return grant


@transaction.atomic
def role_revoke(*, grant: RoleGrant, actor: User | None = None) -> None:
    user, role, agency = grant.user, grant.role, grant.agency
    grant.delete()
    audit.record("role.revoke", user, actor=actor, before={"role": role, "agency": agency and agency.code})
    if role == Role.ADMIN and not user.grants.filter(role=Role.ADMIN).exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])
