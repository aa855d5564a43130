"""The data explorer: measures, breakdowns, scoping, exports, and that suppression never leaks."""

import csv
import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from wf_files import person_rows

from tests.core.cellkey_oracle import published, published_people
from thaothiam.agencies.models import Agency
from thaothiam.core.datasets import Query, explore, registry
from thaothiam.workforce.models import Person, Snapshot, SnapshotAgency, WorkforceCell
from thaothiam.workforce.services import workforce_snapshot_load


@pytest.fixture
def workforce(reference_data):
    a = {code: Agency.objects.get(code=code).pk for code in ("DIS-1001", "DIS-1002", "FIR")}
    rows = (person_rows(a["DIS-1001"], women=12, men=8) + person_rows(a["DIS-1002"], women=3, men=9)
            + person_rows(a["FIR"], women=6, men=10, position_type="director", position_level="director.low",
                          is_executive=True))
    workforce_snapshot_load(as_of=dt.date(2025, 9, 30), rows=rows)
    workforce_snapshot_load(as_of=dt.date(2026, 9, 30), rows=person_rows(a["DIS-1001"], women=10, men=10, prefix="q"))
    return a


def _people(fy: int, **filters):
    return Person.objects.filter(snapshot__fiscal_year=fy, **filters)


def test_headcount_by_agency_and_sex_is_perturbed_by_the_documented_table(workforce, client_for):
    response = client_for("central").get("/workforce/explore/", {"measure": "headcount", "row": "agency",
                                                                "col": "sex", "f_fiscal_year": "2568"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-protection="perturbed"' in body and "ปรับค่าเล็กน้อย" in body
    ds = registry()["workforce"]
    result = explore(ds, Query("headcount", ("agency", "sex"), {"fiscal_year": ("2568",)}))
    table = {code: [c.value for c in line] for (code, _l), line in zip(result.rows, result.cells, strict=True)}
    for code, line in table.items():
        for (sex, _s), value in zip(result.cols, line, strict=True):
            people = _people(2568, agency__code=code, sex=sex)
            assert value == published_people(people), (code, sex)
            assert not 0 < value < 5
    assert [m.value for m in result.row_margin] == [published_people(_people(2568, agency__code=c))
                                                   for c, _l in result.rows]
    assert result.total.value == published_people(_people(2568))
    assert abs(result.total.value - 48) <= 3


def test_without_a_year_breakdown_only_the_latest_year_counts(workforce):
    ds = registry()["workforce"]
    assert explore(ds, Query("headcount")).total.value == published_people(_people(2569))  # FY 2569 only
    by_year = explore(ds, Query("headcount", ("fiscal_year",)))
    assert [c[0].value for c in by_year.cells] == [published_people(_people(2568)), published_people(_people(2569))]


def test_share_of_women_mean_and_median(workforce):
    ds = registry()["workforce"]
    filters = {"fiscal_year": ("2568",)}
    share = explore(ds, Query("share_women", ("agency",), filters))
    values = {code: line[0].value for (code, _l), line in zip(share.rows, share.cells, strict=True)}
    for code in ("DIS-1001", "DIS-1002"):  # the perturbed women over the perturbed headcount
        women, everyone = (published_people(_people(2568, agency__code=code, sex="F")),
                           published_people(_people(2568, agency__code=code)))
        assert values[code] == round(100 * women / everyone, 1)
    # Salaries: 30,000 + i for the i-th woman, 33,000 + 3i for the i-th man (wf_files); rounded to 100 baht.
    mean = explore(ds, Query("mean_salary", ("sex",), {**filters, "agency": ("DIS-1001",)}))
    assert [line[0].value for line in mean.cells] == [30000, 33000]
    median = explore(ds, Query("median_salary", ("sex",), {**filters, "agency": ("DIS-1001",)}))
    assert [line[0].value for line in median.cells] == [30000, 33000]
    # DIS-1002 has 3 women: no salary figure of theirs, whatever the perturbed headcount says.
    mean = explore(ds, Query("mean_salary", ("agency", "sex"), filters))
    cells = {(r, c): cell for (r, _l), line in zip(mean.rows, mean.cells, strict=True)
             for (c, _m), cell in zip(mean.cols, line, strict=True)}
    assert cells[("DIS-1002", "F")].hidden and cells[("DIS-1002", "F")].value is None
    assert not cells[("DIS-1001", "F")].hidden


def test_a_coordinator_sees_only_their_agency(workforce, client_for):
    coordinator = client_for("coordinator")
    response = coordinator.get("/workforce/explore/", {"measure": "headcount", "row": "agency", "f_fiscal_year": "2568"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "สำนักงานเขตพระนคร" in body.split("explorer-table")[1] and "สำนักงานเขตดุสิต" not in body.split("explorer-table")[1]
    csv_text = coordinator.get("/workforce/explore/export.csv", {"measure": "headcount", "row": "agency",
                                                                "f_fiscal_year": "2568"}).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(csv_text)))
    own = published_people(_people(2568, agency__code="DIS-1001"))
    assert lines[1][1:] == [str(own)] and lines[2][1:] == [str(own)]  # the row and the total: one agency
    assert "ปรับค่าเล็กน้อย" in lines[-1][0]  # which protection applies, in one line
    # Asking for another agency by filter gives nothing of theirs either: the filter is refused.
    response = coordinator.get("/workforce/explore/export.csv", {"measure": "headcount", "f_agency": "FIR",
                                                                "f_fiscal_year": "2568"})
    assert response.status_code == 404


def test_roles_exports_and_query_count(workforce, client_for, django_assert_max_num_queries):
    assert client_for("staff").get("/workforce/explore/").status_code == 403
    assert client_for("admin").get("/workforce/explore/").status_code == 403
    executive = client_for("executive")
    params = {"measure": "headcount", "row": "personnel_type", "col": "sex", "f_fiscal_year": "2568"}
    with django_assert_max_num_queries(12):
        page = executive.get("/workforce/explore/", params)
    civil = dict(zip([c for c, _l in page.context["result"].cols], page.context["result"].cells[0], strict=True))
    assert [civil["F"].value, civil["M"].value] == [published_people(_people(2568, personnel_type="civil", sex=s))
                                                    for s in "FM"]
    book = load_workbook(io.BytesIO(executive.get("/workforce/explore/export.xlsx", params).content))
    rows = list(book.active.values)
    assert rows[1][1:] == tuple(published_people(_people(2568, personnel_type="civil", **sex))
                                for sex in ({"sex": "F"}, {"sex": "M"}, {}))
    assert "ปรับค่าเล็กน้อย" in rows[-1][0]
    assert executive.get("/workforce/explore/export.pdf", params).status_code == 404


# --- perturbation: every figure from the documented table, the same cell the same everywhere -----

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(counts=st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(0, 999), st.integers(0, 999)),
                       min_size=2, max_size=3))
