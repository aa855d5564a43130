"""`{% vega_chart spec "label" %}`: a chart drawn by vega-embed, with its data as a text fallback."""

import itertools

from django import template
from django.utils.html import format_html, json_script

register = template.Library()
_ids = itertools.count(1)


@register.simple_tag
def vega_chart(spec: dict, label: str = "", css_class: str = "chart"):
    element_id = f"vega-spec-{next(_ids)}"
    return format_html(
        '<figure class="{}" role="img" aria-label="{}"><div class="vega-chart" data-vega-spec="{}"></div></figure>{}',
        css_class, label, element_id, json_script(spec, element_id),
    )
