"""Readers for reporting: rounds, the completeness matrix, roll-ups to the BMA level.

Every aggregate is computed in the database (GROUP BY, conditional aggregation); a page makes a
fixed number of queries whatever the number of agencies, rounds or activities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from thaothiam.agencies.models import Agency
from thaothiam.core.disclosure import is_disclosive, suppress_counts
from thaothiam.core.formatting import round_half_up
from thaothiam.plans.models import Indicator, Target

from .disclosure import people_tables
from .models import (
    GENDER_FIELDS,
    PARTNER_FIELDS,
    Activity,
    AgencyReport,
    Extension,
    IndicatorValue,
    Round,
    Status,
)


def reporting_agencies(*, kind: str = "", agency_id: int | None = None, ids=None):
    """Agencies that report: every active agency except divisions (they report through their parent)."""
    qs = Agency.objects.filter(is_active=True).exclude(kind=Agency.Kind.DIVISION)
    if kind:
        qs = qs.filter(kind=kind)
    if agency_id:
        qs = qs.filter(pk=agency_id)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.order_by("kind", "code")


def fiscal_years() -> list[int]:
    return list(Round.objects.order_by("fy").values_list("fy", flat=True).distinct())


# A year without accepted annual reports becomes the default once this share of the reporting
# agencies have an accepted report in it (one district's Q1 report is not a year's picture).
DEFAULT_YEAR_COVERAGE = Decimal("0.5")


def default_fiscal_year(years: list[int] | None = None) -> int:
    """The year central's pages and the dashboard open on: the latest fiscal year with accepted
    annual reports, unless a later year already has accepted reports from at least half of the
    reporting agencies; with no accepted data at all, the current year, else the latest."""
    from thaothiam.core.fiscal import current_fiscal_year

    years = years if years is not None else fiscal_years()
    current = current_fiscal_year()
    if not years:
        return current
    accepted = AgencyReport.objects.filter(status=Status.ACCEPTED, fy__in=years)
    candidates = set(accepted.filter(round__quarter__isnull=True).values_list("fy", flat=True))
    expected = reporting_agencies().count()
    for row in accepted.values("fy").annotate(n=Count("agency", distinct=True)):
        if expected and row["n"] >= DEFAULT_YEAR_COVERAGE * expected:
            candidates.add(row["fy"])
    if not candidates:
        candidates = set(accepted.values_list("fy", flat=True))
    if candidates:
        return max(candidates)
    return current if current in years else years[-1]


def rounds(fy: int) -> list[Round]:
    return list(Round.objects.filter(fy=fy).order_by("seq"))


# --- completeness and timeliness --------------------------------------------------------------

@dataclass
class Cell:
    status: str
    late: bool = False
    report_id: int | None = None
    on_time: bool | None = None  # as of the deadline: submitted by then?
    due: bool = True  # the deadline (with any extension) has passed


@dataclass
class Matrix:
    fy: int
    rounds: list[Round]
    rows: list[tuple[Agency, list[Cell]]]
    totals: dict = field(default_factory=dict)  # per round index: {"submitted": n, "accepted": n, "late": n}


def completeness_matrix(fy: int, *, kind: str = "", agency_id: int | None = None, ids=None,
                        as_of: str = "now") -> Matrix:
    """Agency × round status for one fiscal year, in four queries (agencies, rounds, extensions, reports)."""
    round_list = rounds(fy)
    agencies = list(reporting_agencies(kind=kind, agency_id=agency_id, ids=ids))
    extensions = {(e["round_id"], e["agency_id"]): e["deadline"]
                  for e in Extension.objects.filter(round__fy=fy).values("round_id", "agency_id", "deadline")}
    reports = {
        (r["agency_id"], r["round_id"]): r
        for r in AgencyReport.objects.filter(fy=fy).values(
            "id", "agency_id", "round_id", "status", "is_late", "first_submitted_at")
    }
    totals = {i: {"submitted": 0, "accepted": 0, "late": 0, "on_time": 0} for i in range(len(round_list))}
    today = timezone.localdate()
    rows = []
    for agency in agencies:
        cells = []
        for i, rnd in enumerate(round_list):
            r = reports.get((agency.pk, rnd.pk))
            deadline = extensions.get((rnd.pk, agency.pk), rnd.deadline)
            if r is None:
                cells.append(Cell(Status.NOT_STARTED, due=deadline < today))
                continue
            first = r["first_submitted_at"]
            on_time = first is not None and timezone.localtime(first).date() <= deadline
            cell = Cell(r["status"], r["is_late"], r["id"], on_time, due=deadline < today)
            cells.append(cell)
            if r["status"] in (Status.SUBMITTED, Status.APPROVED, Status.ACCEPTED):
                totals[i]["submitted"] += 1
            if r["status"] == Status.ACCEPTED:
                totals[i]["accepted"] += 1
            totals[i]["late"] += int(r["is_late"])
            totals[i]["on_time"] += int(on_time)
        rows.append((agency, cells))
    return Matrix(fy, round_list, rows, totals)


def completeness_summary(fy: int, *, agency_id: int | None = None) -> dict:
    """Counts of reports by status for the rounds whose deadline has passed (one GROUP BY query)."""
    today = timezone.localdate()
    due_rounds = Round.objects.filter(fy=fy, deadline__lt=today).count()
    agencies = reporting_agencies(agency_id=agency_id).count()
    qs = AgencyReport.objects.filter(fy=fy, round__deadline__lt=today)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    counts = qs.aggregate(
        accepted=Count("id", filter=Q(status=Status.ACCEPTED)),
        submitted=Count("id", filter=Q(status__in=[Status.SUBMITTED, Status.APPROVED, Status.ACCEPTED])),
        late=Count("id", filter=Q(is_late=True)),
    )
    expected = due_rounds * agencies
    return {
        "expected": expected, **counts,
        "missing": max(expected - counts["submitted"], 0),
        "accepted_pct": round_half_up(Decimal(100 * counts["accepted"]) / expected, 1) if expected else None,
        "submitted_pct": round_half_up(Decimal(100 * counts["submitted"]) / expected, 1) if expected else None,
    }


# --- indicators rolled up to the BMA ------------------------------------------------------------

def latest_report_ids(fy: int, *, kind: str = "", agency_id: int | None = None,
                      accepted_only: bool = True) -> list[int]:
    """Each agency's latest accepted report of the year (values are year to date): one query over the
    reports (at most agencies × 5 rows), never over the values."""
    statuses = [Status.ACCEPTED] if accepted_only else [Status.SUBMITTED, Status.APPROVED, Status.ACCEPTED]
    qs = AgencyReport.objects.filter(fy=fy, status__in=statuses)
    if kind:
        qs = qs.filter(agency__kind=kind)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    latest: dict[int, tuple[int, int]] = {}
    for agency, seq, pk in qs.values_list("agency_id", "round__seq", "id"):
        if agency not in latest or seq > latest[agency][0]:
            latest[agency] = (seq, pk)
    return [pk for _seq, pk in latest.values()]


def text_answers(fy: int, *, agency_id: int | None = None) -> list[IndicatorValue]:
    """The answers to text indicators in each agency's latest accepted report of the year (one query)."""
    ids = latest_report_ids(fy, agency_id=agency_id)
    return list(IndicatorValue.objects.filter(report_id__in=ids, indicator__kind=Indicator.Kind.TEXT,
                                              indicator__is_active=True).exclude(text="")
                .select_related("indicator__item__pillar", "agency")
                .order_by("indicator__item__pillar__number", "indicator__item__number", "indicator__number",
                          "agency__kind", "agency__code"))


