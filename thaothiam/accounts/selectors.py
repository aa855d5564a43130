"""Readers of accounts: who holds a role where."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from thaothiam.accounts.models import RoleGrant, User


def users_holding(role: str, agency=None) -> QuerySet[User]:
    """Active users holding ``role`` for ``agency`` (a BMA-wide grant of that role counts), or anywhere
    when ``agency`` is None.

    Role and agency must be tested on the *same* grant: two ``.filter()`` calls across the multi-valued
    ``grants`` relation make two independent joins, so a user who is coordinator of one agency and
    staff of another would match "coordinator of the other". One ``Exists`` over ``RoleGrant`` keeps
    both conditions on one row.
    """
    grant = RoleGrant.objects.filter(user=OuterRef("pk"), role=role)
    if agency is not None:
        grant = grant.filter(Q(agency=agency) | Q(agency__isnull=True))
    return User.objects.filter(Exists(grant), is_active=True)
