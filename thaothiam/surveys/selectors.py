"""Survey results for any filter: NumPy over the cached matrix, then disclosure control.

Disclosure (thaothiam.core.disclosure) on the *filtered intersection*: a figure whose n is
0 < n < 5 is hidden (10 for open comments). And for every dimension the filter fixes, the figure is
also hidden when, in the one-way table of that dimension (the other filters applied), its cell is
hidden by primary or complementary suppression — so a hidden group cannot be recovered by taking
a shown sibling away from a shown total. Breakdowns go through `suppress_table`/`apply_mask`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

import numpy as np

from thaothiam.core.cellkey import perturb
from thaothiam.core.disclosure import DEFAULT_THRESHOLD, suppress_table

from . import comments as comments_mod
from . import masking, stats
from . import matrix as matrix_mod
from . import structure as structure_mod
from .instruments import EXPERIENCED_VALUES
from .matrix import DIMENSIONS
from .models import DEMOGRAPHICS, Campaign, Item

OVERALL = "overall"


@lru_cache(maxsize=8192)
def _hidden_keys(counts: tuple[tuple[int, int], ...], threshold: int) -> frozenset:
    """Keys hidden (primary or complementary) in a one-way table of (key, n) with n > 0."""
    table = suppress_table(dict(counts), [k for k, _ in counts], [None], threshold=threshold)
    hidden = {k for k, row in zip(table.row_keys, table.mask, strict=True) if row[0]}
    if table.total_masked:
        hidden.add("__total__")
    return frozenset(hidden)


class Selection:
    """The rows of a matrix that a filter selects, with the masks needed for the one-way checks."""

    def __init__(self, m: matrix_mod.Matrix, filters: dict[str, int]):
        self.m = m
        self.filters = {d: v for d, v in filters.items() if v is not None}
        n = m.count
        self.masks = {d: m.column(d) == v for d, v in self.filters.items()}
        self.mask = np.ones(n, bool)
        for mask in self.masks.values():
            self.mask &= mask
        self.without = {}
        for d in self.filters:
            other = np.ones(n, bool)
            for e, mask in self.masks.items():
                if e != d:
                    other &= mask
            self.without[d] = other
        # Every coarser group one can also ask for: this filter with one or more fixed dimensions dropped
        # (down to no filter at all). Decision 0037: a shown group never differs from one of them by 1–4.
        self.ancestors = []
        dims = list(self.filters)
        for size in range(len(dims)):
            for keep in combinations(dims, size):
                mask = np.ones(n, bool)
                for d in keep:
                    mask &= self.masks[d]
                self.ancestors.append(mask)

    def hidden(self, answered: np.ndarray | None, threshold: int = DEFAULT_THRESHOLD) -> bool:
        """Is a figure over the selected rows (those `answered`) to be hidden?"""
        base = self.mask if answered is None else self.mask & answered
        n = int(base.sum())
        if 0 < n < threshold:
            return True
        for d, value in self.filters.items():
            rows = self.without[d] if answered is None else self.without[d] & answered
            codes = self.m.column(d)[rows]
            if codes.size == 0:
                continue
            counts = np.bincount(codes)
            keys = np.nonzero(counts)[0]
            pairs = tuple((int(k), int(counts[k])) for k in keys)
            if value in _hidden_keys(pairs, threshold):
                return True
        for ancestor in self.ancestors:
            wider = int((ancestor if answered is None else ancestor & answered).sum())
            if 0 < wider - n < DEFAULT_THRESHOLD:
                return True
        return False


@dataclass
class ItemResult:
    item: Item
    figures: stats.Figures | None  # None = hidden (fewer than 5)
    previous: stats.Figures | None = None
    comments: list[str] | None = None  # open text: None = hidden
    comment_count: int | None = None

    def option_rows(self) -> list[tuple[str, int | None, float | None]]:
        """(label, count, % of those who answered) per option, for choice items; None = hidden (masking)."""
        fig = self.figures
        if fig is None:
            return []
        labels = [label for _value, label in self.item.choices()]
        return [(label, count, masking.share(count, fig.n) if count is not None else None)
                for label, count in zip(labels, fig.dist, strict=False)]

    @property
    def change(self):
        if self.figures is None or self.previous is None or self.figures.mean is None or self.previous.mean is None:
            return None
        return self.figures.mean - self.previous.mean


@dataclass
class Results:
    campaign: Campaign
    respondents: int | None
    overall: stats.Figures | None
    items: list[ItemResult] = field(default_factory=list)
    previous_campaign: Campaign | None = None
    previous_overall: stats.Figures | None = None
    any_behaviour: stats.Figures | None = None
    previous_any_behaviour: stats.Figures | None = None

    def grouped(self, sections) -> list[tuple]:
        """[(section, [ItemResult], layout)] in questionnaire order; layout picks the table columns."""
        by: dict = {}
        for result in self.items:
            by.setdefault(result.item.section_id, []).append(result)
        out = []
        for section in sections:
            rows = by.get(section.pk)
            if rows:
                kinds = {r.item.kind for r in rows}
                layout = "likert" if "likert5" in kinds else "behaviour" if "behaviour" in kinds else "choice"
                out.append((section, rows, layout))
        return out


def load_matrix(campaign: Campaign):
    shape = structure_mod.load(campaign.instrument_id)
    return shape, matrix_mod.get(campaign.pk, shape.slots)


def _keys_of(fig: stats.Figures, key_row, key_n: int | None = None) -> masking.Keys:
    """The record-key sums that go with `fig` from a key-weighted distribution row (index = value; for
    multiple choice [answered, bit 0, bit 1, ...]); `key_n` for figures whose n is not the sum of dist."""
    dist = tuple(int(k) for k in key_row[1:1 + len(fig.dist)])
    if key_n is None:
        key_n = int(key_row[0]) if fig.kind == "multi" else sum(dist)
    return masking.Keys(dist, int(key_n))


def _item_figures(item: Item, values: np.ndarray, keys: np.ndarray, band_set: str) -> stats.Figures | None:
    options = len(item.choices())
    if item.kind == Item.Kind.MULTI:
        row = stats.multi_distributions(values, None, 1, options)[0]
        key_row = stats.multi_distributions(values, None, 1, options, weights=keys)[0]
    else:
        width = stats.width_for(item.kind, options)
        row = stats.group_distributions(values, None, 1, width)[0]
        key_row = stats.group_distributions(values, None, 1, width, weights=keys)[0]
    fig = stats.figures_from_row(item.kind, row, options, band_set)
    return masking.protect(fig, _keys_of(fig, key_row))


def _likert_slots(shape) -> list[int]:
    return [i.position for i in shape.items if i.kind == Item.Kind.LIKERT5 and not i.demographic]


def _per_row_likert(m, shape):
    """(n × 6) counts of each Likert value per response, and who answered any Likert item: once per matrix."""
    slots = tuple(_likert_slots(shape))
    key = ("likert", slots)
    if key not in m.derived:
        block = m.answers[:, list(slots)]
        counts = np.zeros((m.count, 6), np.int32)
        for value in range(1, 6):
            counts[:, value] = (block == value).sum(axis=1)
        m.derived[key] = (counts, counts[:, 1:].sum(axis=1) > 0)
    return m.derived[key]


def _per_row_likert_keys(m, shape):
    """(n × 6) the record key of each response times its count of each Likert value: once per matrix."""
    key = ("likert_keys", tuple(_likert_slots(shape)))
    if key not in m.derived:
        counts, _answered = _per_row_likert(m, shape)
        m.derived[key] = counts.astype(np.int64) * m.keys[:, None]
    return m.derived[key]


def _per_row_behaviour(m, shape):
    slots = [i.position for i in shape.items if i.kind == Item.Kind.BEHAVIOUR]
    key = ("behaviour", tuple(slots))
    if key not in m.derived:
        block = m.answers[:, slots]
        m.derived[key] = ((block > 0).any(axis=1), np.isin(block, EXPERIENCED_VALUES).any(axis=1))
    return m.derived[key]


def _overall(shape, m, mask: np.ndarray, band_set: str):
    """Overall Likert figures over the rows in `mask`, and who answered any Likert item (all rows)."""
    if not _likert_slots(shape):
        return None, None
    counts, answered = _per_row_likert(m, shape)
    pooled = counts[mask].sum(axis=0)
    key_pooled = _per_row_likert_keys(m, shape)[mask].sum(axis=0)  # each answer keyed by its respondent
    fig = stats.overall_figures(pooled, int((answered & mask).sum()), band_set)
    return masking.protect(fig, _keys_of(fig, key_pooled, int(m.keys[answered & mask].sum()))), answered


def _any_behaviour(shape, m, mask: np.ndarray):
    if not any(i.kind == Item.Kind.BEHAVIOUR for i in shape.items):
        return None, None
    answered, experienced = _per_row_behaviour(m, shape)
    n, x = int((answered & mask).sum()), int((experienced & mask).sum())
    lo, hi = stats.wilson(x, n)
    figures = stats.Figures("any_behaviour", n, [n - x, x],
                            prevalence={"experienced": (100.0 * x / n, 100.0 * lo, 100.0 * hi) if n else None})
    key_n, key_x = int(m.keys[answered & mask].sum()), int(m.keys[experienced & mask].sum())
    return masking.protect(figures, masking.Keys((key_n - key_x, key_x), key_n)), answered


def _published_respondents(m, mask: np.ndarray) -> int | None:
    """The perturbed number of people in `mask` (decision 0120): 0 only for nobody; a group of 5 or more
    that the perturbation publishes as 0 shows nothing (None), like a group of 1–4."""
    n = int(mask.sum())
    return perturb(n, int(m.keys[mask].sum())) or (0 if n == 0 else None)


def _campaign_figures(campaign: Campaign, filters: dict[str, int], only: set[str] | None = None):
    """(respondents, overall, any_behaviour, {code: figures}) with every hidden figure as None."""
    shape, m = load_matrix(campaign)
    band_set = shape.instrument.band_set
    sel = Selection(m, filters)
    respondents = None if sel.hidden(None) else _published_respondents(m, sel.mask)
    if respondents is None:  # a hidden group shows nothing at all, not even its zeros
        return shape, None, None, None, dict.fromkeys(i.code for i in shape.slot_items if only is None or i.code in only)
    overall, answered_all = _overall(shape, m, sel.mask, band_set)
    if overall is not None and sel.hidden(answered_all):
        overall = None
    behaviour, answered_all = _any_behaviour(shape, m, sel.mask)
    if behaviour is not None and sel.hidden(answered_all):
        behaviour = None
    figures = {}
    selected_keys = m.keys[sel.mask]
    for item in shape.slot_items:
        if only is not None and item.code not in only:
            continue
        column = m.answers[:, item.position]
        answered_item = column > 0
        figures[item.code] = None if sel.hidden(answered_item) else _item_figures(
            item, column[sel.mask], selected_keys, band_set)
    return shape, respondents, overall, behaviour, figures


def previous_campaign(campaign: Campaign) -> Campaign | None:
    return (Campaign.objects.filter(instrument__family=campaign.instrument.family,
                                    fiscal_year__lt=campaign.fiscal_year)
            .exclude(status=Campaign.Status.DRAFT).select_related("instrument").order_by("-fiscal_year").first())


def results(campaign: Campaign, filters: dict[str, int] | None = None, *, compare: bool = True,
            comments: bool = True, only: set[str] | None = None) -> Results:
    """Every figure of a campaign for a filter (`only`: just these item codes, plus the overall)."""
    filters = {d: v for d, v in (filters or {}).items() if v is not None}
    shape, respondents, overall, behaviour, figures = _campaign_figures(campaign, filters, only)
    out = Results(campaign, respondents, overall, any_behaviour=behaviour)
    previous = {}
    if compare:
        out.previous_campaign = previous_campaign(campaign)
        if out.previous_campaign is not None:
            _s, _r, out.previous_overall, out.previous_any_behaviour, previous = _campaign_figures(out.previous_campaign, filters, only)
    text_counts = comments_mod.counts(campaign, filters) if comments else {}
    for item in shape.items:
        if item.kind == Item.Kind.TEXT:
            if not comments:
                continue
            shown = text_counts.get(item.pk)
            out.items.append(ItemResult(item, None, comments=comments_mod.texts(campaign, item, filters) if shown else None,
                                        comment_count=shown))
        elif item.code in figures:
            out.items.append(ItemResult(item, figures[item.code], previous.get(item.code)))
    return out


# --- breakdowns -------------------------------------------------------------------------------

@dataclass
class Breakdown:
    item_code: str
    dims: list[str]
    row_keys: list
    col_keys: list
    row_labels: dict
    col_labels: dict
    cells: dict  # (row, col) or (row, TOTAL) ... → Figures | None (hidden)
    hidden_total: bool


def dimension_labels(dim: str, keys) -> dict:
    if dim == "agency":
        from thaothiam.agencies.models import Agency

        return {a.pk: a.name for a in Agency.objects.filter(pk__in=list(keys))}
    return {k: DEMOGRAPHICS[dim].label(k) for k in keys}


def breakdown(campaign: Campaign, item_code: str, dims: list[str], filters: dict[str, int] | None = None) -> Breakdown:
    """An item (or OVERALL) by one or two demographic dimensions, suppressed with complements."""
    from thaothiam.core.disclosure import TOTAL, apply_mask

    if not 1 <= len(dims) <= 2 or len(set(dims)) != len(dims) or not set(dims) <= set(DIMENSIONS):
        raise ValueError("one or two distinct dimensions")
    filters = {d: v for d, v in (filters or {}).items() if v is not None}
    shape, m = load_matrix(campaign)
    band_set = shape.instrument.band_set
    sel = Selection(m, filters)
    if item_code == OVERALL:
        per_row, answered_all = _per_row_likert(m, shape)
        item = None
    else:
        item = shape.item(item_code)
        if item is None or item.position is None:
            raise ValueError("unknown item")
        answered_all = m.answers[:, item.position] > 0
    rows = sel.mask & answered_all
    group_hidden = sel.hidden(answered_all)
    a = m.column(dims[0])[rows]
    b = m.column(dims[1])[rows] if len(dims) == 2 else np.zeros(a.size, np.int32)
    row_keys = _keys(dims[0], a)
    col_keys = _keys(dims[1], b) if len(dims) == 2 else [None]
    if not row_keys or not col_keys:  # nobody answered: an empty table with a zero total
        total_key = (TOTAL, TOTAL) if len(dims) == 2 else TOTAL
        return Breakdown(item_code, dims, [], col_keys if len(dims) == 2 else [None], {}, {},
                         {total_key: None}, group_hidden)
    r_index = {k: i for i, k in enumerate(row_keys)}
    c_index = {k: i for i, k in enumerate(col_keys)}
    lookup_r = np.zeros(max(row_keys) + 1 if row_keys else 1, np.int64)
    for k, i in r_index.items():
        lookup_r[k] = i
    g = lookup_r[a]
    if len(dims) == 2:
        lookup_c = np.zeros(max(col_keys) + 1, np.int64)
        for k, i in c_index.items():
            lookup_c[k] = i
        g = g * len(col_keys) + lookup_c[b]
    n_groups = len(row_keys) * len(col_keys)
    sub = m.answers[rows]
    row_keys_ = m.keys[rows]
    people = np.bincount(g, minlength=n_groups)
    people_keys = np.bincount(g, weights=row_keys_, minlength=n_groups).astype(np.int64)
    if item is None:
        rows_counts = per_row[rows]
        dist = np.stack([np.bincount(g, weights=rows_counts[:, v], minlength=n_groups) for v in range(6)],
                        axis=1).astype(np.int64)
        rows_keys = _per_row_likert_keys(m, shape)[rows]
        key_dist = np.stack([np.bincount(g, weights=rows_keys[:, v], minlength=n_groups) for v in range(6)],
                            axis=1).astype(np.int64)

        def figures_of(d_row, n_people, k_row, k_people):
            fig = stats.overall_figures(d_row, n_people, band_set)
            return masking.protect(fig, _keys_of(fig, k_row, k_people))
    else:
        options = len(item.choices())
        if item.kind == Item.Kind.MULTI:
            dist = stats.multi_distributions(sub[:, item.position], g, n_groups, options)
            key_dist = stats.multi_distributions(sub[:, item.position], g, n_groups, options, weights=row_keys_)
        else:
            width_ = stats.width_for(item.kind, options)
            dist = stats.group_distributions(sub[:, item.position], g, n_groups, width_)
            key_dist = stats.group_distributions(sub[:, item.position], g, n_groups, width_, weights=row_keys_)

        def figures_of(d_row, _n, k_row, _k):
            fig = stats.figures_from_row(item.kind, d_row, options, band_set)
            return masking.protect(fig, _keys_of(fig, k_row))

    counts, values = {}, {}
    width = len(col_keys)
    for r, rk in enumerate(row_keys):
        for c, ck in enumerate(col_keys):
            idx = r * width + c
            key = (rk, ck) if len(dims) == 2 else rk
            counts[key] = int(people[idx])
            values[key] = figures_of(dist[idx], int(people[idx]), key_dist[idx], int(people_keys[idx]))
    table = suppress_table(counts, row_keys, col_keys if len(dims) == 2 else [None])
    # Margins: figures of whole rows, whole columns and the total.
    dist3 = dist.reshape(len(row_keys), width, -1)
    people2 = people.reshape(len(row_keys), width)
    kdist3 = key_dist.reshape(len(row_keys), width, -1)
    kpeople2 = people_keys.reshape(len(row_keys), width)
    if len(dims) == 2:
        for r, rk in enumerate(row_keys):
            values[(rk, TOTAL)] = figures_of(dist3[r].sum(axis=0), int(people2[r].sum()),
                                             kdist3[r].sum(axis=0), int(kpeople2[r].sum()))
        for c, ck in enumerate(col_keys):
            values[(TOTAL, ck)] = figures_of(dist3[:, c].sum(axis=0), int(people2[:, c].sum()),
                                             kdist3[:, c].sum(axis=0), int(kpeople2[:, c].sum()))
        values[(TOTAL, TOTAL)] = figures_of(dist3.sum(axis=(0, 1)), int(people2.sum()),
                                            kdist3.sum(axis=(0, 1)), int(kpeople2.sum()))
    else:
        values[TOTAL] = figures_of(dist3.sum(axis=(0, 1)), int(people2.sum()),
                                   kdist3.sum(axis=(0, 1)), int(kpeople2.sum()))
    cells = apply_mask(table, values)
    for key in _nested_differences(sel, answered_all, m, dims, row_keys, col_keys, people2) | _inner_differences(
            row_keys, col_keys, people2, len(dims) == 2):
        cells[key] = None
    if group_hidden:
        cells = dict.fromkeys(cells)
    return Breakdown(item_code, dims, row_keys, col_keys if len(dims) == 2 else [None],
                     dimension_labels(dims[0], row_keys),
                     dimension_labels(dims[1], col_keys) if len(dims) == 2 else {}, cells, group_hidden)


def _grid(m, mask: np.ndarray, dims: list[str], row_keys: list, col_keys: list) -> np.ndarray:
    """Counts of the rows in `mask` by the breakdown's cells (rows whose band is not a column: left out)."""
    grid = np.zeros((len(row_keys), len(col_keys)), np.int64)
    a = m.column(dims[0])[mask]
    b = m.column(dims[1])[mask] if len(dims) == 2 else None
    for r, rk in enumerate(row_keys):
        in_row = a == rk
        if b is None:
            grid[r, 0] = int(in_row.sum())
        else:
            for c, ck in enumerate(col_keys):
                grid[r, c] = int((in_row & (b == ck)).sum())
    return grid


