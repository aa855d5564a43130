"""Completions export (CSV, XLSX) for the training institute: one row per learning record.

Records, not statistics: names of people who completed a course, for central only (who runs the
training). Identifiers are never exported (only their keyed hash is stored). Filtered by fiscal year
and course; every cell goes through core.spreadsheets (names come from agencies' sign-in sheets, so a
name that looks like a formula stays text — decision 0060).
"""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from thaothiam.core import audit, vocabulary
from thaothiam.core.formatting import format_date
from thaothiam.core.spreadsheets import CSV_TYPE, XLSX_TYPE, CsvWriter, xlsx_append

from .models import Certificate, Completion


def _number(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def records(*, fy=None, course=None):
    found = Completion.objects.select_related("course", "agency", "session").order_by("completed_on", "pk")
    if (year := _number(fy)) is not None:
        found = found.filter(fiscal_year=year)
    if (course_id := _number(course)) is not None:
        found = found.filter(course_id=course_id)
    return found


def _rows(found):
    sexes = vocabulary.labels(vocabulary.SEX)
    personnel = vocabulary.labels(vocabulary.PERSONNEL_TYPES)
    codes = dict(Certificate.objects.filter(completion__in=found.values("pk")).values_list("completion_id", "code"))
    revoked = set(Certificate.objects.filter(completion__in=found.values("pk"), revoked_at__isnull=False)
                  .values_list("completion_id", flat=True))
    revoked_label = _("revoked")
    for c in found.iterator(chunk_size=5000):
        code = codes.get(c.pk, "")
        yield [c.course.code, c.course.title, c.get_source_display(),
               c.session.starts_on.isoformat() if c.session else "", c.completed_on.isoformat(),
               format_date(c.completed_on), c.fiscal_year, c.agency.code, c.agency.name, sexes.get(c.sex, c.sex),
               personnel.get(c.personnel_type, ""), c.people, c.name,
               f"{code} ({revoked_label})" if code and c.pk in revoked else code]


def header() -> list[str]:
    return [_("Course code"), _("Course"), _("Source"), _("Session (first day, ISO)"), _("Completed on (ISO)"),
            _("Completed on"), _("Fiscal year"), _("Agency code"), _("Agency"), _("Sex"), _("Personnel type"),
            _("People"), _("Name"), _("Certificate")]


def completions_response(fmt: str, *, fy, actor, course=None) -> HttpResponse:
    found = records(fy=fy, course=course)
    audit.record("learning.completions.export", None, actor=actor,
                 note=f"{fmt} fy={_number(fy) or 'all'} course={_number(course) or 'all'}")
    name = f"completions-{_number(fy) or 'all'}{f'-course{_number(course)}' if _number(course) else ''}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens Thai UTF-8 correctly with a BOM
        writer = CsvWriter(buffer)
        writer.writerow(header())
        writer.writerows(_rows(found))
        response = HttpResponse(buffer.getvalue(), content_type=CSV_TYPE)
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Completions")[:31])
        xlsx_append(sheet, header())
        for row in _rows(found):
            xlsx_append(sheet, row)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