@dataclass
class IndicatorResult:
    indicator: Indicator
    value: Decimal | None
    target: Decimal | None
    agencies_reporting: int
    achieved: bool | None
    female: int | None = 0  # None when hidden by disclosure control
    male: int | None = 0
    bma: bool = True  # rolled up over agencies (else one agency's own value)
    agencies_expected: int | None = None  # reporting agencies in the roll-up (BMA level only)

    @property
    def coverage(self) -> str:
        """"12 of 71 agencies" beside a roll-up, so a share from one agency never reads as the BMA's."""
        if not self.bma or not self.agencies_expected:
            return ""
        return _("%(n)s of %(total)s agencies") % {"n": f"{self.agencies_reporting:,}",
                                                   "total": f"{self.agencies_expected:,}"}

    @property
    def has_target(self) -> bool:
        return self.indicator.kind != Indicator.Kind.TEXT

    @property
    def display(self) -> str:
        return self.indicator.format_value(self.value, bma=self.bma)

    @property
    def display_target(self) -> str:
        if not self.has_target:
            return ""  # a text indicator has no target: an empty cell, not a dash
        return self.indicator.format_value(self.target, bma=self.bma, unit=False)

    @property
    def number_format(self) -> str:
        return self.indicator.number_format(bma=self.bma)


