"""The standard indicators page (and its embeddable include) and the public open data."""

import csv
import datetime as dt
import io

import pytest
from django.template.loader import render_to_string
from django.test import Client
from wf_files import person_rows

from tests.core.cellkey_oracle import published_people
from thaothiam.agencies.models import Agency
from thaothiam.workforce.indicators import workforce_indicators
from thaothiam.workforce.models import Person
from thaothiam.workforce.services import workforce_snapshot_load


@pytest.fixture
def workforce(reference_data):
    a = {code: Agency.objects.get(code=code).pk for code in ("DIS-1001", "DIS-1002", "EDU")}
    rows = (person_rows(a["DIS-1001"], women=20, men=20)
            + person_rows(a["DIS-1002"], women=2, men=12)
            + person_rows(a["EDU"], women=30, men=10, personnel_type="teacher", position_type="teaching",
                          position_level="teaching.professional", age=30, age_band="30-39")
            + person_rows(a["DIS-1001"], women=6, men=14, prefix="boss", position_type="director",
                          position_level="director.high", is_executive=True, gender_identity="D", age=50,
                          age_band="50-59", salary_women=50000, salary_men=50000))
    workforce_snapshot_load(as_of=dt.date(2025, 9, 30), rows=rows)
    workforce_snapshot_load(as_of=dt.date(2026, 9, 30), rows=rows[:60])
    return a


def _people(fy: int, **filters):
    return Person.objects.filter(snapshot__fiscal_year=fy, **filters)


def _leadership_share(fy: int) -> float:
    leaders = _people(fy, position_type__in=("executive", "director"))
    return round(100 * published_people(leaders.filter(sex="F")) / published_people(leaders), 1)


def test_the_indicators_selector(workforce):
    data = workforce_indicators(agency_ids=None, fiscal_year=2568)
    assert data.fiscal_year == 2568 and data.as_of == dt.date(2025, 9, 30)
    # 6 of 20 director posts held by women: the perturbed 6 over the perturbed 20
    assert data.tables["leadership"].total.value == _leadership_share(2568)
    total, undisclosed = published_people(_people(2568)), published_people(_people(2568, gender_identity=""))
    assert data.disclosure_rate == round(100 * (total - undisclosed) / total, 1)
    assert abs(data.disclosure_rate - 100 * 20 / 114) < 5
    assert data.pay_gap["mean"] is not None and data.pay_gap["mean"] > 0
    assert [line[0].value for line in data.tables["trend"].cells] == [
        published_people(_people(fy, sex="F")) for fy in (2568, 2569)]  # women per year (58 and 28)
    latest = workforce_indicators(agency_ids=None)
    assert latest.fiscal_year == 2569


def test_the_indicators_page_for_each_role(workforce, client_for):
    for role in ("central", "executive", "coordinator"):
        response = client_for(role).get("/workforce/indicators/", {"fy": "2568"})
        assert response.status_code == 200
        body = response.content.decode()
        assert 'data-testid="workforce-indicators"' in body and "vega-spec" in body
    coordinator = client_for("coordinator").get("/workforce/indicators/", {"fy": "2568"}).content.decode()
    assert "สำนักงานเขตดุสิต" not in coordinator  # not even in the agency list
    assert client_for("staff").get("/workforce/indicators/").status_code == 403


def test_the_include_renders_on_its_own(workforce):
    html = render_to_string("workforce/includes/indicators.html",
                            {"wf": workforce_indicators(agency_ids=None, fiscal_year=2568)})
    assert 'data-testid="leadership-share"' in html and f"{_leadership_share(2568):.1f}%" in html


def test_the_indicators_without_data(reference_data, client_for, users):
    assert not workforce_indicators(agency_ids=None).available
    assert client_for("central").get("/workforce/indicators/").status_code == 200