def _nested_differences(sel: Selection, answered: np.ndarray, m, dims, row_keys, col_keys, people2) -> set:
    """Cells, margins and the total that differ by 1–4 people from the same cell under a coarser filter
    (one or more of the filter's dimensions dropped): hidden, so no two groups one can see differ by
    1–4 where one contains the other (decision 0037)."""
    from thaothiam.core.disclosure import TOTAL

    out: set = set()
    two = len(dims) == 2
    for ancestor in sel.ancestors:
        wider = _grid(m, ancestor & answered, dims, row_keys, col_keys)
        keys = [[((rk, ck) if two else rk) for ck in col_keys] for rk in row_keys]
        for r in range(len(row_keys)):
            for c in range(len(col_keys)):
                diff = int(wider[r, c] - people2[r, c])
                if people2[r, c] and 0 < diff < DEFAULT_THRESHOLD:
                    out.add(keys[r][c])
        if two:
            for r, rk in enumerate(row_keys):
                diff = int(wider[r].sum() - people2[r].sum())
                if people2[r].sum() and 0 < diff < DEFAULT_THRESHOLD:
                    out.add((rk, TOTAL))
            for c, ck in enumerate(col_keys):
                diff = int(wider[:, c].sum() - people2[:, c].sum())
                if people2[:, c].sum() and 0 < diff < DEFAULT_THRESHOLD:
                    out.add((TOTAL, ck))
    return out


