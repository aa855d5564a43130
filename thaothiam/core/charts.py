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
# Two palettes that never share a colour (docs/decisions/0142): the sex colours are reserved for sex, in
# every chart; years, categories and single series use the other one. Every colour has at least 3:1
# contrast on white (WCAG 1.4.11) and the category colours stay apart for the common colour-vision types.
WOMEN_COLOUR, MEN_COLOUR = "#7a3e9d", "#0b5d3b"
SEX_COLOURS = {label: WOMEN_COLOUR for label in ("หญิง", "ผู้หญิง", "Female", "Women")} | {
    label: MEN_COLOUR for label in ("ชาย", "ผู้ชาย", "Male", "Men")}
PALETTE = ["#1f5f99", "#b35900", "#5d6d7e", "#b03a2e", "#2e86c1", "#7d6608", "#a04070", "#424949"]
SINGLE_COLOUR = PALETTE[0]


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
            "mark": {"color": SINGLE_COLOUR},
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
    # The category axis carries no title: its labels say what they are, and a rotated title beside long
    # Thai labels overlaps them (the table below the chart heads the column with ``category_title``).
    cat_axis = {"field": category, "type": "nominal", "title": None, "sort": None}
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
    spec["usermeta"] = _table_meta("bar", category, category_title, value, value_title, colour, value_format, detail)
    return spec


def line_chart(
    rows: list[dict], *, x: str, y: str, colour: str | None = None, x_title: str = "", y_title: str = "",
    colour_title: str = "", title: str | None = None, width: int | str = "container", height: int = 240,
    y_format: str = ",d", legend_columns: int | None = None,
) -> dict[str, Any]:
    """A trend across fiscal years or rounds. ``legend_columns`` lays the colour legend out in that many
    columns with no limit on a label's width: for long names (Thai category names), which the default
    legend, one row with labels cut at 160 px, shortens to "…"."""
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
        if legend_columns:
            spec["encoding"]["color"]["legend"] = {"columns": legend_columns, "labelLimit": 600}
    spec["usermeta"] = _table_meta("line", x, x_title, y, y_title, colour, y_format)
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
    spec["usermeta"] = _table_meta("bar", band, "", value, "", sex, ",d")
    return spec


def _colour_scale(rows: list[dict], field: str) -> dict[str, Any]:
    """Sex in its reserved colours; anything else in the other palette, never in a sex colour."""
    domain = list(dict.fromkeys(str(row.get(field)) for row in rows if row.get(field) is not None))
    if domain and all(key in SEX_COLOURS for key in domain):
        return {"scale": {"domain": domain, "range": [SEX_COLOURS[key] for key in domain]}}
    return {"scale": {"range": PALETTE}}


def _table_meta(kind: str, row: str, row_title: str, value: str, value_title: str, colour: str | None,
                value_format: str, detail: str | None = None) -> dict[str, Any]:
    """What the chart tag needs to write the chart's figures as a table and as a sentence
    (``usermeta`` is carried by Vega-Lite and ignored when drawing)."""
    return {"table": {"kind": kind, "row": row, "row_title": row_title or "", "value": value,
                      "value_title": value_title or "", "colour": colour, "format": value_format, "detail": detail}}


def tile_map(tiles: list[dict], *, colour: str, colour_title: str, domain: list[str], colours: list[str],
             label: str = "short", tooltip: list[str] | None = None, alt: str = "", name_title: str = "",
             height: int = 330) -> dict[str, Any]:
    """A tile-grid map (no map service): ``tiles`` have ``row`` and ``col`` (0 = north-west), a ``colour``
    category drawn in ``colours`` (in ``domain`` order), a ``label`` printed on the tile and the
    ``tooltip`` fields. ``alt`` is the chart's text alternative (a map has no highest and lowest)."""
    spec = _base(None, "container", height)
    spec["config"]["legend"].update({"columns": 1, "labelLimit": 600})
    spec["data"] = {"values": tiles}
    position = {"x": {"field": "col", "type": "ordinal", "axis": None, "scale": {"paddingInner": 0.08}},
                "y": {"field": "row", "type": "ordinal", "axis": None, "scale": {"paddingInner": 0.08}}}
    spec["encoding"] = position
    spec["layer"] = [
        {"mark": {"type": "rect", "cornerRadius": 3, "tooltip": True},
         "encoding": {"color": {"field": colour, "type": "nominal", "title": colour_title,
                                "scale": {"domain": domain, "range": colours}},
                      "tooltip": [{"field": f, "type": "nominal"} for f in (tooltip or [label, colour])]}},
        {"mark": {"type": "text", "fontSize": 8, "lineHeight": 9, "color": "#ffffff"},  # labels may be 2 lines
         "encoding": {"text": {"field": label, "type": "nominal"}}},
    ]
    spec["usermeta"] = {"table": {"kind": "map", "row": "name", "row_title": name_title, "value": colour,
                                  "value_title": colour_title, "colour": None, "format": "", "detail": None},
                        "alt": alt}
    return spec
