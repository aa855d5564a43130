"""Charts as Vega-Lite specs built in Python.

The same spec is drawn by vega-embed on the web page and in the PDF print view (Chromium prints
the page), so a chart looks the same everywhere. Specs carry their data inline: callers pass rows
that have already been through disclosure control (core.disclosure) — a suppressed value is
None and is left out of the chart, never drawn as zero.
"""

from __future__ import annotations

from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
FONT = "Sarabun"
# Colour-blind-safe categorical colours; sex keeps the same colours across every chart.
PALETTE = ["#0b5d3b", "#7a3e9d", "#b35900", "#1f77b4", "#6c757d", "#c0392b", "#17becf", "#8c564b"]
SEX_COLOURS = {"หญิง": "#7a3e9d", "ชาย": "#0b5d3b", "Female": "#7a3e9d", "Male": "#0b5d3b"}


def _base(title: str | None, width: int | str, height: int) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "$schema": SCHEMA,
        "width": width,
        "height": height,
        "config": {
            "font": FONT,
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "labelLimit": 260},
            "legend": {"labelFontSize": 12, "titleFontSize": 13, "orient": "bottom"},
            "title": {"fontSize": 15, "anchor": "start"},
            "range": {"category": PALETTE},
            "view": {"stroke": None},
        },
    }
    if title:
        spec["title"] = title
    return spec


def _rows(rows: list[dict], *required: str) -> list[dict]:
    """Drop rows whose required values are missing (suppressed), so none is drawn as zero."""
    return [row for row in rows if all(row.get(key) is not None for key in required)]


def _value_axis(value_format: str) -> dict[str, Any]:
    """Counts and other whole-number values (baht) get whole-number ticks: a small maximum otherwise
    reads "0 0 0 … 1 1 1" once formatted without decimals."""
    axis: dict[str, Any] = {"format": value_format}
    if value_format.endswith(("d", ".0f")):
        axis["tickMinStep"] = 1
    return axis


def bar_chart(
    rows: list[dict], *, category: str, value: str, category_title: str = "", value_title: str = "",
    colour: str | None = None, colour_title: str = "", title: str | None = None, horizontal: bool = True,
    width: int | str = "container", height: int = 260, value_format: str = ",d", stack: bool = False,
    detail: str | None = None,
) -> dict[str, Any]:
    """A bar chart; with `colour`, grouped bars (or stacked with stack=True). `detail` names a field
    shown in the tooltip — the full name when the category axis carries only a short code."""
    spec = _base(title, width, height)
    spec["data"] = {"values": _rows(rows, category, value)}
    cat_axis = {"field": category, "type": "nominal", "title": category_title or None, "sort": None}
    val_axis = {"field": value, "type": "quantitative", "title": value_title or None,
                "axis": _value_axis(value_format)}
    if not stack and colour:
        val_axis["stack"] = None
    encoding: dict[str, Any] = {"x": val_axis, "y": cat_axis} if horizontal else {"x": cat_axis, "y": val_axis}
    tooltip = [{"field": category, "type": "nominal"}, {"field": value, "type": "quantitative", "format": value_format}]
    if detail:
        tooltip.insert(1, {"field": detail, "type": "nominal"})
    if colour:
        encoding["color"] = {"field": colour, "type": "nominal", "title": colour_title or None, **_colour_scale(rows, colour)}
        tooltip.insert(1, {"field": colour, "type": "nominal"})
        if not stack:
            encoding["yOffset" if horizontal else "xOffset"] = {"field": colour}
    encoding["tooltip"] = tooltip
    spec["mark"] = {"type": "bar", "tooltip": True}
    spec["encoding"] = encoding
    return spec


def line_chart(
    rows: list[dict], *, x: str, y: str, colour: str | None = None, x_title: str = "", y_title: str = "",
    colour_title: str = "", title: str | None = None, width: int | str = "container", height: int = 240,
    y_format: str = ",d",
) -> dict[str, Any]:
    """A trend across fiscal years or rounds."""
    spec = _base(title, width, height)
    spec["data"] = {"values": _rows(rows, x, y)}
    spec["mark"] = {"type": "line", "point": True, "tooltip": True}
    spec["encoding"] = {
        "x": {"field": x, "type": "ordinal", "title": x_title or None},
        "y": {"field": y, "type": "quantitative", "title": y_title or None, "axis": _value_axis(y_format)},
    }
    if colour:
        spec["encoding"]["color"] = {"field": colour, "type": "nominal", "title": colour_title or None,
                                     **_colour_scale(rows, colour)}
    return spec


def pyramid_chart(
    rows: list[dict], *, band: str, sex: str, value: str, left_label: str, right_label: str,
    title: str | None = None, height: int = 300,
) -> dict[str, Any]:
    """An age pyramid: `left_label` (e.g. women) to the left, `right_label` to the right."""
    values = []
    for row in _rows(rows, band, sex, value):
        signed = -row[value] if row[sex] == left_label else row[value]
        values.append({**row, "_signed": signed})
    spec = _base(title, "container", height)
    spec["data"] = {"values": values}
    spec["mark"] = {"type": "bar", "tooltip": True}
    spec["encoding"] = {
        "y": {"field": band, "type": "ordinal", "sort": "descending", "title": None},
        "x": {"field": "_signed", "type": "quantitative", "title": None, "axis": {"labelExpr": "abs(datum.value)"}},
        "color": {"field": sex, "type": "nominal", "title": None, **_colour_scale(values, sex)},
        "tooltip": [{"field": band}, {"field": sex}, {"field": value, "format": ",d"}],
    }
    return spec


def _colour_scale(rows: list[dict], field: str) -> dict[str, Any]:
    domain = list(dict.fromkeys(row.get(field) for row in rows if row.get(field) is not None))
    if domain and all(key in SEX_COLOURS for key in domain):
        return {"scale": {"domain": domain, "range": [SEX_COLOURS[key] for key in domain]}}
    return {}
