"""Review before publishing: an import lands as a draft (DraftPerson rows, read by nothing that
publishes); central compares it with what is published and publishes or discards it
(docs/decisions/0102). Publishing replaces the job's scope in the snapshot of its date, in one
transaction, with the same code every import used before review existed (services.replace_scope).

The comparison shows counts of people by agency and sex, and how many people came and went: it is a
table about people shown to central, so every count in it is cell-key perturbed exactly as the
explorer publishes it (docs/decisions/0105) — the same people give the same value here and there.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from thaothiam.agencies.models import Agency
from thaothiam.core import audit
from thaothiam.core.cellkey import KEYS, perturb, record_key, secret

from . import services
from .models import DraftPerson, Person, Snapshot, SnapshotAgency, WorkforceCell, WorkforceImport
from .parser import PersonRow


class PublishRefused(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def replaces_published(job: WorkforceImport) -> bool:
    """Whether publishing the job replaces people already published for its date and scope."""
    scope = SnapshotAgency.objects.filter(snapshot__as_of=job.as_of)
    if job.agency_id is not None:
        scope = scope.filter(agency_id=job.agency_id)
    return scope.exists()


@transaction.atomic
def workforce_draft_publish(*, job: WorkforceImport, actor, replace: bool) -> Snapshot:
    job = WorkforceImport.objects.select_for_update().get(pk=job.pk)
    if job.status != WorkforceImport.Status.DRAFT:
        raise PublishRefused("not_a_draft")
    if replaces_published(job) and not replace:
        raise PublishRefused("confirm_replace")
    drafted = DraftPerson.objects.filter(job=job)
    if job.agency_id is not None:  # someone published elsewhere since the draft was checked
        others = Person.objects.filter(snapshot__as_of=job.as_of).exclude(agency_id=job.agency_id)
        if others.filter(pseudonym__in=drafted.values("pseudonym")).exists():
            raise PublishRefused("person_in_other_agency")
    rows = [PersonRow(*values) for values in drafted.values_list(*PersonRow._fields).iterator()]
    snapshot, replaced = services.replace_scope(as_of=job.as_of, agency_id=job.agency_id, rows=rows)
    drafted.delete()
    job.snapshot = snapshot
    job.published_at = timezone.now()
    job.published_by = actor
    services._finish(job, WorkforceImport.Status.PUBLISHED)
    audit.record("workforce.import", job, actor=actor, agency=job.agency,
                 after={"as_of": job.as_of, "imported": len(rows), "replaced": replaced, "rejected": job.rejected_rows,
                        "valid_only": job.valid_only, "filename": job.filename, "uploaded_by": job.created_by_id})
    return snapshot


@transaction.atomic
def workforce_draft_discard(*, job: WorkforceImport, actor) -> WorkforceImport:
    job = WorkforceImport.objects.select_for_update().get(pk=job.pk)
    if job.status != WorkforceImport.Status.DRAFT:
        raise PublishRefused("not_a_draft")
    DraftPerson.objects.filter(job=job).delete()
    audit.record("workforce.import.discard", job, actor=actor, agency=job.agency, after={"as_of": job.as_of})
    return services._finish(job, WorkforceImport.Status.DISCARDED)


def snapshot_diff(job: WorkforceImport) -> dict:
    """The draft against what is published for each of its agencies (the agency's latest published
    snapshot on or before the draft's date): perturbed people by agency and sex, and perturbed counts of
    people added and gone. Returns {"rows": [...], "added": n, "gone": n, "compared_with": {agency: date}}."""
    key = secret()
    draft: dict[int, dict[str, str]] = defaultdict(dict)  # agency → pseudonym → sex
    for agency_id, pseudonym, sex in DraftPerson.objects.filter(job=job).values_list("agency_id", "pseudonym", "sex"):
        draft[agency_id][pseudonym] = sex
    agencies = set(draft)
    previous_scope = SnapshotAgency.objects.filter(snapshot__as_of__lte=job.as_of)
    if job.agency_id is not None:
        agencies.add(job.agency_id)
        previous_scope = previous_scope.filter(agency_id=job.agency_id)
    else:  # a BMA-wide file replaces every agency of its date
        agencies |= set(SnapshotAgency.objects.filter(snapshot__as_of=job.as_of).values_list("agency_id", flat=True))
        previous_scope = previous_scope.filter(agency_id__in=agencies)
    latest: dict[int, tuple] = {}
    for agency_id, snapshot_id, as_of in previous_scope.order_by("snapshot__as_of").values_list(
            "agency_id", "snapshot_id", "snapshot__as_of"):
        latest[agency_id] = (snapshot_id, as_of)

    def published(records: list[str]) -> int:
        return perturb(len(records), sum(record_key(key, "person", p) for p in records) % KEYS)

    names = {a.pk: a for a in Agency.objects.filter(pk__in=agencies)}
    rows, added, gone = [], [], []
    for agency_id in sorted(agencies, key=lambda a: names[a].code):
        before: dict[str, int] = {}
        before_people: set[str] = set()
        if agency_id in latest:
            snapshot_id, _as_of = latest[agency_id]
            for sex, n, keys in (WorkforceCell.objects.filter(snapshot_id=snapshot_id, agency_id=agency_id)
                                 .values("sex").annotate(n=Sum("headcount"), k=Sum("key_sum"))
                                 .values_list("sex", "n", "k")):
                before[sex] = perturb(n, keys % KEYS)
            before_people = set(Person.objects.filter(snapshot_id=snapshot_id, agency_id=agency_id)
                                .values_list("pseudonym", flat=True))
        now = draft.get(agency_id, {})
        line = {"agency": names[agency_id], "compared_with": latest.get(agency_id, (None, None))[1]}
        for sex in ("F", "M"):
            after = published([p for p, s in now.items() if s == sex])
            line[sex] = {"before": before.get(sex, 0) if agency_id in latest else None, "after": after,
                         "change": after - before.get(sex, 0)}
        line["cells"] = [line["F"], line["M"]]
        rows.append(line)
        added += [p for p in now if p not in before_people]
        gone += [p for p in before_people if p not in now]
    return {"rows": rows, "added": published(added), "gone": published(gone)}
