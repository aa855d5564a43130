"""What waits for each reporting role: the to-do lists on the page everyone lands on after signing in.

- coordinator: rounds whose period has begun and whose report is not yet submitted (with the deadline,
  the agency's extension if any), and reports returned with comments;
- head: reports submitted by the agency's coordinator, waiting for approval;
- central: the review queue (approved by the head), agencies overdue (a deadline passed within the last
  year without a submitted report, extensions respected), and the workforce imports page.
Each list is a few queries whatever the number of agencies (no query per agency or round).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from thaothiam.core.roles import Role

from .models import EDITABLE, SUBMITTED_OR_LATER, AgencyReport, Extension, Round, Status
from .selectors import reporting_agencies

LIMIT = 8  # rows shown per list; the count says how many there are


def _deadlines(rounds, agency_ids=None) -> dict:
    """{(round id, agency id): extended deadline} for these rounds."""
    extensions = Extension.objects.filter(round__in=rounds)
    if agency_ids is not None:
        extensions = extensions.filter(agency_id__in=agency_ids)
    return {(e.round_id, e.agency_id): e.deadline for e in extensions}


def coordinator_todo(access, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    agencies = list(reporting_agencies(ids=access.agency_ids(Role.COORDINATOR)))
    ids = [a.pk for a in agencies]
    # Rounds under way or recently due: the period has begun, the deadline is no more than a year ago.
    rounds = [r for r in Round.objects.filter(deadline__gte=today - dt.timedelta(days=365)).order_by("deadline")
              if r.period.start <= today]
    reports = {(r.round_id, r.agency_id): r for r in AgencyReport.objects.filter(round__in=rounds, agency_id__in=ids)}
    extended = _deadlines(rounds, ids)
    due = []
    for rnd in rounds:
        for agency in agencies:
            report = reports.get((rnd.pk, agency.pk))
            if report is not None and report.status not in EDITABLE:
                continue
            if report is not None and report.status == Status.RETURNED:
                continue  # listed with the returned ones
            deadline = extended.get((rnd.pk, agency.pk), rnd.deadline)
            due.append({"round": rnd, "agency": agency, "report": report, "deadline": deadline,
                        "overdue": deadline < today})
    returned = list(AgencyReport.objects.filter(agency_id__in=ids, status=Status.RETURNED)
                    .select_related("round", "agency").order_by("round__deadline"))
    return {"due": due[:LIMIT], "due_count": len(due), "returned": returned[:LIMIT], "returned_count": len(returned)}


def head_todo(access) -> dict:
    waiting = list(AgencyReport.objects.filter(agency_id__in=reporting_agencies(
        ids=access.agency_ids(Role.HEAD)).values("pk"), status=Status.SUBMITTED)
        .select_related("round", "agency").order_by("submitted_at"))
    return {"waiting": waiting[:LIMIT], "waiting_count": len(waiting)}


def central_todo(today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    queue = AgencyReport.objects.filter(status=Status.APPROVED)
    rounds = list(Round.objects.filter(deadline__lt=today, deadline__gte=today - dt.timedelta(days=365)))
    agencies = list(reporting_agencies())
    submitted = set(AgencyReport.objects.filter(round__in=rounds, status__in=SUBMITTED_OR_LATER)
                    .values_list("round_id", "agency_id"))
    extended = _deadlines(rounds)
    overdue: dict[int, dict] = {}
    for rnd in rounds:
        for agency in agencies:
            key = (rnd.pk, agency.pk)
            if key in submitted or extended.get(key, rnd.deadline) >= today:
                continue
            entry = overdue.setdefault(agency.pk, {"agency": agency, "rounds": []})
            entry["rounds"].append(rnd)
    rows = sorted(overdue.values(), key=lambda e: (-len(e["rounds"]), e["agency"].code))
    return {"queue_count": queue.count(), "queue": list(queue.select_related("round", "agency")
                                                       .order_by("approved_at")[:LIMIT]),
            "overdue": rows[:LIMIT], "overdue_count": len(rows)}
