"""Completions export (CSV, XLSX) for the training institute: one row per learning record.

Records, not statistics: names of people who completed a course, for central only (who runs the
training). Identifiers are never exported (only their keyed hash is stored).
"""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from thaothiam.core import audit, vocabulary
from thaothiam.core.formatting import format_date

from .models import Completion


def _rows(fy):
    records = Completion.objects.select_related("course", "agency", "session").order_by("completed_on", "pk")
    if fy and str(fy).isdigit():
        records = records.filter(fiscal_year=int(fy))
    sexes = vocabulary.labels(vocabulary.SEX)
    personnel = vocabulary.labels(vocabulary.PERSONNEL_TYPES)
    for c in records.iterator(chunk_size=5000):
        yield [c.course.code, c.course.title, c.get_source_display(), c.completed_on.isoformat(),
               format_date(c.completed_on), c.fiscal_year, c.agency.code, c.agency.name, sexes.get(c.sex, c.sex),
               personnel.get(c.personnel_type, ""), c.people, c.name]


def header() -> list[str]:
    return [_("Course code"), _("Course"), _("Source"), _("Completed on (ISO)"), _("Completed on"),
            _("Fiscal year"), _("Agency code"), _("Agency"), _("Sex"), _("Personnel type"), _("People"), _("Name")]


def completions_response(fmt: str, *, fy, actor) -> HttpResponse:
    audit.record("learning.completions.export", None, actor=actor, note=f"{fmt} fy={fy or 'all'}")
    name = f"completions-{fy or 'all'}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens Thai UTF-8 correctly with a BOM
        writer = csv.writer(buffer)
        writer.writerow(header())
        writer.writerows(_rows(fy))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Completions")[:31])
        sheet.append(header())
        for row in _rows(fy):
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