def test_every_count_is_the_documented_perturbation_of_its_records(reference_data, counts):
    agencies = list(Agency.objects.filter(code__in=["DIS-1001", "DIS-1002", "DIS-1003"]).order_by("code"))
    WorkforceCell.objects.all().delete()
    Snapshot.objects.all().delete()
    snapshot = Snapshot.objects.create(as_of=dt.date(2025, 9, 30))
    truth = {}
    for agency, (women, men, women_keys, men_keys) in zip(agencies, counts, strict=False):
        truth[agency.code] = {"F": (women, women_keys), "M": (men, men_keys)}
        for sex, n, keys in (("F", women, women_keys), ("M", men, men_keys)):
            if n:
                WorkforceCell.objects.create(
                    snapshot=snapshot, fiscal_year=2568, agency=agency, sex=sex, gender_identity="U",
                    personnel_type="civil", position_type="general", position_level="general.operational",
                    is_executive=False, age_band="30-39", headcount=n, salary_count=0, salary_sum=0, key_sum=keys)
        if women + men:
            SnapshotAgency.objects.create(snapshot=snapshot, agency=agency, headcount=women + men)
    ds = registry()["workforce"]
    result = explore(ds, Query("headcount", ("agency", "sex")))
    for (code, _l), line, margin in zip(result.rows, result.cells, result.row_margin, strict=True):
        for (sex, _s), cell in zip(result.cols, line, strict=True):
            n, keys = truth[code][sex]
            assert cell.value == published(n, keys if n else 0) and not cell.hidden
            # The same cell asked for another way (a filter instead of a breakdown) shows the same value.
            alone = explore(ds, Query("headcount", (), {"agency": (code,), "sex": (sex,)}))
            assert alone.total.value == (cell.value if published(n, keys if n else 0) else 0)
        row = [truth[code][s] for s in "FM"]
        assert margin.value == published(sum(n for n, _k in row), sum(k for n, k in row if n))
    shown = [c.value for line in result.cells for c in line] + [m.value for m in result.row_margin]
    assert not any(0 < v < 5 for v in shown + [result.total.value])
    # Every row and column left out had nothing but published zeros.
    for agency in agencies:
        if agency.code in truth and agency.code not in {code for code, _l in result.rows}:
            (w, wk), (m, mk) = truth[agency.code]["F"], truth[agency.code]["M"]
            assert published(w, wk if w else 0) == published(m, mk if m else 0) == 0
            assert published(w + m, (wk if w else 0) + (mk if m else 0)) == 0


