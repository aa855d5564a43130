"""`{% cellvalue cell measure %}`: one cell of a disclosure-controlled table (core.datasets.Result)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from thaothiam.core.formatting import format_number

register = template.Library()


@register.simple_tag
def cellvalue(cell, measure=None):
    """A table cell's value, or the suppression mark with its explanation for screen readers."""
    if cell is None:
        return ""
    if cell.hidden:
        return format_html('<span class="suppressed" title="{0}">—<span class="visually-hidden"> {0}</span></span>',
                           _("hidden by disclosure control"))
    if cell.value is None:
        return format_html('<span class="text-body-secondary" title="{0}">·</span>', _("no data"))
    decimals = getattr(measure, "decimals", 0) if measure is not None else 0
    text = format_number(float(cell.value) if decimals else int(round(cell.value)), decimals)
    if measure is not None and measure.kind == "share":
        text += "%"
    return text
