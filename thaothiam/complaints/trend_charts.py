"""The trend chart: cases per fiscal year by category, hidden cells left out (never drawn as zero)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thaothiam.core import charts
from thaothiam.core.formatting import format_fiscal_year

from .models import Category


def trend_chart(years: list[int], table) -> dict | None:
    if not years:
        return None
    labels = dict(Category.choices)
    rows = []
    for i, fy in enumerate(table.row_keys):
        for j, code in enumerate(table.col_keys):
            rows.append({"year": format_fiscal_year(fy), "category": str(labels[code]), "cases": table.cells[i][j]})
    return charts.line_chart(rows, x="year", y="cases", colour="category", x_title=_("Fiscal year"),
                             y_title=_("Cases"), colour_title=_("What happened"),
                             legend_columns=1)  # the category names are long: one column, never cut short