def indicator_results(fy: int, *, pillar_id: int | None = None, kind: str = "",
                      agency_id: int | None = None) -> list[IndicatorResult]:
    """BMA-level (or one agency's) result per indicator against its target, by each indicator's rule.

    sum → the sum of agencies' values; mean → their mean; share → the percentage of reporting
    agencies whose value meets their own target (agency row, else the BMA row's per-agency
    default); reported (text indicators) → the number of agencies that answered, with no target. One query for the indicators, one
    GROUP BY query for the values, one for the targets.
    """
    indicators = Indicator.objects.filter(is_active=True).select_related("item__pillar")
    if pillar_id:
        indicators = indicators.filter(item__pillar_id=pillar_id)
    indicators = list(indicators)

    ids = latest_report_ids(fy, kind=kind, agency_id=agency_id)
    grouped = _grouped_values(fy, ids)
    # Values counting people are hidden jointly over every agency, kind and the BMA (reporting.disclosure).
    people = people_tables(ids if (agency_id is None and not kind) else latest_report_ids(fy),
                           [ind.pk for ind in indicators if ind.counts_people and ind.kind != Indicator.Kind.TEXT])
    if agency_id:
        targets = {
            t["indicator_id"]: t["value"]
            for t in Target.objects.filter(fy=fy, agency_id=agency_id).values("indicator_id", "value")
        }
        defaults = {t["indicator_id"]: t["agency_default"]
                    for t in Target.objects.filter(fy=fy, agency__isnull=True).values("indicator_id", "agency_default")}
        targets = {**defaults, **targets}
    else:
        targets = {t["indicator_id"]: t["value"]
                   for t in Target.objects.filter(fy=fy, agency__isnull=True).values("indicator_id", "value")}
    expected = None if agency_id else reporting_agencies(kind=kind).count()
    results = []
    for ind in indicators:
        row = grouped.get(ind.pk)
        n = row["n"] if row else 0
        value = None
        if ind.kind == Indicator.Kind.TEXT:
            value = row["met_n"] if row else None  # agencies that reported it; no numeric roll-up
        elif row and n:
            if agency_id and ind.aggregation == Indicator.Aggregation.SHARE and ind.kind != Indicator.Kind.YES_NO:
                value = row["total"]  # one agency: its own value
            elif ind.aggregation == Indicator.Aggregation.SUM:
                value = row["total"]
            elif ind.aggregation == Indicator.Aggregation.MEAN:
                value = round_half_up(row["mean"], 2)
            elif agency_id:
                value = row["total"]
            else:
                value = round_half_up(Decimal(100 * (row["met_n"] or 0)) / n, 1)
        target = targets.get(ind.pk) if ind.kind != Indicator.Kind.TEXT else None
        female, male = (row or {}).get("female_sum") or 0, (row or {}).get("male_sum") or 0
        achieved = _achieved(ind, value, target, bma=not agency_id)
        if ind.counts_people:
            # A number of people (one agency's, or a small BMA total) under 5 is not shown, nor
            # are the by-sex figures it could be recovered from (core.disclosure).
            shown = suppress_counts({"female": int(female), "male": int(male)})
            female, male = shown["female"], shown["male"]
            joint = people.get(ind.pk)
            rolled_up = ind.aggregation in (Indicator.Aggregation.SUM, Indicator.Aggregation.MEAN)
            if value is not None and (is_disclosive(int(value)) or (
                    joint is not None and (agency_id or rolled_up) and joint.hidden(agency_id=agency_id, kind=kind))):
                value, achieved = None, None  # "achieved" against a target would narrow it down
        results.append(IndicatorResult(
            indicator=ind, value=value, target=target, agencies_reporting=n, achieved=achieved,
            female=female, male=male, bma=not agency_id, agencies_expected=expected,
        ))
    return results


