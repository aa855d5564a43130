"""The only writers of reporting data: each is atomic and records an audit event."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thaothiam.core import audit

from . import notifications
from .models import (
    Activity,
    AgencyReport,
    Evidence,
    Extension,
    IndicatorValue,
    ReportStep,
    Round,
    Status,
    TransitionError,
)

VALUE_FIELDS = ("value", "text", "female", "male", "gi_female", "gi_male", "gi_diverse", "gi_undisclosed")
SAVED_FIELDS = (*VALUE_FIELDS, "not_applicable")


def may_return(report: AgencyReport, access) -> bool:
    """Whether this user may return the report at its present status (``AgencyReport.returner_role``)."""
    role = report.returner_role()
    return role is not None and access.has(role, agency=report.agency)


def blank_indicators(report: AgencyReport) -> list:
    """The active indicators this report has neither a value nor an explicit "not applicable" for."""
    from thaothiam.plans.models import Indicator

    answered = IndicatorValue.objects.filter(report=report).filter(
        Q(value__isnull=False) | ~Q(text="") | Q(not_applicable=True)).values("indicator_id")
    return list(Indicator.objects.filter(is_active=True).exclude(pk__in=answered)
                .select_related("item__pillar").order_by("item__pillar__number", "item__number", "number", "pk"))


# --- rounds -----------------------------------------------------------------------------------

@transaction.atomic
def rounds_create_for_year(*, fy: int, actor, reminder_days: int | None = None) -> list[Round]:
    """Create the four quarterly rounds and the annual round of a fiscal year (default deadlines)."""
    created = []
    for quarter in (1, 2, 3, 4, None):
        seq = quarter or 5
        if Round.objects.filter(fy=fy, seq=seq).exists():
            continue
        rnd = Round(fy=fy, quarter=quarter, deadline=Round.default_deadline(fy, quarter))
        if reminder_days is not None:
            rnd.reminder_days = reminder_days
        rnd.save()
        audit.record("reporting.round.create", rnd, actor=actor, after=audit.snapshot(rnd))
        created.append(rnd)
    return created


@transaction.atomic
def round_update(*, round_: Round, actor, deadline: dt.date, reminder_days: int) -> Round:
    before = audit.snapshot(Round.objects.get(pk=round_.pk), fields=["deadline", "reminder_days"])
    round_.deadline, round_.reminder_days = deadline, reminder_days
    round_.save(update_fields=["deadline", "reminder_days", "seq"])
    audit.record("reporting.round.update", round_, actor=actor, before=before,
                 after=audit.snapshot(round_, fields=["deadline", "reminder_days"]))
    return round_


@transaction.atomic
def extension_grant(*, round_: Round, agency, deadline: dt.date, reason: str, actor) -> Extension:
    ext, _ = Extension.objects.update_or_create(round=round_, agency=agency,
                                               defaults={"deadline": deadline, "reason": reason})
    audit.record("reporting.extension.grant", ext, actor=actor, agency=agency, after=audit.snapshot(ext))
    return ext


# --- the report and its content ----------------------------------------------------------------

@transaction.atomic
def report_start(*, round_: Round, agency, actor) -> AgencyReport:
    report, created = AgencyReport.objects.get_or_create(round=round_, agency=agency, defaults={"fy": round_.fy})
    if created:
        audit.record("reporting.report.start", report, actor=actor, after=audit.snapshot(report))
    return report


def _require_editable(report: AgencyReport) -> None:
    if not report.is_editable:
        raise TransitionError(_locked_message(report))


def _locked_message(report: AgencyReport) -> str:
    from django.utils.translation import gettext as _

    return _("This report is “%(status)s” and cannot be changed.") % {"status": report.get_status_display()}


@transaction.atomic
def report_update_summary(*, report: AgencyReport, actor, summary: str) -> AgencyReport:
    report = AgencyReport.objects.select_for_update().get(pk=report.pk)
    _require_editable(report)
    before = {"summary": report.summary}
    report.summary = summary
    report.save(update_fields=["summary", "updated_at"])
    audit.record("reporting.report.update", report, actor=actor, before=before, after={"summary": summary})
    return report


@transaction.atomic
def activity_save(*, report: AgencyReport, actor, data: dict, activity: Activity | None = None,
                  evidence: list | None = None, remove: list | None = None) -> Activity:
    """Create or update an activity; with it, in the same transaction, attach ``evidence`` ([(upload,
    content type)]) and remove the ``remove`` evidence rows — one save for everything on the form."""
    report = AgencyReport.objects.select_for_update().get(pk=report.pk)
    _require_editable(report)
    before = None
    if activity is None:
        activity = Activity(report=report, agency_id=report.agency_id, fy=report.fy)
    else:
        before = audit.snapshot(Activity.objects.get(pk=activity.pk))
    for name, value in data.items():
        setattr(activity, name, value)
    activity.full_clean(exclude=["report", "agency", "fy"])
    activity.save()
    audit.record("reporting.activity.update" if before else "reporting.activity.create", activity,
                 actor=actor, before=before, after=audit.snapshot(activity))
    for item in remove or []:
        if item.activity_id == activity.pk:
            evidence_delete(evidence=item, actor=actor)
    for upload, content_type in evidence or []:
        evidence_add(activity=activity, upload=upload, content_type=content_type, actor=actor)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, actor) -> None:
    report = AgencyReport.objects.select_for_update().get(pk=activity.report_id)
    _require_editable(report)
    files = [e.file.name for e in activity.evidence.all()]
    audit.audited_delete(activity, "reporting.activity.delete", actor=actor)
    transaction.on_commit(lambda: _delete_files(files))


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


@transaction.atomic
def evidence_add(*, activity: Activity, upload, content_type: str, actor) -> Evidence:
    report = AgencyReport.objects.select_for_update().get(pk=activity.report_id)
    _require_editable(report)
    evidence = Evidence(activity=activity, original_name=upload.name[:200], content_type=content_type,
                        size=upload.size, uploaded_by=actor)
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    audit.record("reporting.evidence.add", evidence, actor=actor, agency=report.agency,
                 after={"activity": activity.pk, "name": evidence.original_name, "size": evidence.size,
                        "content_type": content_type})
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, actor) -> None:
    report = AgencyReport.objects.select_for_update().get(pk=evidence.activity.report_id)
    _require_editable(report)
    name = evidence.file.name
    audit.record("reporting.evidence.delete", evidence, actor=actor, agency=report.agency,
                 before={"name": evidence.original_name, "size": evidence.size})
    evidence.delete()
    transaction.on_commit(lambda: _delete_files([name]))


@transaction.atomic
def values_save(*, report: AgencyReport, actor, values: dict) -> int:
    """Save indicator values: {indicator_id: {"value": …, "female": …}}; an all-empty entry deletes."""
    report = AgencyReport.objects.select_for_update().get(pk=report.pk)
    _require_editable(report)
    existing = {v.indicator_id: v for v in report.values.all()}
    changed = 0
    for indicator_id, data in values.items():
        row = existing.get(indicator_id)
        empty = all(data.get(f) in (None, "") for f in VALUE_FIELDS) and not data.get("not_applicable")
        if empty:
            if row is not None:
                audit.audited_delete(row, "reporting.value.delete", actor=actor)
                changed += 1
            continue
        before = audit.snapshot(row, fields=list(SAVED_FIELDS)) if row else None
        if row is None:
            row = IndicatorValue(report=report, indicator_id=indicator_id, agency_id=report.agency_id, fy=report.fy)
        not_applicable = bool(data.get("not_applicable"))
        for f in VALUE_FIELDS:
            setattr(row, f, None if not_applicable else data.get(f))
        row.text = "" if not_applicable else (data.get("text") or "")
        row.not_applicable = not_applicable
        after = audit.snapshot(row, fields=list(SAVED_FIELDS))
        if before == after:
            continue
        row.save()
        audit.record("reporting.value.save", row, actor=actor, agency=report.agency, before=before, after=after)
        changed += 1
    return changed


# --- the workflow ------------------------------------------------------------------------------

def _transition(report: AgencyReport, actor, action: str, event: str, move, comment: str = "") -> AgencyReport:
    locked = AgencyReport.objects.select_for_update().select_related("round", "agency").get(pk=report.pk)
    before = audit.snapshot(locked, fields=["status", "is_late", "return_comment"])
    move(locked)
    locked.save()
    ReportStep.objects.create(report=locked, from_status=before["status"], to_status=locked.status,
                              actor=actor if getattr(actor, "pk", None) else None, comment=comment)
    audit.record(action, locked, actor=actor, before=before,
                 after=audit.snapshot(locked, fields=["status", "is_late", "return_comment"]), note=comment[:500])
    transaction.on_commit(lambda: notifications.notify(locked, event))
    return locked


@transaction.atomic
def report_submit(*, report: AgencyReport, actor, late_reason: str = "", now: dt.datetime | None = None) -> AgencyReport:
    """Submit for approval; refused while an indicator is left blank (a value or "not applicable" each)."""
    blank = blank_indicators(report)
    if blank:
        raise TransitionError(_("Give a value or mark “not applicable” for every indicator before submitting. "
                                "Still blank: %(list)s.") % {"list": ", ".join(f"{i.item.code}.{i.number}" for i in blank)})
    return _transition(report, actor, "reporting.report.submit", "submitted",
                       lambda r: r.submit(late_reason=late_reason, now=now), late_reason)


@transaction.atomic
def report_approve(*, report: AgencyReport, actor) -> AgencyReport:
    return _transition(report, actor, "reporting.report.approve", "approved", lambda r: r.approve())


@transaction.atomic
def report_accept(*, report: AgencyReport, actor) -> AgencyReport:
    return _transition(report, actor, "reporting.report.accept", "accepted", lambda r: r.accept())


@transaction.atomic
def report_return(*, report: AgencyReport, actor, comment: str) -> AgencyReport:
    """Return to the coordinator; who may do so at which status is ``may_return`` (the view checks it)."""
    return _transition(report, actor, "reporting.report.return", "returned",
                       lambda r: r.return_to_draft(comment=comment), comment)


@transaction.atomic
def report_reopen(*, report: AgencyReport, actor, reason: str) -> AgencyReport:
    return _transition(report, actor, "reporting.report.reopen", "reopened", lambda r: r.reopen(reason=reason), reason)


# --- reminders ----------------------------------------------------------------------------------

def reminders_due(*, today: dt.date | None = None, days: int | None = None) -> list[tuple]:
    """(agency, round, deadline, coordinator e-mails) for agencies that have not submitted and whose
    deadline (with any extension) falls within the next N days (N: --days, else the round's setting)."""
    from thaothiam.accounts.models import Role

    from .selectors import reporting_agencies

    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=days if days is not None else 366)
    due = []
    agencies = list(reporting_agencies())
    candidate_rounds = Round.objects.filter(deadline__gte=today - dt.timedelta(days=366), deadline__lte=horizon + dt.timedelta(days=366))
    for rnd in candidate_rounds.prefetch_related("extensions"):
        if rnd.period.start > today:
            continue
        window = days if days is not None else rnd.reminder_days
        extensions = {e.agency_id: e.deadline for e in rnd.extensions.all()}
        done = set(AgencyReport.objects.filter(round=rnd, status__in=[Status.SUBMITTED, Status.APPROVED, Status.ACCEPTED])
                   .values_list("agency_id", flat=True))
        for agency in agencies:
            deadline = extensions.get(agency.pk, rnd.deadline)
            if agency.pk in done or not (today <= deadline <= today + dt.timedelta(days=window)):
                continue
            due.append((agency, rnd, deadline, notifications.recipients(Role.COORDINATOR, agency)))
    return due
