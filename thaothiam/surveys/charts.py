"""Vega-Lite specs of the results pages, from figures already through disclosure control."""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

from thaothiam.core import charts


def result_charts(result, *, for_print: bool = False) -> dict:
    """The results' charts; `for_print` (an A4 page) wraps labels wider than a phone's screen can."""
    wrap, limit = (PRINT_WRAP_WIDTH, PRINT_LABEL_LIMIT) if for_print else (WRAP_WIDTH, LABEL_LIMIT)
    likert, behaviour = [], []
    for row in result.items:
        fig = row.figures
        if fig is None:
            continue
        if fig.kind == "likert5" and fig.mean is not None:
            likert.append({"item": row.item.text, "mean": float(fig.mean)})
        elif fig.kind == "behaviour" and fig.prevalence:
            for key, label in (("experienced", _("Experienced")), ("witnessed", _("Witnessed"))):
                value = fig.prevalence.get(key)
                if value is not None:  # hidden (masking) or nobody answered: left out, never drawn as 0
                    behaviour.append({"item": row.item.text, "what": label, "pct": round(value[0], 1)})
    out = {}
    if likert:
        out["likert"] = _labels(mean_axis(charts.bar_chart(
            likert, category="item", value="mean", value_title=_("Mean (1–5)"), value_format=".2f",
            height=max(160, sum(_height(r["item"], wrap) for r in likert)))), wrap, limit)
    if behaviour:
        out["behaviour"] = _labels(percent_axis(charts.bar_chart(
            behaviour, category="item", value="pct", colour="what", value_title=_("Percent of respondents"),
            value_format=".1f", height=max(200, sum(_height(r["item"], wrap, bars=2) for r in behaviour) // 2))),
            wrap, limit)
    return out


# Category labels may take at most this many pixels: on a 390 px phone the bars keep ~60% of the width.
LABEL_LIMIT = 150


def _axes(spec: dict, value_axis: dict, scale: dict | None = None) -> dict:
    encoding = spec["encoding"]
    x = encoding["x"]
    x["axis"] = {**x.get("axis", {}), **value_axis, "labelOverlap": True}
    if scale:
        x["scale"] = scale
    # Labels arrive wrapped ("\n" between lines, _Labels): drawn as lines, none cut off.
    encoding["y"]["axis"] = {"labelLimit": LABEL_LIMIT, "labelExpr": "split(datum.value, '\\n')",
                             "labelLineHeight": LINE_HEIGHT}
    return spec


def mean_axis(spec: dict) -> dict:
    """A Likert mean on its own fixed 1–5 scale, ticks at the scale points (not 0–4.x, not '3.003.50')."""
    spec["mark"]["clip"] = True  # bars start at the left edge (1), not at an invisible zero
    return _axes(spec, {"values": [1, 2, 3, 4, 5], "format": "d"}, {"domain": [1, 5], "zero": False, "nice": False})


def percent_axis(spec: dict) -> dict:
    """A percentage axis with few whole-number ticks, so labels never run together in the PDF; when
    every bar is 0 the axis still runs 0–100 instead of collapsing to a single 0."""
    field = spec["encoding"]["x"]["field"]
    top = max((row[field] for row in spec["data"]["values"]), default=0)
    return _axes(spec, {"format": "d", "tickCount": 5}, None if top else {"domain": [0, 100]})


# A question as a chart label. Before, labels were cut at 32 characters, so two questions that begin
# alike ("ท่านเชื่อมั่นว่าเรื่องร้องเรียน…") became one category and Vega-Lite stacked their bars into
# one bar (a "mean" of 6.3 drawn clipped at 5), and every long label was cut. Now the category is the
# whole question; surveys.js wraps it into lines at word boundaries (Intl.Segmenter knows Thai words,
# which a server-side cut does not) before the chart is drawn, and the axis draws one line each.
WRAP_WIDTH, PRINT_WRAP_WIDTH, PRINT_LABEL_LIMIT = 20, 44, 330
LINE_HEIGHT = 16  # Thai marks above and below need the room


def _height(text: str, width: int, bars: int = 1) -> int:
    """Room for one category: its label's lines (an estimate: words rarely fill a line) or its bars."""
    letters = sum(1 for ch in text if not unicodedata.category(ch).startswith("M"))
    lines = max(1, -(-letters // (width - 4)))
    return max(LINE_HEIGHT * lines + 8, 14 * bars + 8)


def _labels(spec: dict, width: int, limit: int) -> dict:
    spec["usermeta"] = {"wrapLabels": {"field": spec["encoding"]["y"]["field"], "width": width}}
    spec["encoding"]["y"]["axis"]["labelLimit"] = limit
    return spec


def breakdown_chart(table, rows) -> dict | None:
    data = []
    two = len(table.dims) == 2
    for row in rows:
        if row.get("total"):
            continue
        cells = row["cells"][:-1] if two else row["cells"]
        keys = table.col_keys if two else [None]
        for key, fig in zip(keys, cells, strict=True):
            if fig is None:
                continue
            value = _value(fig)
            if value is None:
                continue
            entry = {"group": str(row["label"]), "value": value}
            if two:
                entry["by"] = str(table.col_labels.get(key, key))
            data.append(entry)
    if not data:
        return None
    means = table.item_code == "overall" or any(row["cells"] and _is_mean(row) for row in rows)
    spec = charts.bar_chart(data, category="group", value="value", colour="by" if two else None,
                            value_format=".2f" if means else ".1f", height=max(180, 26 * len(data)))
    return mean_axis(spec) if means else percent_axis(spec)


def _is_mean(row) -> bool:
    return any(fig is not None and fig.mean is not None for fig in row["cells"])


def _value(fig):
    if fig.mean is not None:
        return float(fig.mean)
    if fig.prevalence and fig.prevalence.get("experienced"):
        return round(fig.prevalence["experienced"][0], 1)
    return None