def test_medians_by_year_follow_reimports_and_scope(workforce, client_for):
    import statistics

    ds = registry()["workforce"]
    first = explore(ds, Query("median_salary", ("fiscal_year", "sex")))
    values = {code: [c.value for c in line] for (code, _l), line in zip(first.rows, first.cells, strict=True)}
    women_2568 = [30000 + i for i in range(12)] + [30000 + i for i in range(3)] + [30000 + i for i in range(6)]
    assert values["2568"][0] == round(statistics.median(women_2568), -2)
    assert values["2569"] == [30000, 33000]  # 30,004.5 and 33,014.5 rounded to 100 baht
    assert first.total_row is False and first.row_margin is not None  # no sum over snapshots
    # A re-import of FY 2569 is seen at once (the NumPy columns follow the snapshot's version).
    workforce_snapshot_load(as_of=dt.date(2026, 9, 30),
                            rows=person_rows(workforce["DIS-1001"], women=6, men=6, prefix="r", salary_women=40000))
    again = explore(ds, Query("median_salary", ("fiscal_year", "sex")))
    assert [c.value for c in again.cells[1]] == [40000, 33000]  # 40,002.5 and 33,008.5
    scoped = explore(ds, Query("median_salary", ("sex",), {"fiscal_year": ("2568",)},
                               agency_ids=frozenset({workforce["DIS-1001"]})))
    assert [line[0].value for line in scoped.cells] == [30000, 33000]


def test_each_agency_counts_from_its_own_latest_snapshot_in_the_year(workforce):
    """DIS-1002 reports on 1 Sep 2026, DIS-1001 on 30 Sep 2026: FY 2569 holds both, each once."""
    workforce_snapshot_load(as_of=dt.date(2026, 9, 1), rows=person_rows(workforce["DIS-1002"], women=7, men=5, prefix="s")
                            + person_rows(workforce["DIS-1001"], women=1, men=1, prefix="old"))
    ds = registry()["workforce"]
    result = explore(ds, Query("headcount", ("agency", "sex"), {"fiscal_year": ("2569",)}))
    table = {code: [c.value for c in line] for (code, _l), line in zip(result.rows, result.cells, strict=True)}
    latest = {"DIS-1001": dt.date(2026, 9, 30), "DIS-1002": dt.date(2026, 9, 1)}
    assert table == {code: [published_people(Person.objects.filter(snapshot__as_of=as_of, agency__code=code, sex=sex))
                            for sex in "FM"] for code, as_of in latest.items()}
    assert Person.objects.filter(snapshot__as_of=latest["DIS-1002"], agency__code="DIS-1002").count() == 12
    medians = explore(ds, Query("median_salary", ("agency",), {"fiscal_year": ("2569",)}))
    assert [line[0].value for line in medians.cells] == [31500, 30000]  # 31,509.5 and 30,005.5
