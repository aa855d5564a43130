"""Response shapes of the API (they make the OpenAPI schema)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str
    title_th: str
    title_en: str
    detail_th: str
    detail_en: str
    errors: list[dict] | None = None


class AgencyOut(Schema):
    code: str
    name_th: str
    name_en: str
    kind: str
    parent_code: str | None
    geocode: str
    is_active: bool


class IndicatorResultOut(Schema):
    code: str
    name_th: str
    name_en: str
    kind: str
    aggregation: str
    fiscal_year: int
    agency_code: str | None
    value: float | None
    target: float | None
    achieved: bool | None
    agencies_reporting: int
    female: int | None
    male: int | None


class TargetOut(Schema):
    indicator_code: str
    fiscal_year: int
    agency_code: str | None
    value: float
    agency_default: float | None


class OpenFieldOut(Schema):
    name: str
    type: str
    title: str
    description: str


class OpenTableOut(Schema):
    slug: str
    title_th: str
    title_en: str
    description_th: str
    description_en: str
    url: str


class OpenTableDataOut(OpenTableOut):
    fields: list[OpenFieldOut]
    rows: list[list[int | str | None]]


class SurveyHeadlineOut(Schema):
    survey_th: str
    survey_en: str
    fiscal_year: int
    agency_code: str | None
    measure: str
    respondents: int | None
    mean: float | None
    band_th: str | None
    band_en: str | None
    favourable: float | None
    experienced_any: list[float] | None


class ImportErrorOut(Schema):
    line: int
    column: str
    code: str
    message_th: str
    message_en: str


class ImportOut(Schema):
    id: int
    status: str
    finished: bool
    as_of: dt.date
    agency_code: str | None
    filename: str
    total_rows: int | None
    processed_rows: int
    imported_rows: int
    rejected_rows: int
    error_count: int
    errors: list[ImportErrorOut]
    status_url: str
