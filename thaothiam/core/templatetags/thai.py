"""Template filters for Thai and English display: `{{ day|thdate }}`, `{{ fy|fiscalyear }}`."""

from django import template

from thaothiam.core import formatting

register = template.Library()


@register.filter
def thdate(value, style: str = ""):
    return formatting.format_date(value, long=style == "long")


@register.filter
def thdatetime(value):
    return formatting.format_datetime(value)


@register.filter
def fiscalyear(value):
    return formatting.format_fiscal_year(int(value)) if value not in (None, "") else ""


@register.filter
def num(value, decimals: int = 0):
    return formatting.format_number(value, int(decimals))


@register.filter
def pct(value, decimals: int = 1):
    return formatting.format_percent(value, int(decimals))


@register.filter
def thaidigits(value):
    return formatting.to_thai_digits(value)
