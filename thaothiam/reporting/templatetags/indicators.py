"""Indicator values on every page by the one rule of ``plans.Indicator.format_value``.

    {% load indicators %}
    {{ r|result_value }}  {{ r|result_target }}           a roll-up (``IndicatorResult``)
    {{ v.value|agency_value:ind }}                         one agency's own value (or target)
    {{ t.value|bma_target:ind }}                           a BMA target

Counts as integers with separators, percentages with one decimal and "%", scores with two,
yes/no as ใช่/ไม่ใช่; the number and its unit never wrap apart; a missing value is "—" alone.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


def _nowrap(text: str):
    return format_html('<span class="text-nowrap">{}</span>', text)


@register.filter
def result_value(result):
    return _nowrap(result.display)


@register.filter
def result_target(result):
    return _nowrap(result.display_target)


@register.filter
def agency_value(value, indicator):
    return _nowrap(indicator.format_value(value, bma=False))


@register.filter
def agency_target(value, indicator):
    return _nowrap(indicator.format_value(value, bma=False, unit=False))


@register.filter
def bma_target(value, indicator):
    return _nowrap(indicator.format_value(value, bma=True, unit=False))
