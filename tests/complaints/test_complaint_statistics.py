"""Outcomes and trends through disclosure control (cell-key perturbation with each case's record key, the
same value for a set of cases wherever it is shown); the dashboard section, the explorer dataset and 3.2."""

import datetime as dt

import pytest
from complaint_helpers import officers_with_keys, submit

from thaothiam.agencies.models import Agency
from thaothiam.complaints import stats
from thaothiam.complaints.models import Case, PublicityCount
from thaothiam.core.cellkey import perturb
from thaothiam.core.fiscal import fiscal_year

pytestmark = pytest.mark.django_db


KEYS = iter(range(10**6))


def _case(agency, *, category="harassment", outcome="", received=None, acknowledged=None, closed=None, late=0):
    received = received or dt.date(2025, 11, 3)
    return Case.objects.create(agency=agency, category=category, relationship="colleague", named=False,
                               state="closed" if closed else "received", outcome=outcome,
                               fiscal_year=fiscal_year(received), received_on=received, last_handled_on=received,
                               acknowledged_on=acknowledged, closed_on=closed, late_stages=late,
                               record_key=(137 * next(KEYS)) % 1000)


def published(**filters) -> int:
    """What a count of these cases must show: perturbed by the sum of their record keys."""
    cases = Case.objects.filter(**filters)
    return perturb(cases.count(), sum(cases.values_list("record_key", flat=True)))


def on_time_share(**filters) -> float | None:
    """Decision 0161: the perturbed on-time count over the perturbed finished count, by the oracle's table."""
    from tests.core.cellkey_oracle import published_cases

    finished = Case.objects.filter(closed_on__isnull=False, acknowledged_on__isnull=False, **filters)
    whole = published_cases(finished)
    return min(100.0, round(100 * published_cases(finished.filter(late_stages=0)) / whole, 1)) if whole else None


def no_small_count(values) -> bool:
    return all(v == 0 or v >= 5 for v in values)


def test_counts_are_perturbed_never_1_to_4_and_medians_need_five_cases(reference_data):
    home = Agency.objects.get(code="DIS-1001")
    for i in range(6):
        _case(home, outcome="resolved", acknowledged=dt.date(2025, 11, 4 + i), closed=dt.date(2025, 12, 1 + i),
              late=1 if i == 0 else 0)
    for _i in range(2):
        _case(home, category="discrimination")
    year = stats.year_stats(2569)
    by = {b.key: dict((code, n) for code, _label, n in b.rows) for b in year.breakdowns}
    assert by["category"]["harassment"] == published(category="harassment")
    assert by["category"]["discrimination"] == published(category="discrimination") in (0, 5)
    assert year.total == published() and all(b.total == year.total for b in year.breakdowns)
    assert by["outcome"]["resolved"] == published(outcome="resolved")
    assert by["outcome"]["open"] == published(outcome="")
    assert no_small_count(n for b in year.breakdowns for _c, _l, n in b.rows)
    assert year.median_acknowledge == 3.5 and year.median_close == 30.5  # (Dec 1..6) − Nov 3
    assert year.within_due == on_time_share()  # perturbed on-time (5) over perturbed finished (6)
    years, table = stats.trend()
    assert years == [2569] and table.total == published() == year.total


def test_on_time_share_and_trend_across_years(reference_data):
    home = Agency.objects.get(code="DIS-1001")
    for i in range(10):
        _case(home, outcome="resolved", acknowledged=dt.date(2025, 11, 4), closed=dt.date(2025, 12, 1),
              late=1 if i < 5 else 0)
    for _i in range(5):
        _case(home, received=dt.date(2024, 11, 4))
    year = stats.year_stats(2569)
    assert year.within_due == on_time_share()  # 5 of 10, each count perturbed
    years, table = stats.trend()
    assert years == [2568, 2569]
    assert table.row_totals == [published(fiscal_year=2568), published(fiscal_year=2569)]
    assert table.cells[1][1] == published(fiscal_year=2569, category="harassment")  # the same set, the same value


def test_the_dashboard_section_and_xlsx_sheet(reference_data):
    from thaothiam.complaints.sections import complaint_section
    from thaothiam.core.sections import Scope

    assert complaint_section(Scope(fy=2569)) is None  # no case: no section
    home = Agency.objects.get(code="DIS-1001")
    for _i in range(5):
        _case(home)
    section = complaint_section(Scope(fy=2569, agency=home))
    assert section.order == 75
    assert [row[2] for row in section.sheets[0].rows[:5]] == [0, published(), 0, 0, 0]  # by category
    assert complaint_section(Scope(fy=2569, agency=Agency.objects.get(code="DIS-1002"))) is None


def test_the_explorer_dataset_gives_the_same_perturbed_counts(users, client_for):
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
    assert cells.get("assault", 0) == published(category="assault") in (0, 5)  # 1 case: never shown as 1
    assert cells["harassment"] == published(category="harassment")
    # The explorer, the trends page and the report agree cell by cell: nothing to subtract.
    by = {code: n for code, _l, n in stats.year_stats(2569).breakdowns[0].rows}
    assert by["harassment"] == cells["harassment"] and by["assault"] == cells.get("assault", 0)


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


def test_trends_page_is_scoped_for_a_head_and_bma_wide_for_an_agency_officer(users, client_for):
    clients = officers_with_keys(("co-central", None), ("co-central-2", None), ("co-local", "DIS-1001"))
    submit()
    submit(agency="DIS-1002")
    page = client_for("head").get("/complaints/trends/")
    assert page.status_code == 200 and "เฉพาะหน่วยงานของท่าน" in page.content.decode()
    assert "ทุกหน่วยงานของกรุงเทพมหานคร" in client_for("central").get("/complaints/trends/").content.decode()
    # An agency officer holds all their agency's cases but those they are excluded from: their agency's
    # count beside their list would point at those, so they see the BMA-wide figures everyone sees.
    assert "ทุกหน่วยงานของกรุงเทพมหานคร" in clients["co-local"].get("/complaints/trends/").content.decode()
    head_agency = users["head"].agency_id
    assert stats.trend(agency_ids={head_agency})[1].total == published(agency_id=head_agency) in (0, 5)
    for _n in range(4):
        submit(agency="DIS-1002")
    assert stats.trend(agency_ids={head_agency})[1].total == published(agency_id=head_agency)
    assert stats.trend()[1].total == published()


def test_the_section_charts_no_year_after_the_report_and_not_the_year_still_running(reference_data, monkeypatch):
    """Issue 16 §1: a year-end report of 2568 draws no 2569, and the running year is not drawn as a drop."""
    from thaothiam.complaints import sections
    from thaothiam.core.formatting import format_fiscal_year
    from thaothiam.core.sections import Scope

    home = Agency.objects.get(code="DIS-1001")
    for received in (dt.date(2024, 3, 1), dt.date(2025, 3, 1), dt.date(2025, 11, 3)):  # FY 2567, 2568, 2569
        for _i in range(6):
            _case(home, received=received)
    monkeypatch.setattr(sections, "current_fiscal_year", lambda: 2569)

    def years_drawn(fy):
        chart = sections.complaint_section(Scope(fy=fy)).charts[0]
        return sorted({row["year"] for row in chart["data"]["values"]})

    whole = [format_fiscal_year(2567), format_fiscal_year(2568)]
    assert years_drawn(2568) == whole
    assert years_drawn(2569) == whole  # 2569 is not over
    monkeypatch.setattr(sections, "current_fiscal_year", lambda: 2570)
    assert years_drawn(2569) == [*whole, format_fiscal_year(2569)]
