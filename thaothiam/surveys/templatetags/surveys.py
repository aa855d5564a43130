"""`{% load surveys %}`: `|get_item`, and `{% survey_headlines fy %}` for dashboards and reports."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key, key)
    except AttributeError:
        return key


@register.inclusion_tag("surveys/includes/headline.html")
def survey_headlines(fiscal_year, agency=None):
    """The survey headlines of a fiscal year (BMA-wide, or one agency), already suppressed."""
    from thaothiam.surveys.headline import headlines

    return {"headlines": headlines(int(fiscal_year), agency=agency)}


@register.inclusion_tag("surveys/includes/release.html")
def survey_release(campaign):
    """Which released snapshot of the results a page shows (results are released, not live)."""
    from thaothiam.surveys.releases import latest

    return {"release": latest(campaign.pk)}


@register.inclusion_tag("surveys/includes/results_so_far.html")
def results_so_far():
    """The public page's "results so far": the opinion survey's released overall result and band, and
    how agencies promoted the policy (accepted activities). See surveys/public_results.py."""
    from thaothiam.surveys.public_results import latest_opinion, promotion

    fy, kinds = promotion()
    return {"opinion": latest_opinion(), "promotion_fy": fy, "promotion": kinds}
