"""At a glance (issue 16 §2): the section at the top of the dashboard and of the year-end report.

* A scorecard: each plan item on track / at risk / behind against the targets of its indicators, with
  how many agencies reported it (docs/decisions/0143 gives the rule).
* The agencies behind: those meeting fewer than half of the targets they reported against.
* A tile-grid map of the 50 district offices coloured by reporting completeness or by whether each
  met the target of a chosen indicator.

Per-agency figures appear only in the BMA-wide view (a coordinator's dashboard is one agency), and
only for indicators that do not count people: an agency's own count of people is not published
against its target (it could narrow a small count down), see reporting.selectors.indicator_results.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thaothiam.core import charts
from thaothiam.core.formatting import format_fiscal_year
from thaothiam.core.sections import Scope, Section, Sheet
from thaothiam.plans.models import Indicator, Target
from thaothiam.plans.selectors import current_plan
from thaothiam.reporting import selectors as rsel
from thaothiam.reporting.models import AgencyReport, IndicatorValue, Round, Status

TILES = Path(__file__).parent / "data" / "district_tiles.csv"
ON_TRACK, AT_RISK, BEHIND, NO_DATA = "on_track", "at_risk", "behind", "no_data"
STATUS_COLOURS = {ON_TRACK: "#1f5f99", AT_RISK: "#b35900", BEHIND: "#b03a2e", NO_DATA: "#5d6d7e"}


@cache
def tile_positions() -> dict[str, tuple[int, int]]:
    """Agency code → (row, column) of its tile (our own layout, data/district_tiles.csv)."""
    with TILES.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return {row["code"]: (int(row["row"]), int(row["col"])) for row in csv.DictReader(lines)}


def status_labels() -> dict[str, str]:
    return {ON_TRACK: _("on track"), AT_RISK: _("at risk"), BEHIND: _("behind"), NO_DATA: _("no result yet")}


def item_status(results: list) -> str:
    """On track: every measured target met; behind: none met; at risk: some; no result yet: none measured."""
    measured = [r for r in results if r.achieved is not None]
    if not measured:
        return NO_DATA
    met = sum(1 for r in measured if r.achieved)
    return ON_TRACK if met == len(measured) else BEHIND if met == 0 else AT_RISK


def scorecard(scope: Scope, results: list) -> list[dict]:
    plan = scope.memo("plan", current_plan)
    if plan is None:
        return []
    labels = status_labels()
    rows = []
    for pillar in plan.pillars.all():
        for item in pillar.items.all():
            mine = [r for r in results if r.indicator.item_id == item.pk and r.has_target]
            status = item_status(mine)
            reporting = max((r.agencies_reporting for r in mine), default=0)
            expected = max((r.agencies_expected or 0 for r in mine), default=0)
            rows.append({"item": item, "status": status, "label": labels[status],
                         "met": sum(1 for r in mine if r.achieved), "measured": sum(1 for r in mine if r.achieved is not None),
                         "reporting": reporting, "expected": expected})
    return rows


def agency_results(fy: int) -> dict[int, dict[int, bool]]:
    """agency id → {indicator id: met its target} over the latest accepted reports of the year, for
    indicators with a numeric target that do not count people (two queries)."""
    ids = rsel.latest_report_ids(fy)
    if not ids:
        return {}
    indicators = {i.pk: i for i in Indicator.objects.filter(is_active=True).exclude(kind=Indicator.Kind.TEXT)
                  if not i.counts_people}
    own, default = {}, {}
    for t in Target.objects.filter(fy=fy, indicator_id__in=list(indicators)).values(
            "indicator_id", "agency_id", "value", "agency_default"):
        if t["agency_id"]:
            own[(t["agency_id"], t["indicator_id"])] = t["value"]
        else:
            default[t["indicator_id"]] = t["agency_default"]
    out: dict[int, dict[int, bool]] = {}
    for v in IndicatorValue.objects.filter(report_id__in=ids, indicator_id__in=list(indicators)).values(
            "agency_id", "indicator_id", "value"):
        target = own.get((v["agency_id"], v["indicator_id"]), default.get(v["indicator_id"]))
        met = indicators[v["indicator_id"]].achieves(v["value"], target)
        if met is not None:
            out.setdefault(v["agency_id"], {})[v["indicator_id"]] = met
    return out


def agencies_behind(fy: int, agencies: list, per_agency: dict[int, dict[int, bool]]) -> list[dict]:
    """Agencies meeting fewer than half of at least two targets they reported against, fewest first."""
    rows = []
    for agency in agencies:
        judged = per_agency.get(agency.pk, {})
        met = sum(judged.values())
        if len(judged) >= 2 and met * 2 < len(judged):
            rows.append({"agency": agency, "met": met, "measured": len(judged)})
    return sorted(rows, key=lambda r: (r["met"] / r["measured"], r["agency"].code))


def completeness(fy: int) -> tuple[dict[int, int], int]:
    """Accepted reports per agency id, and the rounds due so far (all rounds before the first deadline)."""
    today = timezone.localdate()
    rounds = list(Round.objects.filter(fy=fy).values_list("deadline", flat=True))
    due = sum(1 for d in rounds if d < today) or len(rounds)
    accepted = dict(AgencyReport.objects.filter(fy=fy).values("agency_id").annotate(
        n=Count("id", filter=Q(status=Status.ACCEPTED))).values_list("agency_id", "n").order_by())
    return accepted, due


THAI_MARKS = {chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F))}  # above/below a letter
THAI_LEADING = {chr(c) for c in range(0x0E40, 0x0E45)}  # vowels written before their consonant


# The first words of Bangkok's district names, where a long name breaks well onto two lines.
NAME_STARTS = ("บางกอก", "บาง", "คลอง", "หนอง", "ลาด", "วัง", "บึง", "สวน", "ทุ่ง", "สะพาน", "คันนา", "จอม", "ภาษี",
               "ป้อมปราบ", "สัมพันธ", "ราษฎร์", "ห้วย", "ดิน", "ตลิ่ง", "ดอน", "ราช", "พญา", "ปทุม", "ยาน")


def two_lines(name: str, width: int = 8) -> list[str] | str:
    """A tile's label in full on one or two lines (never cut short): split near the middle, not before a
    Thai combining mark nor after a leading vowel, or at a space."""
    if len(name) <= width:
        return name
    prefix = max((w for w in NAME_STARTS if name.startswith(w) and len(w) < len(name)), key=len, default="")
    if prefix:
        return [prefix, name[len(prefix):]]
    if " " in name:
        middle = min((i for i, ch in enumerate(name) if ch == " "), key=lambda i: abs(i - len(name) / 2))
        return [name[:middle], name[middle + 1:]]
    cuts = [i for i in range(1, len(name)) if name[i] not in THAI_MARKS and name[i - 1] not in THAI_LEADING]
    middle = min(cuts, key=lambda i: abs(i - len(name) / 2))
    return [name[:middle], name[middle:]]


def map_choices() -> list[tuple[str, str]]:
    """What the map can be coloured by: completeness, or one indicator that does not count people."""
    indicators = [i for i in Indicator.objects.filter(is_active=True, item__pillar__plan__is_current=True)
                  .exclude(kind=Indicator.Kind.TEXT).select_related("item__pillar").order_by(
                      "item__pillar__number", "item__number", "code") if not i.counts_people]
    return [("", _("Reporting completeness"))] + [(i.code, f"{i.item.code} {i.name}") for i in indicators]


def district_map(scope: Scope, agencies: list, per_agency: dict) -> tuple[dict | None, str, list[tuple[str, str]], str]:
    """The tile map's spec, what it is coloured by, the choices of the select and the map's caption."""
    choices = map_choices()
    chosen = scope.params.get("map", "")
    if chosen not in dict(choices):
        chosen = ""
    positions = tile_positions()
    districts = [a for a in agencies if a.code in positions]
    if not districts:
        return None, chosen, choices, ""
    tiles = []
    if chosen:
        indicator = Indicator.objects.get(code=chosen)
        domain = [_("target met"), _("target missed"), _("no value")]
        title = _("Target of indicator %(item)s: %(name)s") % {"item": indicator.item.code, "name": indicator.name}
        for a in districts:
            met = per_agency.get(a.pk, {}).get(indicator.pk)
            tiles.append((a, domain[2] if met is None else domain[0] if met else domain[1]))
    else:
        domain = [_("every report due accepted"), _("some accepted"), _("none accepted")]
        title = _("Reports accepted")
        accepted, due = completeness(scope.fy)
        for a in districts:
            n = accepted.get(a.pk, 0)
            tiles.append((a, domain[0] if due and n >= due else domain[1] if n else domain[2]))
    values = []
    for agency, state in tiles:
        row, col = positions[agency.code]
        short = agency.name.replace("สำนักงานเขต", "").replace(" District Office", "")
        values.append({"row": row, "col": col, "name": agency.name, "short": two_lines(short), "state": state})
    counts = {state: sum(1 for v in values if v["state"] == state) for state in domain}
    alt = _("Map of the %(n)s district offices coloured by %(what)s: %(counts)s.") % {
        "n": len(values), "what": title, "counts": "; ".join(f"{s} {n}" for s, n in counts.items())}
    colours = [STATUS_COLOURS[ON_TRACK], STATUS_COLOURS[AT_RISK], STATUS_COLOURS[BEHIND]]
    spec = charts.tile_map(values, colour="state", colour_title=title, domain=domain, colours=colours,
                           tooltip=["name", "state"], alt=alt, name_title=_("District office"))
    # The caption says what the colours show and for which year (the heading above says "District offices").
    caption = _("%(what)s, %(fy)s: %(states)s") % {
        "what": title, "fy": format_fiscal_year(scope.fy), "states": ", ".join(domain)}
    return spec, chosen, choices, caption


def glance(scope: Scope) -> Section | None:
    results = scope.memo("indicator_results", lambda: rsel.indicator_results(scope.fy, agency_id=scope.agency_id))
    items = scorecard(scope, results)
    if not items:
        return None
    labels = status_labels()
    tally = [(key, labels[key], sum(1 for i in items if i["status"] == key)) for key in (ON_TRACK, AT_RISK, BEHIND, NO_DATA)]
    context = {"items": items, "tally": tally, "bma": scope.agency is None}
    sheets = [Sheet(_("At a glance"), [_("Plan item"), _("Name"), _("Status"), _("Targets met"), _("Targets measured"),
                                       _("Agencies reporting"), _("Agencies expected")],
                    [[i["item"].code, i["item"].name, i["label"], i["met"], i["measured"], i["reporting"] or None,
                      i["expected"] or None] for i in items])]
    chart_list = []
    if scope.agency is None:  # per-agency figures only where every agency may be seen
        agencies = list(rsel.reporting_agencies())
        per_agency = agency_results(scope.fy)
        behind = agencies_behind(scope.fy, agencies, per_agency)
        spec, chosen, choices, caption = district_map(scope, agencies, per_agency)
        context.update(behind=behind, map_choices=choices, map_chosen=chosen, has_map=spec is not None,
                       map_caption=caption)
        if spec is not None:
            chart_list.append(spec)
        sheets.append(Sheet(_("Agencies behind"), [_("Code"), _("Agency"), _("Targets met"), _("Targets measured")],
                            [[r["agency"].code, r["agency"].name, r["met"], r["measured"]] for r in behind]))
    return Section("glance", _("At a glance"), "reports/sections/glance.html", context, sheets, chart_list, order=5)
