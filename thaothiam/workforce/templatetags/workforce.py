"""`{{ error|errormsg:"th" }}` for the workforce import pages (table cells: the explorer's `cellvalue`)."""

from django import template

register = template.Library()


@register.filter
def errormsg(error, language: str) -> str:
    return error.message(language)