def _decimal(value) -> Decimal | None:
    """SQLite returns floats for sums of decimals, PostgreSQL Decimals: normalise to 2 places."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _grouped_values(fy: int, report_ids: list[int]) -> dict[int, dict]:
    """Per indicator over the given reports: sum, mean, count, how many met their agency's target, and
    the sums by sex — one GROUP BY query joining each value to its agency's own target and to the BMA
    row's per-agency default (LEFT JOINs: correlated subqueries were 10× slower on PostgreSQL)."""
    if not report_ids:
        return {}
    value_table = connection.ops.quote_name(IndicatorValue._meta.db_table)
    indicator_table = connection.ops.quote_name(Indicator._meta.db_table)
    target_table = connection.ops.quote_name(Target._meta.db_table)
    placeholders = ", ".join(["%s"] * len(report_ids))
    sql = f"""
        SELECT v.indicator_id, SUM(v.value), AVG(v.value), COUNT(v.id),
               SUM(CASE
                     WHEN i.kind = %s THEN CASE WHEN v.text <> '' THEN 1 ELSE 0 END
                     WHEN i.direction = %s AND v.value >= COALESCE(ta.value, tb.agency_default) THEN 1
                     WHEN i.direction = %s AND v.value <= COALESCE(ta.value, tb.agency_default) THEN 1
                     ELSE 0 END),
               SUM(v.female), SUM(v.male)
        FROM {value_table} v
        JOIN {indicator_table} i ON i.id = v.indicator_id
        LEFT JOIN {target_table} ta ON ta.indicator_id = v.indicator_id AND ta.fy = %s AND ta.agency_id = v.agency_id
        LEFT JOIN {target_table} tb ON tb.indicator_id = v.indicator_id AND tb.fy = %s AND tb.agency_id IS NULL
        WHERE v.report_id IN ({placeholders}) AND v.not_applicable = %s
        GROUP BY v.indicator_id
    """  # noqa: S608 — table names come from the models, every value is a parameter
    # A "not applicable" row is not a value: the agency is not counted as reporting the indicator.
    params = [Indicator.Kind.TEXT, Indicator.Direction.UP, Indicator.Direction.DOWN, fy, fy, *report_ids, False]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {
        indicator_id: {"total": _decimal(total), "mean": mean, "n": n, "met_n": met or 0,
                       "female_sum": female or 0, "male_sum": male or 0}
        for indicator_id, total, mean, n, met, female, male in rows
    }


def _achieved(ind: Indicator, value, target, *, bma: bool) -> bool | None:
    """Sum and mean follow the indicator's direction; a BMA share is a share of agencies achieving,
    where more is always better."""
    if ind.kind == Indicator.Kind.TEXT:
        return None
    if bma and ind.aggregation == Indicator.Aggregation.SHARE:
        return None if value is None or target is None else value >= target
    return ind.achieves(value, target)


# --- activities and participation ---------------------------------------------------------------

def accepted_activities(fy: int | None = None, *, kind: str = "", agency_id: int | None = None):
    qs = Activity.objects.filter(report__status=Status.ACCEPTED)
    if fy:
        qs = qs.filter(fy=fy)
    if kind:
        qs = qs.filter(agency__kind=kind)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    return qs


def participation(fy: int, *, agency_id: int | None = None) -> dict:
    """Sums of participants by sex and by gender identity, over accepted activities (one query)."""
    fields = ("female", "male", *GENDER_FIELDS, *PARTNER_FIELDS)
    sums = accepted_activities(fy, agency_id=agency_id).aggregate(
        **{f: Coalesce(Sum(f), 0) for f in fields}, budget=Coalesce(Sum("budget"), Value(Decimal(0))),
        activities=Count("id"),
    )
    return sums


def activities_by_item(fy: int, *, agency_id: int | None = None) -> dict[int, dict]:
    """Per plan item: activities, participants and budget (one GROUP BY query)."""
    people = ExpressionWrapper(F("female") + F("male"), output_field=IntegerField())
    return {
        row["plan_item_id"]: row
        for row in accepted_activities(fy, agency_id=agency_id).values("plan_item_id").annotate(
            n=Count("id"), people=Sum(people), budget=Sum("budget"), agencies=Count("agency", distinct=True),
            female_sum=Sum("female"), male_sum=Sum("male"),
        ).order_by()
    }


def trend(*, agency_id: int | None = None, until_fy: int | None = None) -> list[dict]:
    """Per fiscal year up to and including ``until_fy``: accepted activities and participants by sex
    (one GROUP BY query). A report for a year never shows later years."""
    qs = Activity.objects.filter(report__status=Status.ACCEPTED)
    if until_fy is not None:
        qs = qs.filter(fy__lte=until_fy)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    return list(qs.values("fy").annotate(n=Count("id"), female_sum=Sum("female"), male_sum=Sum("male"))
                .order_by("fy"))