def _inner_differences(row_keys, col_keys, people2, two: bool) -> set:
    """Cells and margins of one table that its own margins or total contain with 1–4 more people: hidden,
    as across filters (decision 0036) — the men of agency B beside all men, when the men of the other
    agencies are only 3, would otherwise both show a mean (found by the disclosure audit, decision 0123)."""
    from thaothiam.core.disclosure import TOTAL

    def apart(inner: int, outer: int) -> bool:
        return bool(inner) and 0 < outer - inner < DEFAULT_THRESHOLD

    total = int(people2.sum())
    out: set = set()
    for r, rk in enumerate(row_keys):
        row = int(people2[r].sum())
        for c, ck in enumerate(col_keys):
            cell = int(people2[r, c])
            if apart(cell, total) or (two and (apart(cell, row) or apart(cell, int(people2[:, c].sum())))):
                out.add((rk, ck) if two else rk)
        if two and apart(row, total):
            out.add((rk, TOTAL))
    for c, ck in enumerate(col_keys if two else []):
        if apart(int(people2[:, c].sum()), total):
            out.add((TOTAL, ck))
    return out


def _keys(dim: str, codes: np.ndarray) -> list[int]:
    """Every band of a dimension (a zero is worth showing) except "not stated" when nobody is in it."""
    if dim == "agency":
        return sorted(int(k) for k in np.unique(codes))
    unknown = DEMOGRAPHICS[dim].NOT_STATED
    has_unknown = bool((codes == unknown).any())
    return [int(k) for k in DEMOGRAPHICS[dim].values if k != unknown or has_unknown]
