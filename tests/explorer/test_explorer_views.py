"""The explorer app's pages as a user meets them: the first view, searchable filters, export names,
the chart's note on hidden figures, and the shared fiscal-year/agency form. Every figure is checked
against the documented perturbation table (tests/core/cellkey_oracle.py), never against the code."""

import datetime as dt
import io
import re
from urllib.parse import parse_qs

import pytest
from openpyxl import load_workbook

from tests.core.cellkey_oracle import published_people
from tests.workforce.wf_files import person_rows
from thaothiam.agencies.models import Agency
from thaothiam.core.forms import FiscalYearAgencyForm
from thaothiam.workforce.models import Person
from thaothiam.workforce.services import workforce_snapshot_load


@pytest.fixture
def workforce(reference_data):
    a = {code: Agency.objects.get(code=code).pk for code in ("DIS-1001", "DIS-1002", "FIR")}
    rows = (person_rows(a["DIS-1001"], women=12, men=8) + person_rows(a["DIS-1002"], women=3, men=9)
            + person_rows(a["FIR"], women=6, men=10))
    workforce_snapshot_load(as_of=dt.date(2025, 9, 30), rows=rows)
    workforce_snapshot_load(as_of=dt.date(2026, 9, 30), rows=person_rows(a["DIS-1001"], women=10, men=10, prefix="q")
                            + person_rows(a["FIR"], women=7, men=11, prefix="q"))
    return a


def _people(fy: int, **filters):
    return Person.objects.filter(snapshot__fiscal_year=fy, **filters)


def _table(result) -> dict[str, list]:
    return {code: [c.value for c in line] for (code, _l), line in zip(result.rows, result.cells, strict=True)}


def test_a_first_visit_shows_headcount_by_sex_for_the_latest_year(workforce, client_for):
    response = client_for("central").get("/workforce/explore/")
    result = response.context["result"]
    assert result.measure.key == "headcount" and result.row_dim.key == "sex" and result.col_dim is None
    assert _table(result) == {sex: [published_people(_people(2569, sex=sex))] for sex in ("F", "M")}
    assert result.total.value == published_people(_people(2569))
    form = response.context["form"]
    assert form["row"].value() == "sex" and form["dataset"].value() == "workforce"
    # The download links carry the default question, so the file is the table on screen.
    body = response.content.decode().replace("&amp;", "&")
    link = re.search(r'href="/workforce/explore/export\.csv\?([^"]*)"', body).group(1)
    assert parse_qs(link) == {"dataset": ["workforce"], "measure": ["headcount"], "row": ["sex"]}
    # An explicit question is answered as asked: no breakdown means one total.
    bare = client_for("central").get("/workforce/explore/", {"measure": "headcount"}).context["result"]
    assert bare.row_dim is None and bare.total.value == published_people(_people(2569))


def test_filters_are_searchable_boxes_with_the_script_and_styles(workforce, client_for):
    body = client_for("central").get("/workforce/explore/").content.decode()
    assert body.count("data-searchable") >= 5  # every dimension's filter: agency, sex, year, …
    assert 'name="f_agency"' in body and "multiple" in body
    assert "vendor/tom-select.complete.min.js" in body and "explorer/explorer.js" in body
    assert "vendor/tom-select.bootstrap5.min.css" in body
    assert 'data-placeholder="ทั้งหมด — พิมพ์เพื่อค้นหา"' in body
    assert "<script>" not in body and "style=" not in body  # CSP: no inline script or style


def test_export_names_carry_dataset_measure_breakdowns_and_date(workforce, client_for):
    client = client_for("central")
    params = {"measure": "headcount", "row": "personnel_type", "col": "sex", "f_fiscal_year": "2568"}
    today = dt.date.today().isoformat()
    xlsx = client.get("/workforce/explore/export.xlsx", params)
    assert xlsx["Content-Disposition"] == (
        f'attachment; filename="workforce-headcount-by-personnel_type-sex-{today}.xlsx"')
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert rows[1][1:] == tuple(published_people(_people(2568, personnel_type="civil", **sex))
                                for sex in ({"sex": "F"}, {"sex": "M"}, {}))
    csv_response = client.get("/workforce/explore/export.csv", {"measure": "mean_salary"})
    assert csv_response["Content-Disposition"] == f'attachment; filename="workforce-mean_salary-{today}.csv"'


def test_the_chart_says_how_many_hidden_figures_it_leaves_out(workforce, client_for):
    params = {"measure": "mean_salary", "row": "agency", "col": "sex", "f_fiscal_year": "2568"}
    response = client_for("central").get("/workforce/explore/", params)
    result = response.context["result"]
    hidden = [(code, col) for (code, _l), line in zip(result.rows, result.cells, strict=True)
              for (col, _c), cell in zip(result.cols, line, strict=True) if cell.hidden]
    assert ("DIS-1002", "F") in hidden  # three women: no salary figure of theirs
    assert response.context["chart_left_out"] == len(hidden)
    drawn = response.context["chart"]["data"]["values"]
    assert len(drawn) == len(result.rows) * len(result.cols) - len(hidden)
    assert all(row["value"] is not None for row in drawn)
    assert 'data-testid="chart-left-out"' in response.content.decode()
    assert f"แผนภูมิไม่แสดงตัวเลขที่ถูกซ่อน {len(hidden)} ค่า" in response.content.decode()
    # Nothing hidden, no note.
    full = client_for("central").get("/workforce/explore/", {"measure": "headcount", "row": "sex"})
    assert full.context["chart_left_out"] == 0 and "chart-left-out" not in full.content.decode()
    # Whole-number axis ticks: a count never reads "0.5 people", a salary never "30,000.5 baht".
    assert full.context["chart"]["encoding"]["x"]["axis"] == {"format": ",d", "tickMinStep": 1}
    assert response.context["chart"]["encoding"]["x"]["axis"] == {"format": ",.0f", "tickMinStep": 1}


