"""The year-end report (and the per-agency report): one set of sections, printed to PDF or written to XLSX.

Both come from accepted data only, through the same section providers as the dashboard
(``core.sections``), so the PDF, the workbook and the dashboard agree by construction.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thaothiam.agencies.models import Agency
from thaothiam.core.formatting import format_date, format_fiscal_year
from thaothiam.core.sections import Scope, collect
from thaothiam.core.spreadsheets import xlsx_append
from thaothiam.plans.selectors import current_plan

from .models import ReportBranding, YearEndNarrative

Progress = Callable[[int], None] | None
ANNEX_ORDER = 90  # sections from this order on are annexes (the agency annex)

COUNT_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class Figure:
    """A number for the workbook with its own number format (e.g. an indicator result: '0.0"%"')."""

    value: object
    number_format: str = DECIMAL_FORMAT


def build(fy: int, agency: Agency | None = None, *, output: str = "pdf", progress: Progress = None) -> dict:
    sections = collect(Scope(fy=fy, agency=agency, output=output),
                       progress=(lambda pct: progress(10 + pct * 6 // 10)) if progress else None)
    narrative = YearEndNarrative.objects.filter(fy=fy).first() if agency is None else None
    branding = ReportBranding.current()
    # The report reads: summary, the sections, recommendations, then the annexes (order ≥ ANNEX_ORDER).
    main = [s for s in sections if s.order < ANNEX_ORDER]
    annexes = [s for s in sections if s.order >= ANNEX_ORDER]
    return {"fy": fy, "agency": agency, "sections": main, "annexes": annexes, "narrative": narrative,
            "plan": current_plan(), "generated_at": timezone.now(),
            "logo": branding.data_uri() if branding else ""}


def render_html(fy: int, agency: Agency | None = None, *, progress: Progress = None) -> str:
    context = build(fy, agency, output="pdf", progress=progress)
    return render_to_string("reports/print.html", context)


def render_pdf(fy: int, agency: Agency | None = None, *, progress: Progress = None, language: str = "th") -> bytes:
    from thaothiam.core.pdf import html_to_pdf

    with translation.override(language):
        html = render_html(fy, agency, progress=progress)
    if progress:
        progress(75)
    return html_to_pdf(html)


def render_xlsx(fy: int, agency: Agency | None = None, *, progress: Progress = None, language: str = "th") -> bytes:
    """A workbook with a cover sheet, a sheet per section table, plain tables (no merged cells)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override(language):
        context = build(fy, agency, output="xlsx", progress=progress)
        book = Workbook(write_only=True)
        cover = book.create_sheet(_("Report")[:31])
        title = context["plan"].title if context["plan"] else ""
        xlsx_append(cover, [_("Year-end report on the gender-equality action plan")])
        xlsx_append(cover, [title])
        xlsx_append(cover, [format_fiscal_year(fy)])
        xlsx_append(cover, [agency.name if agency else _("Bangkok Metropolitan Administration (all agencies)")])
        xlsx_append(cover, [_("Generated"), format_date(context["generated_at"])])
        xlsx_append(cover, [_("From accepted reports only. Counts of fewer than 5 people are left empty.")])
        narrative = context["narrative"]
        if narrative:
            xlsx_append(cover, [])
            xlsx_append(cover, [_("Executive summary"), narrative.summary])
            xlsx_append(cover, [_("Recommendations"), narrative.recommendations])
        used = {cover.title}
        bold = Font(bold=True)
        for section in context["sections"] + context["annexes"]:
            for sheet in section.sheets:
                name = _unique_title(sheet.title, used)
                ws = book.create_sheet(name)
                from openpyxl.cell import WriteOnlyCell

                header = []
                for text in sheet.header:
                    cell = WriteOnlyCell(ws, value=str(text))
                    cell.font = bold
                    header.append(cell)
                xlsx_append(ws, header)
                for row in sheet.rows:
                    xlsx_append(ws, [_cell(ws, v) for v in row])
        buffer = io.BytesIO()
        book.save(buffer)
    if progress:
        progress(95)
    return buffer.getvalue()


def _cell(ws, value):
    """Numbers stay numbers; a ``Figure`` also carries its number format (counts '#,##0', amounts
    '#,##0.00'), a bare number keeps Excel's General format (a fiscal year must not read '2,568')."""
    from openpyxl.cell import WriteOnlyCell

    number_format = None
    if isinstance(value, Figure):
        value, number_format = value.value, value.number_format
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal):
        cell = WriteOnlyCell(ws, value=float(value) if isinstance(value, Decimal) else value)
        if number_format:
            cell.number_format = number_format
        return cell
    return str(value)


def _unique_title(title: str, used: set[str]) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    base = title[:31]
    name, n = base, 2
    while name in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name
