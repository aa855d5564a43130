"""What the uploader sees before anything is written: the first rows as they were read (no name, no
identifier), counts by sex, personnel type and level, and every assumption made while reading.

These are counts of the uploader's own file, shown only to the importers of that agency: they say
nothing the file does not (docs/decisions/0104). They are kept on the job until the draft is written.
"""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext_lazy as _

from . import codes
from .parser import PersonRow

PREVIEW_ROWS = 20

ASSUMPTIONS = {
    "sex_from_name": _("Sex taken from the name prefix (นาย, นาง, นางสาว, น.ส.) for %(n)s rows; the names were not kept."),
    "agency_from_name": _("Agency recognised from its name for %(n)s rows."),
    "position_from_name": _("Position type and level read from the position or level text for %(n)s rows."),
    "executive_from_type": _("Executive post derived from the position type (บริหาร, อำนวยการ, school administrators) "
                             "for %(n)s rows: the file has no executive-post column."),
    "no_start_date": _("No start date for %(n)s rows: years of service are left empty."),
}


def build(rows: list[PersonRow], first: list[tuple[int, PersonRow]], assumed: Counter) -> dict:
    by_sex = Counter(row.sex for row in rows)
    by_type = Counter((row.personnel_type, row.sex) for row in rows)
    by_level = Counter((row.position_level, row.sex) for row in rows)
    return {
        "rows": [[line, row.agency_id, row.sex, row.age, row.personnel_type, row.position_type, row.position_level,
                  row.is_executive, row.service_years, str(row.salary) if row.salary is not None else ""]
                 for line, row in first],
        "total": len(rows),
        "by_sex": dict(by_sex),
        "by_type": [[k[0], k[1], n] for k, n in sorted(by_type.items())],
        "by_level": [[k[0], k[1], n] for k, n in sorted(by_level.items())],
        "assumptions": [[code, n] for code, n in sorted(assumed.items()) if n],
    }


def display(data: dict, agencies: dict[int, str]) -> dict:
    """The stored preview with labels, for the template."""
    sex = codes.labels(codes.SEX)
    personnel = codes.labels(codes.PERSONNEL_TYPES)
    position = codes.labels(codes.POSITION_TYPES)
    level = codes.labels(codes.LEVELS)
    rows = [{"line": line, "agency": agencies.get(agency, ""), "sex": sex.get(s, s), "age": age,
             "personnel": personnel.get(p, p), "position": position.get(t, t), "level": level.get(lv, lv),
             "executive": executive, "service": service, "salary": salary}
            for line, agency, s, age, p, t, lv, executive, service, salary in data.get("rows", [])]

    def table(items, labels):
        out: dict[str, dict] = {}
        for key, s, n in items:
            entry = out.setdefault(key, {"label": labels.get(key, key), "F": 0, "M": 0})
            entry[s] = n
        return list(out.values())

    return {
        "rows": rows,
        "total": data.get("total", 0),
        "women": data.get("by_sex", {}).get("F", 0),
        "men": data.get("by_sex", {}).get("M", 0),
        "by_type": table(data.get("by_type", []), personnel),
        "by_level": table(data.get("by_level", []), level),
        "assumptions": [str(ASSUMPTIONS[code]) % {"n": f"{n:,}"} for code, n in data.get("assumptions", [])
                        if code in ASSUMPTIONS],
    }
