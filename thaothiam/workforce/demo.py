"""Demo workforce: one snapshot for each fiscal year 2568, 2569 and 2570, plausible by agency kind.

Education and medical services are mostly women, fire and rescue and city law enforcement mostly
men, district offices mixed; personnel types, levels, ages and salaries in realistic proportions,
with fewer women the higher the post. About 4% of people leave and are replaced each year, so the
same (pseudonymised) people recur across snapshots. Small: ~3,000 people per snapshot; bma: 100,000.
Rows go straight to the bulk loader (services.workforce_snapshot_load), never through per-row saves.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect
from decimal import Decimal
from itertools import accumulate

from django.conf import settings
from django.utils import timezone

from thaothiam.agencies.models import Agency
from thaothiam.core.demodata import DemoContext
from thaothiam.core.pseudonyms import pseudonym as make_pseudonym

from . import codes
from .parser import PersonRow
from .services import workforce_snapshot_load

ORDER = 40
PEOPLE = {"small": 3_000, "bma": 100_000}
TURNOVER = 0.04

# agency code -> (weight in the workforce, share of women); districts and others below
SPECIAL = {
    "EDU": (16.0, 0.78), "MED": (10.0, 0.80), "HLT": (5.0, 0.74), "NMU": (3.0, 0.76),
    "FIR": (4.0, 0.10), "LAW": (3.5, 0.14), "DDS": (4.0, 0.28), "PWD": (2.5, 0.30), "ENV": (6.0, 0.46),
    "TRA": (1.2, 0.35), "SOC": (1.0, 0.70), "FIN": (0.8, 0.72), "BUD": (0.4, 0.75),
}
DISTRICT = (0.75, 0.52)
OTHER = (0.5, 0.62)

CIVIL_POSITIONS = [("executive", 2), ("director", 5), ("academic", 45), ("general", 48)]
LEVEL_SHARES = {
    "executive": [("low", 70), ("high", 30)],
    "director": [("low", 70), ("high", 30)],
    "academic": [("practitioner", 33), ("professional", 36), ("senior", 23), ("expert", 7), ("advisory", 1)],
    "general": [("operational", 50), ("experienced", 35), ("senior", 14), ("special", 1)],
    "teaching": [("assistant", 10), ("none", 18), ("professional", 42), ("senior", 27), ("expert", 3)],
    "school_admin": [("professional", 35), ("senior", 55), ("expert", 10)],
}
BASE_SALARY = {
    "executive.low": 58000, "executive.high": 72000, "director.low": 45000, "director.high": 56000,
    "academic.practitioner": 21000, "academic.professional": 30000, "academic.senior": 41000,
    "academic.expert": 55000, "academic.advisory": 68000, "general.operational": 15000,
    "general.experienced": 22000, "general.senior": 30000, "general.special": 40000,
    "teaching.assistant": 18000, "teaching.none": 22000, "teaching.professional": 32000,
    "teaching.senior": 42000, "teaching.expert": 55000, "school_admin.professional": 38000,
    "school_admin.senior": 47000, "school_admin.expert": 58000, "none": 13000,
}
LEADERSHIP_WOMEN_FACTOR = 0.72  # women are under-represented in บริหาร / อำนวยการ posts


class _Picker:
    def __init__(self, pairs):
        self.items = [item for item, _w in pairs]
        self.cum = list(accumulate(w for _i, w in pairs))

    def __call__(self, rng) -> object:
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]


def as_of_dates(today: dt.date | None = None) -> list[dt.date]:
    """30 Sep 2025 (FY 2568), 30 Sep 2026 (FY 2569) and a date within FY 2570 (today, if it is in it)."""
    today = today or timezone.localdate()
    current = min(max(today, dt.date(2026, 10, 1)), dt.date(2027, 9, 30))
    return [dt.date(2025, 9, 30), dt.date(2026, 9, 30), current]


def generate(ctx: DemoContext) -> None:
    agencies = [a for a in Agency.objects.filter(is_active=True).order_by("code") if a.kind != Agency.Kind.DIVISION]
    profile = []
    for agency in agencies:
        weight, women = SPECIAL.get(agency.code, DISTRICT if agency.is_district else OTHER)
        profile.append((agency, weight, women))
    pick_agency = _Picker([(i, w) for i, (_a, w, _s) in enumerate(profile)])
    size = PEOPLE[ctx.scale]
    key = settings.PSEUDONYM_KEY.encode()
    pickers = {name: _Picker(shares) for name, shares in LEVEL_SHARES.items()}
    civil = _Picker(CIVIL_POSITIONS)
    # Each person has a fixed profile (by their number); each snapshot takes a sliding window of numbers.
    people: dict[int, tuple] = {}
    step = int(size * TURNOVER)
    for index, as_of in enumerate(as_of_dates()):
        first = index * step
        rows = []
        for number in range(first, first + size):
            if number not in people:
                people[number] = _person(ctx.rng, number, key, profile, pick_agency, civil, pickers, as_of)
            rows.append(_row(people[number], as_of))
        workforce_snapshot_load(as_of=as_of, rows=rows, note="demo data")
        ctx.log(f"    workforce snapshot {as_of}: {len(rows):,} people")


def _person(rng, number, key, profile, pick_agency, civil, pickers, as_of) -> tuple:
    agency, _weight, women = profile[pick_agency(rng)]
    if agency.code == "EDU":
        personnel = "teacher" if rng.random() < 0.85 else rng.choice(["civil", "permanent", "temporary"])
    else:
        roll = rng.random()
        personnel = "civil" if roll < 0.45 else "permanent" if roll < 0.70 else "temporary"
    if personnel == "civil":
        position = civil(rng)
    elif personnel == "teacher":
        position = "school_admin" if rng.random() < 0.07 else "teaching"
    else:
        position = "general" if rng.random() < 0.3 else "none"
    if position == "none":
        level = "none"
    else:
        suffix = pickers[position](rng) if position not in ("general",) or personnel == "civil" else "operational"
        level = f"{position}.{suffix}"
    p_women = women * (LEADERSHIP_WOMEN_FACTOR if position in ("executive", "director", "school_admin") else 1)
    sex = "F" if rng.random() < p_women else "M"
    senior = level.endswith(("high", "senior", "expert", "advisory", "special"))
    age = rng.randint(38, 59) if senior or position in ("executive", "director") else rng.randint(22, 59)
    birth = as_of - dt.timedelta(days=int((age + rng.random()) * 365.25))
    start = birth + dt.timedelta(days=int(rng.uniform(21, max(22, age - 0.5)) * 365.25))
    consent = rng.random() < 0.32
    identity = ""
    if consent:
        roll = rng.random()
        identity = sex if roll < 0.90 else "D" if roll < 0.96 else "N"
    base = BASE_SALARY[level] if personnel != "temporary" else 12000
    salary_base = base * rng.uniform(0.92, 1.08)
    pseudonym = make_pseudonym("employee", f"DEMO{number:07d}", key)
    return (pseudonym, agency.pk, sex, identity, personnel, position, level, position in ("executive", "director"),
            birth, start, salary_base)


def _row(person: tuple, as_of: dt.date) -> PersonRow:
    from .parser import years_between

    pseudonym, agency_id, sex, identity, personnel, position, level, executive, birth, start, salary_base = person
    age = years_between(birth, as_of)
    service = max(0, years_between(start, as_of))
    salary = Decimal(round(salary_base * (1 + 0.012 * service) / 10) * 10)
    return PersonRow(pseudonym, agency_id, sex, identity, personnel, position, level, executive, age,
                     codes.age_band(age), service, salary)