def test_bad_choices_say_what_is_wrong_and_show_no_table(workforce, client_for):
    client = client_for("central")
    same = client.get("/workforce/explore/", {"row": "sex", "col": "sex"})
    assert same.context["result"] is None and "เลือกการจำแนกสองแบบที่ต่างกัน" in same.content.decode()
    nope = client.get("/workforce/explore/", {"measure": "nope"})
    assert nope.context["result"] is None and "explorer-table" not in nope.content.decode()
    assert nope.context["form"].errors["measure"]
    year = client.get("/workforce/explore/", {"measure": "headcount", "f_fiscal_year": "1999"})
    assert year.context["result"] is None and year.context["form"].errors["f_fiscal_year"]
    assert client.get("/workforce/explore/", {"dataset": "nope"}).status_code == 404
    assert client.get("/workforce/explore/export.csv", {"measure": "nope"}).status_code == 404


def test_the_indicators_page_reads_year_and_agency_through_the_shared_form(workforce, client_for):
    central = client_for("central")
    page = central.get("/workforce/indicators/", {"fy": "2568", "agency": "FIR"})
    wf = page.context["wf"]
    assert wf.fiscal_year == 2568 and page.context["chosen"].code == "FIR"
    assert page.context["form"]["agency"].value() == "FIR"
    # An unknown year falls back to the latest; an unknown agency is said, and the whole BMA shown.
    odd = central.get("/workforce/indicators/", {"fy": "1999", "agency": "NOPE"})
    assert odd.context["wf"].fiscal_year == 2569 and odd.context["chosen"] is None
    assert "โปรดเลือกหน่วยงานจากรายการ" in odd.content.decode()
    # A coordinator cannot pick another agency: refused, and the page stays on their own.
    coordinator = client_for("coordinator").get("/workforce/indicators/", {"agency": "FIR"})
    assert coordinator.context["chosen"] is None and coordinator.context["scoped"]
    assert [a.code for a in coordinator.context["form"].fields["agency"].queryset] == ["DIS-1001"]


def test_the_shared_form_alone(reference_data):
    agencies = Agency.objects.filter(code__in=["DIS-1001", "FIR"]).order_by("code")
    form = FiscalYearAgencyForm({"fy": "2568", "agency": "FIR"}, years=[2567, 2568, 2569], agencies=agencies)
    assert form.chosen_year == 2568 and form.chosen_agency.code == "FIR" and not form.errors
    assert [c for c, _l in form.fields["fy"].choices] == [2569, 2568, 2567]  # newest first
    latest = FiscalYearAgencyForm({}, years=[2567, 2568], agencies=agencies)
    assert latest.chosen_year == 2568 and latest.chosen_agency is None and latest.is_valid()
    chosen_default = FiscalYearAgencyForm({"fy": "x"}, years=[2567, 2568], agencies=agencies, default=2567)
    assert chosen_default.chosen_year == 2567
    # A refused year is said (decision 0156), and the agency asked beside it still holds.
    refused = FiscalYearAgencyForm({"fy": "1999", "agency": "FIR"}, years=[2567, 2568], agencies=agencies)
    assert refused.chosen_year == 2568 and refused.chosen_agency.code == "FIR"
    assert refused.errors["fy"] == ["ไม่มีตัวเลขของปีงบประมาณ “1999” จึงแสดงปีงบประมาณ พ.ศ. 2568 แทน"]
    assert "fy" not in FiscalYearAgencyForm({"fy": ""}, years=[2568], agencies=agencies).errors
    outside = FiscalYearAgencyForm({"agency": "DIS-1002"}, years=[2568], agencies=agencies)
    assert outside.chosen_agency is None and outside.errors["agency"] == ["โปรดเลือกหน่วยงานจากรายการ"]
    by_pk = FiscalYearAgencyForm({"agency": str(agencies[1].pk)}, years=[], agencies=agencies, agency_key="pk")
    assert by_pk.chosen_agency == agencies[1] and by_pk.chosen_year is None


def test_the_explorer_question_shows_the_error_summary_linking_to_fields(workforce, client_for):
    html = client_for("central").get("/workforce/explore/", {"measure": "nope", "f_fiscal_year": "1999"}).content.decode()
    start = html.index('data-testid="error-summary"')
    summary = html[start:html.index("</ul>", start)]
    assert 'href="#id_measure"' in summary and 'href="#id_f_fiscal_year"' in summary
    assert 'id="id_measure"' in html and 'id="id_f_fiscal_year"' in html
    assert html.index('data-testid="error-summary"') < html.index('id="id_dataset"')  # at the top of the form
