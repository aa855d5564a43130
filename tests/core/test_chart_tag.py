"""Every chart has a title, a text alternative and its figures as a table; a chart with nothing or one
point to draw is a sentence; the sex colours are for sex only (issue 16 §3, decision 0142)."""

import re

from django.template import Context, Template
from django.utils import translation

from thaothiam.core import charts


def _render(spec, title="Participants by pillar"):
    with translation.override("en"):
        return Template('{% load charts %}{% vega_chart spec title %}').render(Context({"spec": spec, "title": title}))


def test_a_chart_has_a_caption_a_text_alternative_and_a_table_of_every_figure():
    rows = [{"p": "Pillar 1", "sex": "Women", "n": 120}, {"p": "Pillar 1", "sex": "Men", "n": 95},
            {"p": "Pillar 2", "sex": "Women", "n": 7}, {"p": "Pillar 2", "sex": "Men", "n": None}]
    html = _render(charts.bar_chart(rows, category="p", value="n", colour="sex", value_title="Participants",
                                    category_title="Pillar"))
    assert '<figcaption class="chart-title">Participants by pillar <span class="chart-unit">(Participants)' in html
    alt = re.search(r'role="img" aria-label="([^"]+)"', html).group(1)
    assert alt == ("Bar chart: Participants by pillar (Participants). Highest: Pillar 1, Women, 120; lowest: "
                   "Pillar 2, Women, 7. The table gives every figure.")
    table = html[html.index("<table"):]
    assert "<th scope=\"col\">Pillar</th><th scope=\"col\" class=\"num\">Women</th>" in table
    cells = re.findall(r'<td class="num">([^<]*)</td>', table)
    assert cells == ["120", "95", "7", "—"]  # a hidden value is a dash in the table, never 0
    assert 'data-chart-toggle=' in html and " hidden>" in html  # the button appears only once drawn (charts.js)
    assert 'data-vega-spec="vega-spec-' in html and 'type="application/json"' in html


def test_nothing_to_draw_is_a_sentence():
    html = _render(charts.bar_chart([{"p": "A", "n": None}], category="p", value="n", value_title="People"))
    assert "No figures to chart for this selection." in html
    assert "data-vega-spec" not in html and "<table" not in html
    assert "No figures to chart" in _render(None)


def test_one_point_is_a_sentence_with_its_figure():
    html = _render(charts.bar_chart([{"p": "Pillar 1", "n": 1234}], category="p", value="n", value_title="People"))
    assert "data-vega-spec" not in html
    assert re.search(r'data-chart-sentence>Pillar 1: 1,234</p>', html)
    # one fiscal year with two series is still a single point on a line
    line = charts.line_chart([{"fy": "2568", "s": "Women", "n": 10}, {"fy": "2568", "s": "Men", "n": 12}],
                             x="fy", y="n", colour="s", y_title="People")
    html = _render(line, "Trend")
    assert "data-vega-spec" not in html and "2568, Women: 10; 2568, Men: 12" in html


def test_sex_colours_are_reserved_for_sex():
    sex = {charts.WOMEN_COLOUR, charts.MEN_COLOUR}
    assert not sex & set(charts.PALETTE)
    by_sex = charts.bar_chart([{"c": "A", "s": "หญิง", "n": 5}, {"c": "A", "s": "ชาย", "n": 6}], category="c",
                              value="n", colour="s")
    assert by_sex["encoding"]["color"]["scale"]["range"] == [charts.WOMEN_COLOUR, charts.MEN_COLOUR]
    by_year = charts.line_chart([{"x": "A", "y": "2567", "n": 5}, {"x": "B", "y": "2568", "n": 6}], x="x", y="n",
                                colour="y")
    assert by_year["encoding"]["color"]["scale"]["range"] == charts.PALETTE
    single = charts.bar_chart([{"c": "A", "n": 5}, {"c": "B", "n": 6}], category="c", value="n")
    assert single["config"]["mark"]["color"] not in sex


def _luminance(hex_colour):
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_chart_colour_has_3_to_1_contrast_on_white():
    for colour in [*charts.PALETTE, charts.WOMEN_COLOUR, charts.MEN_COLOUR]:
        assert 1.05 / (_luminance(colour) + 0.05) >= 3, colour
