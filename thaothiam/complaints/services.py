"""Writes of the complaint channel: reporting, messages, handling, grants, retention.

Case-handling actions are recorded in the case's own append-only ``CaseEvent`` trail (date precision,
no content) rather than in the core audit log, whose rows carry a time: a submission's time of day, set
beside who was signed in, could identify a complainant (docs/decisions/0070-complaint-crypto.md).
Central's settings (channels, holidays, due days) go through ``thaothiam.core.audit``.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from thaothiam.accounts.models import Role, User
from thaothiam.core.fiscal import fiscal_year

from . import crypto
from .holders import MIN_HOLDERS
from .keys import today
from .models import (
    PATHS,
    Attachment,
    Case,
    CaseEvent,
    CaseExclusion,
    CaseHolder,
    Config,
    Message,
    OfficerKey,
    Outcome,
    PublicityCount,
    Sender,
    State,
)
from .workdays import add_working_days


class ChannelNotReady(Exception):
    """The case could not be held by two officers, one of them central's: it could not be kept safe."""


def config() -> Config:
    found = Config.objects.first()
    if found is None:
        ops, mem = crypto.argon2_cost()
        found = Config.objects.create(receipt_salt=crypto.new_salt(), receipt_ops=ops, receipt_mem=mem)
    return found


def event(case: Case, action: str, *, actor=None, detail: str = "") -> None:
    CaseEvent.objects.create(case=case, actor=actor, action=action, detail=detail, on=today())


# --- routing -------------------------------------------------------------------------------------

def officer_keys(agency) -> tuple[list[OfficerKey], list[OfficerKey]]:
    """The keys of the agency's complaint officers and of central's (BMA-wide) complaint officers."""
    keys = (OfficerKey.objects.filter(user__is_active=True, user__grants__role=Role.COMPLAINT_OFFICER)
            .select_related("user").distinct())
    central = list(keys.filter(user__grants__agency__isnull=True, user__grants__role=Role.COMPLAINT_OFFICER))
    central_ids = {k.user_id for k in central}
    local = [k for k in keys.filter(user__grants__agency=agency, user__grants__role=Role.COMPLAINT_OFFICER)
             if k.user_id not in central_ids]
    return local, central


# --- reporting -----------------------------------------------------------------------------------

@dataclass
class Report:
    agency: object
    category: str
    relationship: str
    named: bool
    narrative: str
    wants: list[str]
    when_month: int | None = None
    when_year: int | None = None
    ongoing: bool = False
    place: str = ""
    name: str = ""
    contact_mode: str = "system"  # "system", "phone" or "email"
    phone: str = ""
    email: str = ""
    notify: bool = False
    accused: User | None = None  # a user account: excluded; a head of the agency sends the case to central only
    accused_who: str = ""  # the complainant's description of the person complained about (any staff member)
    excluded: tuple[User, ...] = ()
    files: tuple = ()


def _content(report: Report) -> dict:
    return {
        "narrative": report.narrative, "wants": list(report.wants), "place": report.place,
        "when": {"month": report.when_month, "year": report.when_year, "ongoing": report.ongoing},
        "name": report.name if report.named else "",
        "contact": {"mode": report.contact_mode, "phone": report.phone, "email": report.email,
                    "notify": bool(report.notify and report.email)},
        "accused": report.accused.get_full_name() or report.accused.username if report.accused else "",
        "accused_who": report.accused_who,
    }


def accused_account(text: str) -> User | None:
    """The active account a complainant named by e-mail or user name (exact, case-insensitive), or None.

    Never tells the complainant whether it matched: the form answers the same either way, so the public
    page cannot be used to test which names have accounts."""
    text = text.strip()
    if not text:
        return None
    from django.db.models import Q

    found = list(User.objects.filter(Q(username__iexact=text) | Q(email__iexact=text), is_active=True)[:2])
    return found[0] if len(found) == 1 else None


def heads_agency(user: User | None, agency) -> bool:
    """True when the person complained about heads the agency: its own officers answer to them."""
    return bool(user) and user.grants.filter(role=Role.HEAD, agency=agency).exists()


def store_file(case: Case, case_key: bytes, upload, content_type: str, sender: str) -> Attachment:
    upload.seek(0)
    data = upload.read()
    name = default_storage.save(f"complaints/{secrets.token_hex(16)}", ContentFile(crypto.seal(case_key, data)))
    meta = json.dumps({"name": upload.name, "type": content_type}).encode()
    return Attachment.objects.create(case=case, sender=sender, blob=name, meta=crypto.seal(case_key, meta),
                                     size=len(data), added_on=today())


