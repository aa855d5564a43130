"""Reads of the complaint channel. An officer sees a case only if they hold it (its key is wrapped to
them); every other case — including one they are excluded from — is 404, the same answer as missing."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.http import Http404

from thaothiam.accounts.models import Role, User
from thaothiam.accounts.selectors import users_holding

from . import crypto
from .keys import today
from .models import OPEN_STATES, AccessEntry, Attachment, Case, CaseHolder, State

CIPHER_FIELDS = ("content", "receipt_wrap", "receipt_lookup")  # never needed to list cases


def held_cases(user: User, *, state: str = "", agency_id: int | None = None):
    """The cases this officer holds, coarse fields only (no key needed to list them)."""
    cases = (Case.objects.filter(holders__user=user).exclude(exclusions__user=user).select_related("agency")
             .defer(*CIPHER_FIELDS))
    if state == "open":
        cases = cases.filter(state__in=OPEN_STATES)
    elif state == "overdue":
        cases = cases.filter(state__in=OPEN_STATES, due_on__lt=today())
    elif state in State.values:
        cases = cases.filter(state=state)
    if agency_id:
        cases = cases.filter(agency_id=agency_id)
    return cases.order_by("-received_on", "-pk")


def held_case(user: User, pk: int) -> tuple[Case, CaseHolder]:
    holder = (CaseHolder.objects.select_related("case", "case__agency")
              .filter(case_id=pk, user=user).exclude(case__exclusions__user=user).first())
    if holder is None:
        raise Http404
    return holder.case, holder


def case_key(holder: CaseHolder, private_key: bytes) -> bytes:
    return crypto.unwrap(holder.wrapped_key, private_key)


@dataclass
class Content:
    narrative: str
    wants: list[str]
    place: str
    when: dict
    name: str
    contact: dict
    accused: str
    accused_who: str = ""


def content(case: Case, key: bytes) -> Content | None:
    if case.content is None:
        return None
    data = json.loads(crypto.open_sealed(key, case.content))
    return Content(narrative=data["narrative"], wants=data["wants"], place=data["place"], when=data["when"],
                   name=data["name"], contact=data["contact"], accused=data.get("accused", ""),
                   accused_who=data.get("accused_who", ""))


def messages(case: Case, key: bytes) -> list[dict]:
    out = []
    for message in case.messages.select_related("officer"):
        body = crypto.open_sealed(key, message.body).decode() if message.body is not None else None
        out.append({"sender": message.sender, "officer": message.officer, "sent_on": message.sent_on,
                    "body": body})
    return out


def attachments(case: Case, key: bytes) -> list[dict]:
    out = []
    for item in case.attachments.all():
        meta = json.loads(crypto.open_sealed(key, item.meta)) if item.meta is not None else {}
        out.append({"pk": item.pk, "sender": item.sender, "name": meta.get("name", ""), "size": item.size,
                    "added_on": item.added_on})
    return out


def attachment_bytes(item: Attachment, key: bytes) -> tuple[str, str, bytes]:
    meta = json.loads(crypto.open_sealed(key, item.meta))
    with default_storage.open(item.blob.name, "rb") as handle:
        data = crypto.open_sealed(key, handle.read())
    return meta["name"], meta["type"], data


def grantable_officers(case: Case) -> list[User]:
    """Complaint officers with a key who neither hold nor are excluded from the case."""
    return list(users_holding(Role.COMPLAINT_OFFICER, case.agency).filter(complaint_key__isnull=False)
                .exclude(pk__in=case.holders.values("user_id")).exclude(pk__in=case.exclusions.values("user_id"))
                .distinct().order_by("username"))


def is_central_officer(user: User) -> bool:
    return user.grants.filter(role=Role.COMPLAINT_OFFICER, agency__isnull=True).exists()


def access_log(viewer: User, *, limit: int = 500):
    """The latest openings of case content, except of cases the viewer is excluded from."""
    return (AccessEntry.objects.select_related("case", "user").exclude(case__exclusions__user=viewer)
            .order_by("-pk")[:limit])


def thinly_held(user: User):
    """Cases this officer holds that fewer than two officers hold (after a colleague's key reset): give them."""
    from django.db.models import Count

    from .holders import MIN_HOLDERS

    enough = CaseHolder.objects.values("case").annotate(n=Count("pk")).filter(n__gte=MIN_HOLDERS).values("case")
    return held_cases(user).filter(destroyed_on__isnull=True).exclude(pk__in=enough)


def complaint_officers() -> list[User]:
    """Every active complaint officer, for the report form's exclusion list."""
    return list(User.objects.filter(is_active=True, grants__role=Role.COMPLAINT_OFFICER)
                .select_related("agency").distinct().order_by("agency__code", "first_name", "username"))
