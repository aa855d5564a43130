"""Outcomes and trends through disclosure control; the dashboard section, the explorer dataset and 3.2."""

import datetime as dt

import pytest
from complaint_helpers import officers_with_keys, submit

from thaothiam.agencies.models import Agency
from thaothiam.complaints import stats
from thaothiam.complaints.models import Case, PublicityCount
from thaothiam.core.fiscal import fiscal_year

pytestmark = pytest.mark.django_db


def _case(agency, *, category="harassment", outcome="", received=None, acknowledged=None, closed=None, late=0):
    received = received or dt.date(2025, 11, 3)
    return Case.objects.create(agency=agency, category=category, relationship="colleague", named=False,
                               state="closed" if closed else "received", outcome=outcome,
                               fiscal_year=fiscal_year(received), received_on=received, last_handled_on=received,
                               acknowledged_on=acknowledged, closed_on=closed, late_stages=late)


def test_small_counts_are_hidden_and_medians_need_five_cases(reference_data):
    home = Agency.objects.get(code="DIS-1001")
    for i in range(6):
        _case(home, outcome="resolved", acknowledged=dt.date(2025, 11, 4 + i), closed=dt.date(2025, 12, 1 + i),
              late=1 if i == 0 else 0)
    for _i in range(2):
        _case(home, category="discrimination")
    year = stats.year_stats(2569)
    by = {b.key: dict((code, n) for code, _label, n in b.rows) for b in year.breakdowns}
    assert by["category"]["harassment"] is None and by["category"]["discrimination"] is None  # 6 beside 2: both hidden
    assert year.total == 8
    assert by["outcome"]["resolved"] is None and by["outcome"]["open"] is None
    assert year.median_acknowledge == 3.5 and year.median_close == 30.5  # (Dec 1..6) − Nov 3
    assert year.within_due is None  # one late case: the share would be about 1 case
    years, table = stats.trend()
    assert years == [2569] and table.total == 8


def test_on_time_share_and_trend_across_years(reference_data):
    home = Agency.objects.get(code="DIS-1001")
    for i in range(10):
        _case(home, outcome="resolved", acknowledged=dt.date(2025, 11, 4), closed=dt.date(2025, 12, 1),
              late=1 if i < 5 else 0)
    for _i in range(5):
        _case(home, received=dt.date(2024, 11, 4))
    year = stats.year_stats(2569)
    assert year.within_due == 50.0
    years, table = stats.trend()
    assert years == [2568, 2569]
    assert table.row_totals == [5, 10]


def test_the_dashboard_section_and_xlsx_sheet(reference_data):
    from thaothiam.complaints.sections import complaint_section
    from thaothiam.core.sections import Scope

    assert complaint_section(Scope(fy=2569)) is None  # no case: no section
    home = Agency.objects.get(code="DIS-1001")
    for _i in range(5):
        _case(home)
    section = complaint_section(Scope(fy=2569, agency=home))
    assert section.order == 75
    assert [row[2] for row in section.sheets[0].rows[:5]] == [0, 5, 0, 0, 0]  # by category
    assert complaint_section(Scope(fy=2569, agency=Agency.objects.get(code="DIS-1002"))) is None


def test_the_explorer_dataset_counts_coarse_fields_with_disclosure(users, client_for):
    home = Agency.objects.get(code="DIS-1001")
    for _i in range(6):
        _case(home)
    _case(home, category="assault")
    page = client_for("central").get("/workforce/explore/?dataset=complaints&measure=cases&row=category")
    assert page.status_code == 200
    html = page.content.decode()
    assert "การคุกคามทางเพศ" in html or "Sexual harassment" in html
    assert client_for("coordinator").get("/workforce/explore/?dataset=complaints&measure=cases").status_code in (
        404, 200)  # coordinators are not offered the dataset
    from thaothiam.core.datasets import Query, explore, registry

    result = explore(registry()["complaints"], Query(measure="cases", breakdowns=("category",)))
    cells = {code: row.value for (code, _label), row in zip(result.rows, [c[0] for c in result.cells], strict=True)}
    assert cells["assault"] is None and cells["harassment"] is None  # 1 is hidden, and so is its complement


def test_posters_and_qr_visits_feed_indicator_3_2(reference_data, client):
    from thaothiam.complaints.indicator_sources import SOURCES

    home = Agency.objects.get(code="DIS-1001")
    fy = fiscal_year(dt.date.today())
    assert SOURCES["3-2-complaint-publicity"](home, fy, dt.date.today()) is None
    assert client.get("/complaints/q/DIS-1001/")["Location"] == "/complaints/report/?agency=DIS-1001"
    client.get("/complaints/q/DIS-1001/")
    assert client.get("/complaints/poster/?agency=DIS-1001")["Location"] == "/complaints/poster/DIS-1001.pdf"
    assert client.get("/complaints/poster/?agency=NOPE")["Location"] == "/complaints/"
    assert client.get("/complaints/poster/DIS-1001.pdf").status_code == 200
    assert PublicityCount.objects.get(agency=home, kind="qr").count == 2
    assert SOURCES["3-2-publicity-actions"](home, fy, dt.date.today()) == 3
    assert SOURCES["3-2-complaint-publicity"](home, fy, dt.date.today()) == 1
    assert [f.name for f in PublicityCount._meta.get_fields()] == ["id", "agency", "kind", "fiscal_year", "count"]


def test_trends_page_is_scoped_for_a_head(users, client_for):
    officers_with_keys(("co-central", None))
    submit()
    submit(agency="DIS-1002")
    page = client_for("head").get("/complaints/trends/")
    assert page.status_code == 200 and "เฉพาะหน่วยงานของท่าน" in page.content.decode()
    assert "ทุกหน่วยงานของกรุงเทพมหานคร" in client_for("central").get("/complaints/trends/").content.decode()
    assert stats.trend(agency_ids={users["head"].agency_id})[1].total is None  # 1 case: hidden
    for _n in range(4):
        submit(agency="DIS-1002")
    assert stats.trend(agency_ids={users["head"].agency_id})[1].total is None  # still 1 of theirs
    assert stats.trend()[1].total == 6