@transaction.atomic
def case_submit(*, report: Report) -> tuple[Case, str]:
    """File a report: encrypt it under a new case key, wrap the key to the receipt and the officers.

    Returns the case and its receipt (shown once, never stored). Excluded officers (and the officer named
    as the person complained about) never get the key; when every agency officer is excluded the case
    goes to central only. Raises ChannelNotReady when no central officer could hold it.
    """
    excluded = {u.pk for u in report.excluded} | ({report.accused.pk} if report.accused else set())
    local, central = officer_keys(report.agency)
    if heads_agency(report.accused, report.agency):
        local = []  # the agency's officers answer to the person complained about: central's officers only
    local = [k for k in local if k.user_id not in excluded]
    central = [k for k in central if k.user_id not in excluded]
    if not central or len(local) + len(central) < MIN_HOLDERS:
        raise ChannelNotReady
    cfg = config()
    for _attempt in range(3):
        receipt = crypto.new_receipt()
        keys = crypto.receipt_keys(receipt, cfg.receipt_salt, cfg.receipt_ops, cfg.receipt_mem)
        if not Case.objects.filter(receipt_lookup=keys.lookup).exists():
            break
    case_key = crypto.new_case_key()
    day = today()
    case = Case.objects.create(
        agency=report.agency, category=report.category, relationship=report.relationship, named=report.named,
        fiscal_year=fiscal_year(day), received_on=day, last_handled_on=day,
        due_on=add_working_days(day, cfg.acknowledge_days),
        receipt_lookup=keys.lookup, receipt_wrap=crypto.wrap(case_key, keys.public_key),
        content=crypto.seal(case_key, json.dumps(_content(report)).encode()),
    )
    CaseExclusion.objects.bulk_create([CaseExclusion(case=case, user_id=pk) for pk in sorted(excluded)])
    CaseHolder.objects.bulk_create(
        [CaseHolder(case=case, user=k.user, wrapped_key=crypto.wrap(case_key, k.public_key), central=False,
                    granted_on=day) for k in local]
        + [CaseHolder(case=case, user=k.user, wrapped_key=crypto.wrap(case_key, k.public_key), central=True,
                      granted_on=day) for k in central])
    for upload, content_type in report.files:
        store_file(case, case_key, upload, content_type, Sender.COMPLAINANT)
    event(case, "received", detail=f"holders={len(local) + len(central)}")
    return case, receipt


# --- messages ------------------------------------------------------------------------------------

@transaction.atomic
def complainant_message(*, case: Case, case_key: bytes, text: str, files=()) -> None:
    if case.destroyed_on:
        raise ValidationError(_("This case has been closed and its content destroyed."))
    if text.strip():
        Message.objects.create(case=case, sender=Sender.COMPLAINANT, sent_on=today(),
                               body=crypto.seal(case_key, text.encode()))
    for upload, content_type in files:
        store_file(case, case_key, upload, content_type, Sender.COMPLAINANT)
    event(case, "complainant_added")


@transaction.atomic
def officer_message(*, case: Case, officer: User, case_key: bytes, text: str, files=()) -> None:
    if text.strip():
        Message.objects.create(case=case, sender=Sender.OFFICER, officer=officer, sent_on=today(),
                               body=crypto.seal(case_key, text.encode()))
    for upload, content_type in files:
        store_file(case, case_key, upload, content_type, Sender.OFFICER)
    Case.objects.filter(pk=case.pk).update(last_handled_on=today())
    event(case, "officer_message", actor=officer)
    transaction.on_commit(lambda: _notify_complainant(case, case_key))


def _notify_complainant(case: Case, case_key: bytes) -> None:
    from .notifications import news_for_complainant

    news_for_complainant(case, case_key)


# --- handling ------------------------------------------------------------------------------------

