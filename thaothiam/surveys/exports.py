"""XLSX export of a campaign's results (suppressed aggregates, never response rows) with openpyxl's
write-only mode. Sheets: summary for the filter, one-way breakdowns by every demographic, response
rate, and open comments where at least 10 were given. See docs/decisions/0032-survey-exports.md."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from thaothiam.core.disclosure import TOTAL
from thaothiam.core.spreadsheets import xlsx_append

from . import rates, releases, selectors
from . import structure as structure_mod
from .bands import DEMOGRAPHICS
from .forms import DIMENSION_LABELS
from .matrix import DIMENSIONS
from .models import Campaign

HIDDEN = "<5"


def _band_text(dim: str, value: int):
    """A filter's band as its core code and label ("F หญิง"); the agency as its id."""
    if dim == "agency":
        return value
    dimension = DEMOGRAPHICS[dim]
    return f"{dimension.code(value)} {dimension.label(value)}"


def _stats_cells(fig) -> list:
    if fig is None:
        return [HIDDEN] * 7
    likert = fig.kind in ("likert5", "overall")
    prevalence = fig.prevalence or {}

    def percent(value, applies: bool):
        """A percentage, HIDDEN when masking hid it in a group that answered, blank when it does not apply."""
        if value is not None:
            return round(value if isinstance(value, float) else value[0], 2)
        return HIDDEN if applies and fig.n else None

    behaviour = fig.kind in ("behaviour", "any_behaviour")
    return [fig.n, float(fig.mean) if fig.mean is not None else None, round(fig.sd, 4) if fig.sd is not None else None,
            percent(fig.favourable, likert), fig.band.th if fig.band else None,
            percent(prevalence.get("experienced"), behaviour), percent(prevalence.get("witnessed"), fig.kind == "behaviour")]


def _option_rows(row) -> list[list]:
    """One line per option of a choice item: count and % of those who answered, HIDDEN where masked."""
    fig = row.figures
    if fig is None or row.item.kind not in ("single", "multi", "yesno") or not fig.n:
        return []
    return [[row.item.code, str(label), count if count is not None else HIDDEN,
             round(share, 2) if share is not None else (HIDDEN if count is None else None)]
            for label, count, share in row.option_rows()]


def workbook(campaign: Campaign, filters: dict[str, int], agency_ids: set[int] | None, *, codes: bool = True) -> bytes:
    """The results workbook. Item codes are for central (``codes``); everyone else reads the questions."""
    shape = structure_mod.load(campaign.instrument_id)
    result = selectors.results(campaign, filters)
    wb = Workbook(write_only=True)
    texts = {i.code: i.text for i in shape.items} | {selectors.OVERALL: str(_("Overall Likert score"))}

    def ident(code: str) -> str:
        return code if codes else texts.get(code, code)

    item_head = _("Item code") if codes else _("Question")
    head = [_("Item code"), _("Question"), "n", _("Mean"), "SD", _("Favourable (4–5), percent"), _("Level"),
            _("Experienced, percent"), _("Witnessed, percent")]
    if not codes:
        head = head[1:]
    ws = wb.create_sheet(_("Summary"))
    xlsx_append(ws, [campaign.instrument.title, campaign.fiscal_year])
    release = releases.latest(campaign.pk)
    xlsx_append(ws, [_("Results as released on"), release.released_on.isoformat() if release else _("nothing released yet"),
               _("Release"), release.number if release else None])
    xlsx_append(ws, [_("Filter"), ", ".join(f"{DIMENSION_LABELS[d]}={_band_text(d, v)}" for d, v in filters.items())
                     or _("All")])
    xlsx_append(ws, [_("Respondents"), result.respondents if result.respondents is not None else HIDDEN])
    if result.overall is not None and result.overall.mean is not None:
        xlsx_append(ws, [_("Overall Likert score"), float(result.overall.mean), result.overall.band.th])
    if result.any_behaviour is not None:
        xlsx_append(ws, [_("Experienced at least one of the behaviours, percent"),
                   *_stats_cells(result.any_behaviour)[5:6]])
    xlsx_append(ws, [])
    xlsx_append(ws, [*head, _("Last year's mean")])
    for row in result.items:
        if row.item.position is None:
            continue
        previous = float(row.previous.mean) if row.previous and row.previous.mean is not None else None
        xlsx_append(ws, [*([row.item.code] if codes else []), row.item.text, *_stats_cells(row.figures), previous])
    xlsx_append(ws, [])
    xlsx_append(ws, [_("Figures are perturbed slightly to protect individuals: no count of 1–4 is shown, and a "
                       "total may differ slightly from the sum of its parts.")])
    items = [i for i in shape.slot_items if not i.demographic]
    for dim in DIMENSIONS:
        if dim in filters:
            continue
        sheet = wb.create_sheet(str(DIMENSION_LABELS[dim])[:31])
        xlsx_append(sheet, [item_head, str(DIMENSION_LABELS[dim]), *head[-7:]])
        for code in [selectors.OVERALL, *(i.code for i in items)]:
            table = selectors.breakdown(campaign, code, [dim], filters)
            for key in [*table.row_keys, TOTAL]:
                label = _("Total") if key == TOTAL else table.row_labels.get(key, key)
                xlsx_append(sheet, [ident(code), str(label), *_stats_cells(table.cells.get(key))])
    rate_rows, total = rates.response_rates(campaign, agency_ids)
    sheet = wb.create_sheet(_("Response rate"))
    xlsx_append(sheet, [_("Agency"), _("Invited"), _("Answered"), _("Response rate"), _("Answers by open link")])
    for r in rate_rows:
        xlsx_append(sheet, [r.agency.name, r.invited if r.invited is not None else HIDDEN,
                      r.responded if r.responded is not None else HIDDEN,
                      round(r.percent, 2) if r.percent is not None else None,
                      r.open_link_responses if r.open_link_responses is not None else HIDDEN])
    if total:
        xlsx_append(sheet, [_("Total"), total.invited, total.responded if total.responded is not None else HIDDEN,
                      round(total.percent, 2) if total.percent is not None else None])
    comments = [r for r in result.items if r.item.kind == "text"]
    if comments:
        sheet = wb.create_sheet(_("Comments"))
        xlsx_append(sheet, [item_head, _("Comment")])
        for row in comments:
            for text in row.comments or []:
                xlsx_append(sheet, [ident(row.item.code), text])
    options = [line for row in result.items if row.item.position is not None for line in _option_rows(row)]
    if options:
        sheet = wb.create_sheet(_("Answers by option"))
        xlsx_append(sheet, [item_head, _("Option"), _("People"), _("Percent of those who answered")])
        for line in options:
            xlsx_append(sheet, [ident(line[0]), *line[1:]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
