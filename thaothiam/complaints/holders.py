"""Who holds the case keys: at least two holders per case, agencies' readiness, and officers leaving.

Every case is held by at least ``MIN_HOLDERS`` officers, one of them central's, so one lost password
never loses a case (issue 13 §4). A report that could not be wrapped to two is refused
(``services.ChannelNotReady``); removing a holder — from one case, or an officer leaving the channel —
is refused while it would leave any case with fewer than two. An agency's own channel is ready when two
of its complaint officers have keys; until then central's officers handle its reports (the public page
and the poster say so, central's settings page lists the agencies still short).

Removing an officer deletes every wrap of case keys to their public key and the key itself, and revokes
their complaint-officer grants: they can no longer open any case, even with their password. Case keys
are not rotated — the complainant's receipt wrap could not be redone without the receipt — so what the
officer already read stays read (decision 0162).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from thaothiam.accounts.models import Role, User
from thaothiam.agencies.models import Agency
from thaothiam.core import audit

from .models import Case, CaseHolder, OfficerKey

MIN_HOLDERS = 2


def local_key_holders(agency) -> int:
    """The agency's own complaint officers with a key (central's not counted)."""
    return (OfficerKey.objects.filter(user__is_active=True, user__grants__role=Role.COMPLAINT_OFFICER,
                                      user__grants__agency=agency)
            .exclude(user__grants__role=Role.COMPLAINT_OFFICER, user__grants__agency__isnull=True)
            .values("user").distinct().count())


def agency_ready(agency) -> bool:
    return local_key_holders(agency) >= MIN_HOLDERS


def agencies_not_ready() -> list[tuple[Agency, int]]:
    """Active agencies with fewer than two complaint officers holding a key: (agency, how many)."""
    keyed = (OfficerKey.objects.filter(user__is_active=True, user__grants__role=Role.COMPLAINT_OFFICER,
                                       user__grants__agency__isnull=False)
             .values_list("user__grants__agency", "user").distinct())
    counts: dict[int, set] = {}
    for agency_id, user_id in keyed:
        counts.setdefault(agency_id, set()).add(user_id)
    return [(a, len(counts.get(a.pk, ()))) for a in Agency.objects.filter(is_active=True).order_by("code")
            if len(counts.get(a.pk, ())) < MIN_HOLDERS]


def _left_short(user: User, cases=None) -> list[Case]:
    """Cases (not destroyed) this user holds that would keep fewer than two holders without them."""
    held = Case.objects.filter(pk__in=CaseHolder.objects.filter(user=user).values("case"), destroyed_on__isnull=True)
    if cases is not None:
        held = held.filter(pk__in=[c.pk for c in cases])
    enough = (CaseHolder.objects.exclude(user=user).values("case").annotate(n=Count("pk"))
              .filter(n__gte=MIN_HOLDERS).values("case"))
    return list(held.exclude(pk__in=enough).order_by("pk"))


def _refuse(short: list[Case]) -> None:
    raise ValidationError(
        _("Each case must stay held by at least two officers. Give these cases to another officer first: "
          "%(cases)s") % {"cases": ", ".join(c.number for c in short)})


@transaction.atomic
def case_holder_remove(*, case: Case, actor: User, user: User) -> None:
    """A holder takes an officer (or themselves) off one case: their wrap of the key is deleted."""
    from .services import event

    Case.objects.select_for_update().get(pk=case.pk)
    if not CaseHolder.objects.filter(case=case, user=user).exists():
        raise ValidationError(_("This officer does not hold the case."))
    short = _left_short(user, [case])
    if short:
        _refuse(short)
    CaseHolder.objects.filter(case=case, user=user).delete()
    event(case, "holder_removed", actor=actor, detail=f"user={user.pk}")


@transaction.atomic
def officer_remove(*, user: User, actor: User) -> int:
    """An officer leaves the complaint channel: wraps, key and complaint-officer grants go. Audited."""
    from thaothiam.accounts.services import role_revoke

    from .services import event

    list(Case.objects.select_for_update().filter(pk__in=CaseHolder.objects.filter(user=user).values("case")))
    short = _left_short(user)
    if short:
        _refuse(short)
    held = list(CaseHolder.objects.filter(user=user).select_related("case"))
    for holder in held:
        event(holder.case, "holder_removed", actor=actor, detail=f"user={user.pk}")
    CaseHolder.objects.filter(user=user).delete()
    had_key = OfficerKey.objects.filter(user=user).delete()[0] > 0
    for grant in list(user.grants.filter(role=Role.COMPLAINT_OFFICER)):
        role_revoke(grant=grant, actor=actor)
    audit.record("complaints.officer_removed", user, actor=actor,
                 before={"cases_held": len(held), "key": had_key}, after={"cases_held": 0, "key": False})
    return len(held)


def officers_overview() -> list[dict]:
    """Every active complaint officer: where, whether they have a key, how many cases they hold."""
    users = (User.objects.filter(is_active=True, grants__role=Role.COMPLAINT_OFFICER).distinct()
             .select_related("agency").annotate(held=Count("complaint_holdings", distinct=True))
             .order_by("agency__code", "username"))
    keyed = set(OfficerKey.objects.values_list("user_id", flat=True))
    central = set(User.objects.filter(grants__role=Role.COMPLAINT_OFFICER, grants__agency__isnull=True)
                  .values_list("pk", flat=True))
    return [{"user": u, "key": u.pk in keyed, "central": u.pk in central, "held": u.held} for u in users]