@transaction.atomic
def case_transition(*, case: Case, officer: User, to: str, outcome: str = "") -> Case:
    """Move the case along the state machine; refuses illegal moves. Sets the next stage's due date."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.may_go_to(to):
        raise ValidationError(_("A case in state “%(state)s” cannot move to “%(to)s”.")
                              % {"state": case.get_state_display(), "to": State(to).label})
    if to == State.DECIDED and outcome not in Outcome.values:
        raise ValidationError(_("Choose the outcome."))
    day, cfg = today(), config()
    if case.due_on and day > case.due_on:
        case.late_stages += 1
    case.state, case.last_handled_on = to, day
    if to == State.ACKNOWLEDGED:
        case.acknowledged_on = day
        case.due_on = add_working_days(day, cfg.decide_days)
    elif to == State.ASSESSMENT:
        pass  # the decide-the-path due date runs on from acknowledgement
    elif to in PATHS:
        if not case.path:
            case.path, case.path_on = to, day
        case.due_on = add_working_days(day, cfg.fact_finding_days) if to == State.FACT_FINDING else None
    elif to == State.DECIDED:
        case.outcome, case.decided_on, case.due_on = outcome, day, None
        if not case.path_on:
            case.path_on = day
    elif to == State.CLOSED:
        case.closed_on, case.due_on = day, None
    case.escalated_on = None
    case.save()
    event(case, "state", actor=officer, detail=to + (f":{outcome}" if outcome else ""))
    return case


@transaction.atomic
def case_grant(*, case: Case, officer: User, case_key: bytes, to: User) -> CaseHolder:
    """Give another complaint officer the case (re-wrap the key to their public key)."""
    if case.exclusions.filter(user=to).exists():
        raise ValidationError(_("This officer is excluded from the case and cannot be given it."))
    key = OfficerKey.objects.filter(user=to, user__is_active=True,
                                    user__grants__role=Role.COMPLAINT_OFFICER).distinct().first()
    if key is None:
        raise ValidationError(_("This person is not a complaint officer with a key yet (they must sign in once)."))
    central = to.grants.filter(role=Role.COMPLAINT_OFFICER, agency__isnull=True).exists()
    try:
        with transaction.atomic():
            holder = CaseHolder.objects.create(case=case, user=to, wrapped_key=crypto.wrap(case_key, key.public_key),
                                               central=central, granted_on=today(), granted_by=officer)
    except IntegrityError:
        raise ValidationError(_("This officer already holds the case.")) from None
    event(case, "granted", actor=officer, detail=f"to={to.pk}")
    return holder


@transaction.atomic
def officer_key_replaced(*, user: User) -> int:
    """A new key pair drops the officer's holdings: the old wraps can no longer be opened."""
    held = list(CaseHolder.objects.filter(user=user).select_related("case"))
    for holder in held:
        event(holder.case, "holder_key_replaced", detail=f"user={user.pk}")
    CaseHolder.objects.filter(user=user).delete()
    return len(held)


@transaction.atomic
def measure_add(*, case: Case, officer: User, kind: str, starts_on, ends_on=None):
    from .models import Measure

    if ends_on and ends_on < starts_on:
        raise ValidationError(_("The end date is before the start date."))
    measure = Measure.objects.create(case=case, kind=kind, starts_on=starts_on, ends_on=ends_on)
    Case.objects.filter(pk=case.pk).update(last_handled_on=today())
    event(case, "measure", actor=officer, detail=kind)
    return measure


@transaction.atomic
def followup_done(*, case: Case, officer: User, which: int) -> None:
    """The officer checked with the complainant for retaliation, 30 or 90 days after closing."""
    if case.state != State.CLOSED or which not in (30, 90):
        raise ValidationError(_("Follow-up checks are for closed cases."))
    field = f"followup_{which}_done_on"
    Case.objects.filter(pk=case.pk).update(**{field: today()})
    event(case, "followup", actor=officer, detail=str(which))


def access_record(*, case: Case, user: User, what: str) -> None:
    from .models import AccessEntry

    AccessEntry.objects.create(case=case, user=user, what=what, on=today())


# --- retention -----------------------------------------------------------------------------------

@transaction.atomic
def case_destroy_content(*, case: Case) -> None:
    """Crypto-shredding: every wrap of the case key and every ciphertext goes; coarse fields stay."""
    for attachment in case.attachments.all():
        default_storage.delete(attachment.blob.name)
    case.attachments.all().delete()
    case.messages.update(body=None)
    case.holders.all().delete()
    case.exclusions.all().delete()
    case.measures.all().delete()
    Case.objects.filter(pk=case.pk).update(content=None, receipt_wrap=None, receipt_lookup=None,
                                           destroyed_on=today())
    event(case, "content_destroyed")


# --- publicity counters --------------------------------------------------------------------------

def publicity_count(*, agency, kind: str) -> None:
    """One more poster download or QR visit for the agency this fiscal year (no record of who)."""
    fy = fiscal_year(today())
    updated = PublicityCount.objects.filter(agency=agency, kind=kind, fiscal_year=fy).update(count=F("count") + 1)
    if not updated:
        try:
            with transaction.atomic():
                PublicityCount.objects.create(agency=agency, kind=kind, fiscal_year=fy, count=1)
        except IntegrityError:
            PublicityCount.objects.filter(agency=agency, kind=kind, fiscal_year=fy).update(count=F("count") + 1)
