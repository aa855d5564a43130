"""Signing people in from a directory, and taking the account away when they leave it.

Both OpenID Connect (oidc.py) and LDAP (ldap.py) hand `directory_sign_in` one `Identity`: who the
directory says the person is, their agency attribute and their groups and claims. This module is
the only writer of directory accounts: it creates the user on the first sign-in, keeps their home
agency and the grants the mapping made in step with the directory (through `role_grant` and
`role_revoke`, audited), and disables the account when the directory no longer knows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thaothiam.agencies.models import Agency
from thaothiam.core import audit

from .directory_models import AgencyMapping, DirectoryAccount, DirectoryGrant, RoleMapping
from .models import Role, RoleGrant, User
from .services import role_grant, role_revoke, user_create

GROUPS = "groups"


@dataclass
class Identity:
    source: str
    subject: str  # stable identifier in the directory: the OIDC `sub` or the LDAP username
    username: str
    agency_value: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    # Lower-cased attribute name → lower-cased values; group memberships under "groups".
    attributes: dict[str, set[str]] = field(default_factory=dict)


class DirectoryRefused(Exception):
    """The person may not sign in; the message (bilingual through gettext) says why."""


REFUSALS = {
    "no_agency": _("Your directory account does not name a BMA agency that ThaoThiam knows. "
                   "Ask the system administrator to map it."),
    "disabled": _("This account has been disabled. Ask the system administrator."),
    "username_taken": _("A local account with your username already exists. Ask the system administrator "
                        "to link it to your directory account."),
}


def normalise_attributes(raw: dict) -> dict[str, set[str]]:
    """Claims or LDAP attributes as {name: {values}}, names and values lower-cased, bytes decoded."""
    out: dict[str, set[str]] = {}
    for name, value in raw.items():
        values = value if isinstance(value, list | tuple | set) else [value]
        cleaned = set()
        for v in values:
            if isinstance(v, bytes):
                v = v.decode("utf-8", "replace")
            if isinstance(v, str | int | bool):
                cleaned.add(str(v).strip().lower())
        if cleaned:
            out[str(name).lower()] = cleaned
    return out


def resolve_agency(identity: Identity) -> Agency | None:
    """The agency attribute's value: a mapping row first, else an agency code spelt the same way."""
    value = identity.agency_value.strip()
    if not value:
        return None
    mapped = (AgencyMapping.objects.filter(value__iexact=value, source__in=[identity.source, ""])
              .select_related("agency").order_by("-source").first())
    if mapped is not None:
        return mapped.agency
    return Agency.objects.filter(code__iexact=value, is_active=True).first()


def wanted_grants(identity: Identity, agency: Agency) -> set[tuple[str, int | None]]:
    """`staff` of the home agency, plus every active mapping row the person's groups and claims match."""
    wanted: set[tuple[str, int | None]] = {(Role.STAFF.value, agency.pk)}
    rows = RoleMapping.objects.filter(is_active=True, source__in=[identity.source, ""])
    for row in rows:
        if row.value.strip().lower() not in identity.attributes.get(row.attribute.strip().lower(), set()):
            continue
        if row.role != Role.STAFF and not row.grants_privileged:
            continue  # the database refuses such rows; checked again here because it is the point
        target = {RoleMapping.Scope.OWN: agency.pk, RoleMapping.Scope.AGENCY: row.agency_id,
                  RoleMapping.Scope.BMA: None}[row.scope]
        wanted.add((row.role, target))
    return wanted


def directory_sign_in(*, identity: Identity) -> User:
    """The user this identity signs in as: created on the first sign-in, brought up to date on every one.

    Raises DirectoryRefused when the person may not sign in (no known agency, disabled by the
    administrator, or a local account already holds the username). A person whose agency attribute
    no longer names a known agency has left as far as ThaoThiam can tell: their account is disabled.
    """
    agency = resolve_agency(identity)
    if agency is None:
        account = DirectoryAccount.objects.filter(source=identity.source, subject=identity.subject).first()
        if account is not None:
            directory_account_leave(account=account, reason="no_agency")
        raise DirectoryRefused(REFUSALS["no_agency"])
    return _sign_in(identity, agency)