def test_open_data_is_public_and_suppressed(workforce):
    anonymous = Client()
    page = anonymous.get("/workforce/open-data/")
    assert page.status_code == 200 and "datapackage.json" in page.content.decode()
    response = anonymous.get("/workforce/open-data/workforce-by-agency-sex.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    for row in rows:
        assert row["headcount"] == "" or not 0 < int(row["headcount"]) < 5
        assert row["headcount"] != ""  # perturbed counts are never left empty
    dusit = [r for r in rows if r["agency_code"] == "DIS-1002" and r["fiscal_year"] == "2568"]
    assert {r["sex"]: r["headcount"] for r in dusit}["F"] in ("0", "5")  # 2 women
    assert {r["sex"]: r["headcount"] for r in dusit}["F"] == str(
        published_people(_people(2568, agency__code="DIS-1002", sex="F")))
    total = [r for r in rows if r["agency_code"] == "ALL" and r["sex"] == "ALL" and r["fiscal_year"] == "2568"]
    assert total[0]["headcount"] == str(published_people(_people(2568))) and total[0]["as_of"] == "2025-09-30"
    # The same cell has the same value in every open table: the BMA total of each one.
    for slug in ("workforce-by-personnel-type-sex", "workforce-by-position-level-sex", "workforce-by-age-band-sex"):
        other = list(csv.DictReader(io.StringIO(anonymous.get(f"/workforce/open-data/{slug}.csv").content.decode())))
        code = next(k for k in other[0] if k.endswith("_code"))
        for sex in ("F", "M", "ALL"):
            assert [r["headcount"] for r in other if r[code] == "ALL" and r["sex"] == sex and r["fiscal_year"] == "2568"] \
                == [r["headcount"] for r in rows if r["agency_code"] == "ALL" and r["sex"] == sex
                    and r["fiscal_year"] == "2568"]
    package = anonymous.get("/workforce/open-data/datapackage.json").json()
    assert package["profile"] == "tabular-data-package" and len(package["resources"]) == 5
    resource = package["resources"][0]
    assert resource["path"].startswith("http://testserver/workforce/open-data/") and resource["path"].endswith(".csv")
    assert [f["name"] for f in resource["schema"]["fields"]] == list(rows[0].keys())
    ckan = anonymous.get("/workforce/open-data/ckan.json").json()
    assert ckan["license_id"] == "cc-by-4.0" and ckan["resources"][0]["format"] == "CSV"
    dictionary = anonymous.get("/workforce/open-data/workforce-by-gender-identity.json").json()
    assert dictionary["schema"]["fields"][-1]["name"] == "headcount"
    assert "cell-key" in dictionary["disclosure_control"]
    identity = anonymous.get("/workforce/open-data/workforce-by-gender-identity.csv").content.decode()
    assert "gender_identity_code" in identity.splitlines()[0]
    assert anonymous.get("/workforce/open-data/nothing.csv").status_code == 404


def test_central_runs_the_disclosure_audit_before_publishing(workforce, client_for,
                                                            django_capture_on_commit_callbacks):
    from thaothiam.core.models import AuditEvent

    page = client_for("central").get("/workforce/open-data/").content.decode()
    assert 'data-testid="disclosure-audit-form"' in page
    for role in ("executive", "coordinator"):
        assert 'disclosure-audit-form' not in client_for(role).get("/workforce/open-data/").content.decode()
        assert client_for(role).post("/workforce/open-data/audit/").status_code == 403
    assert "disclosure-audit-form" not in Client().get("/workforce/open-data/").content.decode()
    assert client_for("central").get("/workforce/open-data/audit/").status_code == 405
    from thaothiam.core.models import DisclosureAuditRun

    central = client_for("central")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = central.post("/workforce/open-data/audit/")
    run = DisclosureAuditRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/workforce/open-data/audit/{run.pk}/"
    waiting = central.get(response["Location"]).content.decode()
    assert 'data-testid="audit-running"' in waiting and 'http-equiv="refresh"' in waiting  # not run yet
    assert not AuditEvent.objects.filter(action="disclosure.audit.run").exists()
    for callback in queued:  # the commit: the task is queued (and run at once by the test settings' backend)
        callback()
    body = central.get(response["Location"]).content.decode()
    assert 'data-findings="0"' in body and 'http-equiv="refresh"' not in body
    assert "workforce FY 2569" in body  # what was checked, line by line
    event = AuditEvent.objects.get(action="disclosure.audit.run")
    assert event.after["fiscal_year"] == 2569 and event.after["findings"] == 0 and event.after["figures"] > 0
    assert client_for("executive").get(response["Location"]).status_code == 403
