"""Open data: the workforce's aggregate tables, disclosure-controlled, as CSV with a JSON data
dictionary, a Frictionless `datapackage.json` and CKAN package metadata a portal can harvest.

Each table is an explorer query (core.datasets.explore) per fiscal year, so exactly the figures the
explorer would show BMA-wide are published: cell-key perturbed counts (docs/decisions/0022), the same
value for the same cell in every table, no count of 1–4.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from thaothiam.core.datasets import Query, explore, registry
from thaothiam.core.spreadsheets import CsvWriter

from .selectors import snapshots_by_year

LICENSE = {"id": "cc-by-4.0", "title": "Creative Commons Attribution 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
PUBLISHER = ("สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร (สำนักงาน ก.ก.)",
             "Office of the Bangkok Metropolitan Civil Service Commission")


@dataclass(frozen=True)
class OpenTable:
    slug: str
    title: str
    description: str
    dimension: str  # crossed with sex


TABLES = [
    OpenTable("workforce-by-agency-sex", _("BMA workforce by agency and sex"),
              _("Headcount of every agency by sex, from its latest snapshot in each fiscal year."), "agency"),
    OpenTable("workforce-by-personnel-type-sex", _("BMA workforce by personnel type and sex"),
              _("Headcount by personnel type and sex, BMA-wide."), "personnel_type"),
    OpenTable("workforce-by-position-level-sex", _("BMA workforce by position level and sex"),
              _("Headcount by position type and level and sex, BMA-wide."), "position_level"),
    OpenTable("workforce-by-age-band-sex", _("BMA workforce by age band and sex"),
              _("Headcount by age band and sex, BMA-wide."), "age_band"),
    OpenTable("workforce-by-gender-identity", _("BMA workforce by self-declared gender identity"),
              _("Headcount by gender identity, declared with consent; 'not disclosed' counts everyone else."),
              "gender_identity"),
]
BY_SLUG = {t.slug: t for t in TABLES}
DISCLOSURE_CONTROL = (
    "Counts are perturbed by the cell-key method (the method of the ABS TableBuilder and the ONS for Census "
    "2021): each count gets small noise (at most 3 either way, zero on average) fixed by the people in the "
    "cell, so the same cell has the same value in every table and subtracting one table from another gives "
    "noise, not a person. No count of 1–4 is published; 1–4 people are published as 0 or 5. Empty cells do "
    "not occur.")
ALL_CODE = "ALL"


def _labels(dimension_key: str) -> dict[str, tuple[str, str]]:
    dim = registry()["workforce"].dimension(dimension_key)
    with translation.override("th"):
        thai = dict(dim.values())
    with translation.override("en"):
        english = dict(dim.values())
    return {code: (thai[code], english.get(code, thai[code])) for code in thai}


def fields(table: OpenTable) -> list[dict]:
    """The data dictionary of one table (Frictionless Table Schema fields, bilingual descriptions)."""
    dim = table.dimension
    out = [
        {"name": "fiscal_year", "type": "integer", "title": "ปีงบประมาณ (พ.ศ.) / Fiscal year (B.E.)",
         "description": "Thai fiscal year in the Buddhist era; FY 2568 runs 1 Oct 2024 – 30 Sep 2025."},
        {"name": "as_of", "type": "date", "title": "ข้อมูล ณ วันที่ / As of",
         "description": "The date of the workforce snapshot the figures come from."},
        {"name": f"{dim}_code", "type": "string", "title": f"{dim} code",
         "description": f"Code of the {dim.replace('_', ' ')}; {ALL_CODE} for the total over all of them."},
        {"name": f"{dim}_th", "type": "string", "title": "ชื่อ (ไทย)", "description": "Thai label."},
        {"name": f"{dim}_en", "type": "string", "title": "Name (English)", "description": "English label."},
    ]
    if dim != "gender_identity":
        out.append({"name": "sex", "type": "string", "title": "เพศ / Sex",
                    "description": f"F (หญิง, female), M (ชาย, male) or {ALL_CODE} for both.",
                    "constraints": {"enum": ["F", "M", ALL_CODE]}})
    out.append({"name": "headcount", "type": "integer", "title": "จำนวนคน / Headcount",
                "description": "People, perturbed slightly to protect individuals (cell-key method): no count of "
                               "1–4 is published, a published 0 or 5 may stand for 1–4 people, larger counts may "
                               "differ from the truth by up to 3, and a total may differ from the sum of its parts.",
                "constraints": {"minimum": 0}})
    return out


def rows(table: OpenTable) -> list[list]:
    dataset = registry()["workforce"]
    labels = _labels(table.dimension)
    out: list[list] = []
    years = snapshots_by_year()
    two_way = table.dimension != "gender_identity"
    breakdowns = (table.dimension, "sex") if two_way else (table.dimension,)
    for fy, snapshot in sorted(years.items()):
        result = explore(dataset, Query(measure="headcount", breakdowns=breakdowns,
                                        filters={"fiscal_year": (str(fy),)}))
        head = [fy, snapshot.as_of.isoformat()]

        def emit(code, sex, cell, head=head):
            th, en = labels.get(code, ("ทั้งหมด", "All")) if code != ALL_CODE else ("ทั้งหมด", "All")
            value = None if cell is None or cell.hidden else cell.value
            out.append([*head, code, th, en, *([sex] if two_way else []), value])

        for i, (code, _label) in enumerate(result.rows):
            if two_way:
                for j, (sex, _l) in enumerate(result.cols):
                    emit(code, sex, result.cells[i][j])
                emit(code, ALL_CODE, result.row_margin[i])
            else:
                emit(code, None, result.cells[i][0])
        if two_way:
            for j, (sex, _l) in enumerate(result.cols):
                emit(ALL_CODE, sex, result.col_margin[j])
        emit(ALL_CODE, ALL_CODE if two_way else None, result.total)
    return out


def table_csv(table: OpenTable) -> str:
    buffer = io.StringIO()
    writer = CsvWriter(buffer, lineterminator="\n")
    writer.writerow([f["name"] for f in fields(table)])
    writer.writerows(rows(table))
    return buffer.getvalue()


def _texts(value) -> tuple[str, str]:
    with translation.override("th"):
        thai = str(value)
    with translation.override("en"):
        english = str(value)
    return thai, english


def dictionary(table: OpenTable, base_url: str) -> dict:
    title_th, title_en = _texts(table.title)
    desc_th, desc_en = _texts(table.description)
    return {
        "name": table.slug, "title": title_en, "title_th": title_th, "description": desc_en,
        "description_th": desc_th, "path": f"{base_url}{table.slug}.csv", "format": "csv", "mediatype": "text/csv",
        "encoding": "utf-8", "schema": {"fields": fields(table), "missingValues": [""]},
        "disclosure_control": DISCLOSURE_CONTROL,
    }


def datapackage(base_url: str) -> dict:
    """A Frictionless Data Package (also what CKAN's datapackager takes)."""
    years = snapshots_by_year()
    return {
        "profile": "tabular-data-package",
        "name": "bma-sex-disaggregated-workforce",
        "title": "BMA sex-disaggregated workforce statistics",
        "title_th": "สถิติบุคลากรกรุงเทพมหานครจำแนกเพศ",
        "description": "Aggregate, disclosure-controlled statistics of the Bangkok Metropolitan Administration's "
                       "workforce by sex, gender identity, agency, personnel type, position level and age band, "
                       "for each fiscal year (plan item 2.5 of the BMA gender-equality action plan 2568–2570).",
        "licenses": [{"name": LICENSE["id"], "title": LICENSE["title"], "path": LICENSE["url"]}],
        "publisher": {"name_th": PUBLISHER[0], "name_en": PUBLISHER[1]},
        "keywords": ["gender", "sex-disaggregated data", "workforce", "Bangkok", "BMA", "ความเท่าเทียมทางเพศ"],
        "temporal": {"fiscal_years": sorted(years)},
        "resources": [dictionary(t, base_url) for t in TABLES],
    }


def ckan_package(base_url: str) -> dict:
    """CKAN package metadata (the body of package_create / what package_show returns)."""
    package = datapackage(base_url)
    return {
        "name": package["name"], "title": package["title"], "notes": package["description"],
        "license_id": LICENSE["id"], "author": PUBLISHER[1], "maintainer": PUBLISHER[1],
        "tags": [{"name": k} for k in package["keywords"]],
        "extras": [{"key": "title_th", "value": package["title_th"]},
                   {"key": "fiscal_years", "value": ",".join(map(str, package["temporal"]["fiscal_years"]))}],
        "resources": [{"name": r["title"], "description": r["description"], "url": r["path"], "format": "CSV",
                       "mimetype": "text/csv", "schema": r["schema"]} for r in package["resources"]],
    }