@transaction.atomic
def _sign_in(identity: Identity, agency: Agency) -> User:
    account = (DirectoryAccount.objects.select_for_update().select_related("user")
               .filter(source=identity.source, subject=identity.subject).first())
    if account is None:
        account = _first_sign_in(identity, agency)
    user = account.user
    if not user.is_active:
        if account.left_at is None:  # disabled by the administrator: the directory cannot undo that
            raise DirectoryRefused(REFUSALS["disabled"])
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit.record("directory.return", user, actor=user, agency=agency, after={"source": identity.source})
    _update_profile(user, identity, agency)
    account.last_seen, account.left_at = timezone.now(), None
    account.save(update_fields=["last_seen", "left_at"])
    directory_grants_sync(account=account, wanted=wanted_grants(identity, agency))
    return user


def _first_sign_in(identity: Identity, agency: Agency) -> DirectoryAccount:
    if User.objects.filter(username__iexact=identity.username).exists():
        raise DirectoryRefused(REFUSALS["username_taken"])
    try:
        with transaction.atomic():
            user = user_create(username=identity.username, password=None, agency=agency,
                               first_name=identity.first_name[:150], last_name=identity.last_name[:150],
                               email=identity.email[:254])
            account = DirectoryAccount.objects.create(user=user, source=identity.source, subject=identity.subject)
    except IntegrityError:
        # The same person's first sign-in in two tabs at once: the other one created the account.
        account = DirectoryAccount.objects.select_related("user").get(source=identity.source,
                                                                      subject=identity.subject)
        return account
    audit.record("directory.link", user, actor=user, agency=agency,
                 after={"source": identity.source, "subject": identity.subject})
    return account


def _update_profile(user: User, identity: Identity, agency: Agency) -> None:
    wanted = {"agency_id": agency.pk, "first_name": identity.first_name[:150] or user.first_name,
              "last_name": identity.last_name[:150] or user.last_name, "email": identity.email[:254] or user.email}
    before = {name: getattr(user, name) for name in wanted}
    if before == wanted:
        return
    for name, value in wanted.items():
        setattr(user, name, value)
    user.save(update_fields=list(wanted))
    audit.record("directory.profile", user, actor=user, agency=agency, before=before, after=wanted)


@transaction.atomic
def directory_grants_sync(*, account: DirectoryAccount, wanted: set[tuple[str, int | None]]) -> None:
    """Grant what the mapping wants and revoke what it granted before and no longer wants.

    Grants the administrator made by hand are never touched: only the ones recorded as the
    mapping's own (DirectoryGrant) are revoked.
    """
    user = account.user
    owned = {(g.role, g.agency_id): g for g in account.grants.all()}
    existing = set(user.grants.values_list("role", "agency_id"))
    agencies = Agency.objects.in_bulk({a for _r, a in wanted if a is not None})
    for role, agency_id in sorted(wanted - set(owned), key=str):
        if (role, agency_id) not in existing:
            role_grant(user=user, role=role, agency=agencies.get(agency_id), actor=user)
            DirectoryGrant.objects.create(account=account, role=role, agency_id=agency_id)
    for key in set(owned) - wanted:
        role, agency_id = key
        grant = RoleGrant.objects.filter(user=user, role=role, agency_id=agency_id).first()
        if grant is not None:
            role_revoke(grant=grant, actor=user)
        owned[key].delete()


@transaction.atomic
def directory_account_leave(*, account: DirectoryAccount, reason: str, actor: User | None = None) -> None:
    """The directory no longer knows this person: disable the account and take back the mapping's grants."""
    user = account.user
    directory_grants_sync(account=account, wanted=set())
    account.left_at = account.left_at or timezone.now()
    account.save(update_fields=["left_at"])
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit.record("directory.leave", user, actor=actor, agency=user.agency,
                     before={"is_active": True}, after={"is_active": False}, note=reason)
