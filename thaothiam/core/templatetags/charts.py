"""`{% vega_chart spec "title" %}`: a chart drawn by vega-embed, with a title, a text alternative and its
figures as a table (docs/decisions/0142).

* The title (and the value axis's title, which names the unit) is a visible caption above the chart.
* The drawing is an image whose text alternative says what it shows and its largest and smallest
  figures; the figures themselves are in a table that is always in the HTML: shown without JavaScript,
  read by screen readers, and behind a "show as table" button once charts.js has drawn the chart.
* A chart with nothing to draw, or a single point, is not drawn: a sentence says so (or gives the one
  figure) instead of an empty frame or a lone dot.
"""

from __future__ import annotations

import itertools
import re

from django import template
from django.template.loader import render_to_string
from django.utils.html import json_script
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from thaothiam.core.formatting import format_number

register = template.Library()
_ids = itertools.count(1)


def _decimals(value_format: str) -> int:
    found = re.search(r"\.(\d+)f", value_format or "")
    return int(found.group(1)) if found else 0


def _figure(value, decimals: int) -> str:
    return format_number(value, decimals) if value is None or isinstance(value, int | float) else str(value)


def chart_table(spec: dict) -> dict | None:
    """The chart's figures as rows × series (series: the colour field's values, or the one value)."""
    meta = (spec.get("usermeta") or {}).get("table")
    if not meta:
        return None
    values = spec.get("data", {}).get("values", [])
    row_field, colour, value = meta["row"], meta.get("colour"), meta["value"]
    decimals = _decimals(meta.get("format", ""))
    rows: dict[str, dict] = {}
    series: list[str] = []
    for datum in values:
        label = str(datum.get(row_field))
        line = rows.setdefault(label, {"label": label, "detail": str(datum.get(meta["detail"]) or "")
                                       if meta.get("detail") else "", "cells": {}})
        key = str(datum.get(colour)) if colour else ""
        if key not in series:
            series.append(key)
        line["cells"][key] = datum.get(value)
    lines = [{"label": line["label"], "detail": line["detail"] if line["detail"] != line["label"] else "",
              "cells": [_figure(line["cells"].get(key), decimals) for key in series]}
             for line in rows.values()]
    points = [(line["label"], key, line["cells"].get(key)) for line in rows.values() for key in series
              if line["cells"].get(key) is not None]
    return {"row_title": meta.get("row_title") or "", "value_title": meta.get("value_title") or "",
            "series": series if colour else [meta.get("value_title") or _("Value")], "lines": lines,
            "points": points, "decimals": decimals, "kind": meta.get("kind"), "x_count": len(rows),
            "alt": (spec.get("usermeta") or {}).get("alt", "")}


def _point_name(label: str, key: str) -> str:
    return f"{label}, {key}" if key else label


def describe(title: str, table: dict) -> str:
    """A text alternative: what the chart shows, with its largest and smallest figures."""
    if table.get("alt"):
        return table["alt"]
    points = table["points"]
    unit = table["value_title"]
    what = (_("Line chart: %(title)s") if table["kind"] == "line" else _("Bar chart: %(title)s")) % {"title": title}
    if unit:
        what = f"{what} ({unit})"
    if len(points) < 2:
        return what
    top = max(points, key=lambda p: p[2])
    low = min(points, key=lambda p: p[2])
    return _("%(what)s. Highest: %(top)s, %(top_value)s; lowest: %(low)s, %(low_value)s. The table gives every "
             "figure.") % {"what": what, "top": _point_name(top[0], top[1]),
                           "top_value": format_number(top[2], table["decimals"]),
                           "low": _point_name(low[0], low[1]), "low_value": format_number(low[2], table["decimals"])}


@register.simple_tag
def vega_chart(spec: dict | None, label: str = "", css_class: str = "chart"):
    element_id = f"vega-spec-{next(_ids)}"
    table = chart_table(spec) if spec else None
    context = {"id": element_id, "title": label, "css_class": css_class, "table": table}
    if not spec or (table is not None and not table["points"]):
        context["sentence"] = _("No figures to chart for this selection.")
    elif table is not None and (len(table["points"]) < 2 or (table["kind"] == "line" and table["x_count"] < 2)):
        # One bar or one point is not a chart: the sentence gives the figures.
        context["sentence"] = "; ".join(
            f"{_point_name(name, key)}: {format_number(value, table['decimals'])}" for name, key, value in table["points"])
    else:
        context["alt"] = describe(label, table) if table is not None else label
        context["spec_script"] = json_script(spec, element_id)
    return mark_safe(render_to_string("includes/chart.html", context))  # noqa: S308 — an escaped template
