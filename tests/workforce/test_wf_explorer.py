"""The data explorer: measures, breakdowns, scoping, exports, and that suppression never leaks."""

import datetime as dt
import io
import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from wf_files import person_rows

from thaothiam.agencies.models import Agency
from thaothiam.core.datasets import Query, explore, registry
from thaothiam.workforce.models import Snapshot, SnapshotAgency, WorkforceCell
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


def test_headcount_by_agency_and_sex_hides_small_cells(workforce, client_for):
    response = client_for("central").get("/workforce/explore/", {"measure": "headcount", "row": "agency",
                                                                "col": "sex", "f_fiscal_year": "2568"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "data-testid=\"suppression-note\"" in body
    ds = registry()["workforce"]
    result = explore(ds, Query("headcount", ("agency", "sex"), {"fiscal_year": ("2568",)}))
    table = {code: [c.value for c in line] for (code, _l), line in zip(result.rows, result.cells, strict=True)}
    assert table["DIS-1001"] == [12, 8]
    assert table["DIS-1002"][0] is None  # 3 women: hidden
    assert table["FIR"] == [None, None]  # hidden as well, or the 3 could be worked out from the totals
    assert result.total.value == 48


def test_without_a_year_breakdown_only_the_latest_year_counts(workforce):
    ds = registry()["workforce"]
    assert explore(ds, Query("headcount")).total.value == 20  # FY 2569 only
    by_year = explore(ds, Query("headcount", ("fiscal_year",)))
    assert [c[0].value for c in by_year.cells] == [48, 20]


def test_share_of_women_mean_and_median(workforce):
    ds = registry()["workforce"]
    filters = {"fiscal_year": ("2568",)}
    share = explore(ds, Query("share_women", ("agency",), filters))
    values = {code: line[0].value for (code, _l), line in zip(share.rows, share.cells, strict=True)}
    assert values["DIS-1001"] == 60.0 and values["DIS-1002"] is None
    mean = explore(ds, Query("mean_salary", ("sex",), {**filters, "agency": ("DIS-1001",)}))
    assert [line[0].value for line in mean.cells] == [30000 + 5.5, 33000 + 15.5]
    median = explore(ds, Query("median_salary", ("sex",), {**filters, "agency": ("DIS-1001",)}))
    assert [line[0].value for line in median.cells] == [30005.5, 33015.5]


def test_a_coordinator_sees_only_their_agency(workforce, client_for):
    coordinator = client_for("coordinator")
    response = coordinator.get("/workforce/explore/", {"measure": "headcount", "row": "agency", "f_fiscal_year": "2568"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "สำนักงานเขตพระนคร" in body.split("explorer-table")[1] and "สำนักงานเขตดุสิต" not in body.split("explorer-table")[1]
    csv_text = coordinator.get("/workforce/explore/export.csv", {"measure": "headcount", "row": "agency",
                                                                "f_fiscal_year": "2568"}).content.decode("utf-8-sig")
    assert "20" in csv_text and "48" not in csv_text and "16" not in csv_text
    # Asking for another agency by filter gives nothing of theirs either.
    csv_text = coordinator.get("/workforce/explore/export.csv", {"measure": "headcount", "f_agency": "FIR",
                                                                "f_fiscal_year": "2568"}).content.decode("utf-8-sig")
    assert "16" not in csv_text


def test_roles_exports_and_query_count(workforce, client_for, django_assert_max_num_queries):
    assert client_for("staff").get("/workforce/explore/").status_code == 403
    assert client_for("admin").get("/workforce/explore/").status_code == 403
    executive = client_for("executive")
    params = {"measure": "headcount", "row": "personnel_type", "col": "sex", "f_fiscal_year": "2568"}
    with django_assert_max_num_queries(12):
        assert executive.get("/workforce/explore/", params).status_code == 200
    book = load_workbook(io.BytesIO(executive.get("/workforce/explore/export.xlsx", params).content))
    rows = list(book.active.values)
    assert rows[1][1:] == (21, 27, 48)
    assert executive.get("/workforce/explore/export.pdf", params).status_code == 404


def test_bad_choices_are_form_errors_not_crashes(workforce, client_for):
    client = client_for("central")
    assert client.get("/workforce/explore/", {"row": "sex", "col": "sex"}).status_code == 200
    assert client.get("/workforce/explore/", {"measure": "nope"}).status_code == 200
    assert client.get("/workforce/explore/", {"dataset": "nope"}).status_code == 404


# --- suppression never leaks -----------------------------------------------------------------

def _consistent_values(shown, hidden_mask, bound=10):
    """All completions of the hidden cells (each 1..bound) that agree with every shown entry."""
    cells, row_totals, col_totals, total = shown
    n_rows, n_cols = len(cells), len(cells[0])
    hidden = [(i, j) for i in range(n_rows) for j in range(n_cols) if hidden_mask[i][j]]
    if not hidden:
        return hidden, np.zeros((1, 0), dtype=np.int64)
    grid = np.array(list(itertools.product(range(1, bound + 1), repeat=len(hidden))), dtype=np.int64)
    ok = np.ones(len(grid), dtype=bool)

    def line_sum(index_filter, fixed):
        s = np.full(len(grid), fixed, dtype=np.int64)
        for k, (i, j) in enumerate(hidden):
            if index_filter(i, j):
                s += grid[:, k]
        return s

    for i in range(n_rows):
        if row_totals[i] is not None:
            fixed = sum(v for v in cells[i] if v is not None)
            ok &= line_sum(lambda a, _b, i=i: a == i, fixed) == row_totals[i]
    for j in range(n_cols):
        if col_totals[j] is not None:
            fixed = sum(cells[i][j] for i in range(n_rows) if cells[i][j] is not None)
            ok &= line_sum(lambda _a, b, j=j: b == j, fixed) == col_totals[j]
    if total is not None:
        fixed = sum(v for line in cells for v in line if v is not None)
        ok &= line_sum(lambda _a, _b: True, fixed) == total
    return hidden, grid[ok]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(counts=st.lists(st.lists(st.integers(0, 8), min_size=2, max_size=2), min_size=2, max_size=3))
def test_no_hidden_cell_can_be_worked_out_from_the_explorer_table(reference_data, counts):
    agencies = list(Agency.objects.filter(code__in=["DIS-1001", "DIS-1002", "DIS-1003"]).order_by("code"))
    WorkforceCell.objects.all().delete()
    Snapshot.objects.all().delete()
    snapshot = Snapshot.objects.create(as_of=dt.date(2025, 9, 30))
    for agency, (women, men) in zip(agencies, counts, strict=False):
        for sex, n in (("F", women), ("M", men)):
            if n:
                WorkforceCell.objects.create(
                    snapshot=snapshot, fiscal_year=2568, agency=agency, sex=sex, gender_identity="U",
                    personnel_type="civil", position_type="general", position_level="general.operational",
                    is_executive=False, age_band="35-44", headcount=n, salary_count=0, salary_sum=0)
        if women + men:
            SnapshotAgency.objects.create(snapshot=snapshot, agency=agency, headcount=women + men)
    result = explore(registry()["workforce"], Query("headcount", ("agency", "sex")))
    if result.empty or len(result.cols) < 2:
        return
    cells = [[c.value for c in line] for line in result.cells]
    mask = [[c.hidden for c in line] for line in result.cells]
    shown = (cells, [c.value for c in result.row_margin], [c.value for c in result.col_margin], result.total.value)
    # What is shown is true, and zeros are never hidden.
    truth = {a.code: dict(zip("FM", n, strict=True)) for a, n in zip(agencies, counts, strict=False)}
    for (code, _l), line in zip(result.rows, result.cells, strict=True):
        for (sex, _s), cell in zip(result.cols, line, strict=True):
            assert cell.hidden or cell.value == truth[code][sex]
            assert not (cell.hidden and truth[code][sex] == 0)
            assert cell.hidden or not 0 < cell.value < 5
    hidden, solutions = _consistent_values(shown, mask)
    assert len(solutions) >= 1  # the real table is among them
    for k, (i, j) in enumerate(hidden):
        assert len(set(solutions[:, k])) >= 2, f"hidden cell {(i, j)} is determined by what is shown: {shown}"
    for i, margin in enumerate(result.row_margin):  # hidden totals are not determined either
        if margin.hidden:
            row_cells = [k for k, (a, _b) in enumerate(hidden) if a == i]
            fixed = sum(v for v in cells[i] if v is not None)
            assert len({fixed + solutions[r, row_cells].sum() for r in range(len(solutions))}) >= 2


def test_medians_by_year_follow_reimports_and_scope(workforce, client_for):
    import statistics

    ds = registry()["workforce"]
    first = explore(ds, Query("median_salary", ("fiscal_year", "sex")))
    values = {code: [c.value for c in line] for (code, _l), line in zip(first.rows, first.cells, strict=True)}
    women_2568 = [30000 + i for i in range(12)] + [30000 + i for i in range(3)] + [30000 + i for i in range(6)]
    assert values["2568"][0] == statistics.median(women_2568)
    assert values["2569"] == [30004.5, 33014.5]
    assert first.total_row is False and first.row_margin is not None  # no sum over snapshots
    # A re-import of FY 2569 is seen at once (the NumPy columns follow the snapshot's version).
    workforce_snapshot_load(as_of=dt.date(2026, 9, 30),
                            rows=person_rows(workforce["DIS-1001"], women=6, men=6, prefix="r", salary_women=40000))
    again = explore(ds, Query("median_salary", ("fiscal_year", "sex")))
    assert [c.value for c in again.cells[1]] == [40002.5, 33008.5]
    scoped = explore(ds, Query("median_salary", ("sex",), {"fiscal_year": ("2568",)},
                               agency_ids=frozenset({workforce["DIS-1001"]})))
    assert [line[0].value for line in scoped.cells] == [30005.5, 33015.5]


def test_each_agency_counts_from_its_own_latest_snapshot_in_the_year(workforce):
    """DIS-1002 reports on 1 Sep 2026, DIS-1001 on 30 Sep 2026: FY 2569 holds both, each once."""
    workforce_snapshot_load(as_of=dt.date(2026, 9, 1), rows=person_rows(workforce["DIS-1002"], women=7, men=5, prefix="s")
                            + person_rows(workforce["DIS-1001"], women=1, men=1, prefix="old"))
    ds = registry()["workforce"]
    result = explore(ds, Query("headcount", ("agency", "sex"), {"fiscal_year": ("2569",)}))
    table = {code: [c.value for c in line] for (code, _l), line in zip(result.rows, result.cells, strict=True)}
    assert table == {"DIS-1001": [10, 10], "DIS-1002": [7, 5]}
    medians = explore(ds, Query("median_salary", ("agency",), {"fiscal_year": ("2569",)}))
    assert [line[0].value for line in medians.cells] == [31509.5, 30005.5]
