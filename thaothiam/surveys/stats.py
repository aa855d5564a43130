"""Survey statistics with NumPy over the response matrix: every figure is derived from the
distribution of answer values, so n, mean, SD, % favourable and the band always agree.

Thai Likert interpretation (PRODUCT.md §4): the mean is rounded to 2 decimals (half up, computed
exactly from the integer sum) before it is placed in a band.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from .instruments import EXPERIENCED_VALUES, WITNESSED_VALUES

TWO_PLACES = Decimal("0.01")
Z95 = 1.959963984540054

# (lowest rounded mean of the band, Thai, English), highest band first.
BAND_SETS: dict[str, list[tuple[Decimal, str, str]]] = {
    "w080": [(Decimal("4.21"), "มากที่สุด", "Very high"), (Decimal("3.41"), "มาก", "High"),
             (Decimal("2.61"), "ปานกลาง", "Moderate"), (Decimal("1.81"), "น้อย", "Low"),
             (Decimal("1.00"), "น้อยที่สุด", "Very low")],
    "w050": [(Decimal("4.51"), "มากที่สุด", "Very high"), (Decimal("3.51"), "มาก", "High"),
             (Decimal("2.51"), "ปานกลาง", "Moderate"), (Decimal("1.51"), "น้อย", "Low"),
             (Decimal("1.00"), "น้อยที่สุด", "Very low")],
}


@dataclass(frozen=True)
class Band:
    th: str
    en: str
    level: int  # 5 = highest

    def label(self) -> str:
        from thaothiam.core.i18n import pick

        return pick(self.th, self.en)


def round_mean(total: int, n: int) -> Decimal:
    """The exact mean total/n rounded half up to 2 decimals."""
    return (Decimal(int(total)) / Decimal(int(n))).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def band(mean, band_set: str = "w080") -> Band | None:
    """The interpretation band of a mean (a Decimal already rounded, or a float rounded here)."""
    if mean is None:
        return None
    value = mean if isinstance(mean, Decimal) else Decimal(repr(float(mean))).quantize(TWO_PLACES, ROUND_HALF_UP)
    bands = BAND_SETS[band_set]
    for level, (lowest, th, en) in zip(range(5, 0, -1), bands, strict=True):
        if value >= lowest:
            return Band(th, en, level)
    return Band(bands[-1][1], bands[-1][2], 1)


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion, as fractions."""
    if n <= 0:
        return (0.0, 0.0)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass
class Figures:
    """What is shown for one item in one group. `n` = people who answered the item."""

    kind: str
    n: int
    dist: list[int] = field(default_factory=list)  # counts of values 1..k (bits for multi)
    mean: Decimal | None = None
    sd: float | None = None
    favourable: float | None = None  # % choosing 4 or 5
    band: Band | None = None
    prevalence: dict | None = None  # behaviour: {"experienced": (pct, lo, hi), ...}

    @property
    def mean_float(self) -> float | None:
        return float(self.mean) if self.mean is not None else None


def likert_figures(dist: np.ndarray, band_set: str) -> Figures:
    """From counts of values 0..5 (index = value)."""
    counts = [int(c) for c in dist[1:6]]
    n = sum(counts)
    if n == 0:
        return Figures("likert5", 0, counts)
    total = sum(v * c for v, c in zip(range(1, 6), counts, strict=True))
    squares = sum(v * v * c for v, c in zip(range(1, 6), counts, strict=True))
    mean = round_mean(total, n)
    sd = math.sqrt(max(0.0, (squares - total * total / n) / (n - 1))) if n > 1 else 0.0
    return Figures("likert5", n, counts, mean=mean, sd=sd, favourable=100.0 * (counts[3] + counts[4]) / n,
                   band=band(mean, band_set))


def behaviour_figures(dist: np.ndarray) -> Figures:
    counts = [int(c) for c in dist[1:5]]
    n = sum(counts)
    prevalence = {}
    for key, values in (("experienced", EXPERIENCED_VALUES), ("witnessed", WITNESSED_VALUES),
                        ("either", (2, 3, 4))):
        x = sum(counts[v - 1] for v in values)
        lo, hi = wilson(x, n)
        prevalence[key] = (100.0 * x / n, 100.0 * lo, 100.0 * hi) if n else None
    return Figures("behaviour", n, counts, prevalence=prevalence)


def choice_figures(kind: str, dist: np.ndarray, options: int) -> Figures:
    counts = [int(c) for c in dist[1:options + 1]]
    return Figures(kind, sum(counts), counts)


def group_distributions(values: np.ndarray, groups: np.ndarray | None, n_groups: int, width: int,
                        weights: np.ndarray | None = None) -> np.ndarray:
    """Counts of each value 0..width-1 per group: shape (n_groups, width). With `weights` (each row's record
    key), the sum of the weights instead of the count: the cell keys of the same cells (decision 0120)."""
    values = values.astype(np.int64, copy=False)
    if groups is None:
        out = np.bincount(values, weights=weights, minlength=width)[None, :width]
    else:
        out = np.bincount(groups * width + values, weights=weights, minlength=n_groups * width).reshape(n_groups, width)
    return out.astype(np.int64)


def multi_distributions(values: np.ndarray, groups: np.ndarray | None, n_groups: int, options: int,
                        weights: np.ndarray | None = None) -> np.ndarray:
    """Per group: [answered, count of bit 0, bit 1, ...]; shape (n_groups, options + 1). `weights`: as above."""
    values = values.astype(np.int64, copy=False)
    g = np.zeros(values.shape[0], np.int64) if groups is None else groups
    w = np.ones(values.shape[0], np.int64) if weights is None else weights
    size = 1 if groups is None else n_groups
    out = np.zeros((size, options + 1), np.int64)
    out[:, 0] = np.bincount(g, weights=(values > 0) * w, minlength=size)
    for bit in range(options):
        out[:, bit + 1] = np.bincount(g, weights=((values >> bit) & 1) * w, minlength=size)
    return out


def figures_from_row(kind: str, row: np.ndarray, options: int, band_set: str) -> Figures:
    """Figures of one item for one group from its distribution row (see group_distributions)."""
    if kind == "likert5":
        return likert_figures(row, band_set)
    if kind == "behaviour":
        return behaviour_figures(row)
    if kind == "multi":
        return Figures("multi", int(row[0]), [int(c) for c in row[1:options + 1]])
    return choice_figures(kind, row, options)


def width_for(kind: str, options: int) -> int:
    return {"likert5": 6, "behaviour": 5, "yesno": 3}.get(kind, options + 1)


def overall_figures(pooled: np.ndarray, respondents: int, band_set: str) -> Figures:
    """The overall Likert score (ภาพรวม): all Likert answers pooled; n = people with any Likert answer."""
    figures = likert_figures(pooled, band_set)
    figures.kind = "overall"
    figures.n = int(respondents)
    return figures
