"""The fiscal-year and agency filter of every statistics page goes through core.forms.FiscalYearAgencyForm
(decisions 0151, 0156): a year that is not one of the page's years, or not a number, is said in the error
summary (linking to the year select) and the default year is shown, never a 500 and never silently."""

import pytest

from thaothiam.agencies.models import Agency

PAGES = [
    ("central", "/reports/"),
    ("central", "/reports/year-end/"),
    ("central", "/reporting/matrix/"),
    ("central", "/reporting/results/"),
    ("coordinator", "/reporting/"),
    ("central", "/complaints/trends/"),
    ("central", "/learning/reach/"),
    ("central", "/workforce/indicators/"),
]


def _summary(html: str) -> str:
    start = html.index('data-testid="error-summary"')
    return html[start:html.index("</div>", start)]


@pytest.mark.parametrize(("role", "url"), PAGES)
def test_a_bad_year_is_said_and_the_default_year_shown(client_for, role, url):
    client = client_for(role)
    plain = client.get(url)
    assert plain.status_code == 200 and 'data-testid="error-summary"' not in plain.content.decode()
    for asked in ("abc", "1999", "<b>2568</b>"):
        response = client.get(url, {"fy": asked})
        assert response.status_code == 200, (url, asked)
        summary = _summary(response.content.decode())
        assert 'href="#id_fy"' in summary and "ไม่มีตัวเลขของปีงบประมาณ" in summary, (url, asked)
        assert "<b>2568" not in summary  # the asked text is escaped
        form = next(c[k] for c in response.context for k in ("form", "scope_form", "filter_form") if k in c)
        assert form.chosen_year == (plain.context.get("fy") or plain.context["form"].chosen_year)


def test_the_pages_offer_only_their_own_years(client_for):
    page = client_for("central").get("/reporting/matrix/").content.decode()
    assert 'name="fy"' in page and 'id="id_fy"' in page and 'class="form-select"' in page


def test_an_unknown_district_is_said_and_every_district_shown(client_for):
    response = client_for("central").get("/reporting/matrix/", {"agency": "not-a-district"})
    assert response.status_code == 200 and response.context["agency_id"] is None
    summary = _summary(response.content.decode())
    assert 'href="#id_agency"' in summary and "โปรดเลือกหน่วยงานจากรายการ" in summary
    district = Agency.objects.filter(kind=Agency.Kind.DISTRICT, is_active=True).first()
    chosen = client_for("central").get("/reporting/matrix/", {"agency": district.pk})
    assert chosen.context["agency_id"] == district.pk and 'data-testid="error-summary"' not in chosen.content.decode()


def test_a_report_about_one_agency_is_not_found_outside_the_scope(client_for):
    """The dashboard and the year-end report are about one agency (or the BMA): an agency the user may not
    see, or a value that names no agency, is a 404 — the page never falls back to another agency."""
    other = Agency.objects.get(code="DIS-1002")
    head = client_for("head")
    assert head.get("/reports/", {"agency": other.pk}).status_code == 404
    assert head.get("/reports/year-end/", {"agency": "abc"}).status_code == 404
    own = head.get("/reports/")
    assert own.status_code == 200 and own.context["agency"].code == "DIS-1001"
    assert own.context["scope_form"].fields["agency"].empty_label is None  # no "whole BMA" choice for a head
