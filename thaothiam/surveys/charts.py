"""Vega-Lite specs of the results pages, from figures already through disclosure control."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thaothiam.core import charts


def result_charts(result) -> dict:
    likert, behaviour = [], []
    for row in result.items:
        fig = row.figures
        if fig is None:
            continue
        if fig.kind == "likert5" and fig.mean is not None:
            likert.append({"item": _short(row.item.text), "mean": float(fig.mean), "code": row.item.code})
        elif fig.kind == "behaviour" and fig.prevalence and fig.prevalence["experienced"]:
            behaviour.append({"item": _short(row.item.text), "what": _("Experienced"),
                              "pct": round(fig.prevalence["experienced"][0], 1)})
            behaviour.append({"item": _short(row.item.text), "what": _("Witnessed"),
                              "pct": round(fig.prevalence["witnessed"][0], 1)})
    out = {}
    if likert:
        out["likert"] = charts.bar_chart(likert, category="item", value="mean", value_title=_("Mean (1–5)"),
                                         value_format=".2f", height=max(160, 22 * len(likert)))
    if behaviour:
        out["behaviour"] = charts.bar_chart(behaviour, category="item", value="pct", colour="what",
                                            value_title=_("Percent of respondents"), value_format=".1f",
                                            height=max(200, 36 * len(behaviour) // 2))
    return out


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    return charts.bar_chart(data, category="group", value="value", colour="by" if two else None,
                            value_format=".2f", height=max(180, 26 * len(data)))


def _value(fig):
    if fig.mean is not None:
        return float(fig.mean)
    if fig.prevalence and fig.prevalence.get("experienced"):
        return round(fig.prevalence["experienced"][0], 1)
    return None
