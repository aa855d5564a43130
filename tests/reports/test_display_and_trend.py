"""Reviewer's findings on the dashboard, results and year-end outputs: the trend stops at the chosen FY,
values are displayed by indicator type (one rule), text indicators are counted, the default year."""

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from reports_helpers import accepted_report, add_value, make_activity

from thaothiam.core.sections import Scope
from thaothiam.plans.models import Indicator
from thaothiam.reporting.selectors import default_fiscal_year, indicator_results
from thaothiam.reports import yearend
from thaothiam.reports.content import trend


@pytest.fixture
def two_years(users, reference_data):
    """FY 2568 accepted with known values; FY 2569 accepted with other numbers; FY 2570 rounds only."""
    r68 = accepted_report("DIS-1001", users, fy=2568)
    make_activity(r68, female=137, male=96, budget="48250.00")
    add_value(r68, "1-1-trained", 2709, female=1500, male=1209)
    add_value(r68, "1-1-courses", 42)
    add_value(r68, "2-5-data-quality", "76.1")
    add_value(r68, "3-1-satisfaction", "3.875")
    add_value(r68, "1-4-declaration", 1)
    add_value(r68, "3-3-findings", text="ผู้หญิงยังเข้าถึงตำแหน่งบริหารน้อย")
    other = accepted_report("DIS-1002", users, fy=2568)
    add_value(other, "1-4-declaration", 0)
    add_value(other, "3-3-findings", text="ต้องการห้องให้นมบุตร")
    r69 = accepted_report("DIS-1001", users, fy=2569)
    make_activity(r69, female=311, male=222)
    from reports_helpers import rounds

    rounds(2570)
    return r68


# --- 1. the trend stops at the chosen fiscal year ---------------------------------------------------

def test_trend_of_a_year_end_report_stops_at_its_year(two_years):
    years = [p["fy"] for p in trend(Scope(fy=2568, output="pdf")).context["points"]]
    assert years == [2568]
    assert [p["fy"] for p in trend(Scope(fy=2569)).context["points"]] == [2568, 2569]


def test_year_end_workbook_and_dashboard_have_no_later_year(two_years, client_for):
    book = load_workbook(io.BytesIO(yearend.render_xlsx(2568)))
    trend_rows = list(book["แนวโน้ม"].iter_rows(values_only=True))[1:]
    assert [r[0] for r in trend_rows] == [2568]
    page = client_for("central").get("/reports/?fy=2568").content.decode()
    section = page.split('id="section-trend"')[1].split("</section>")[0]
    assert "2568" in section and "2569" not in section


# --- 2. one display rule by indicator type --------------------------------------------------------

def test_format_value_by_indicator_type(reference_data):
    get = Indicator.objects.get
    assert get(code="1-1-trained").format_value(Decimal("2709.00")) == "2,709\u00a0คน"
    assert get(code="1-1-courses").format_value(Decimal("42.00"), bma=True) == "42\u00a0หลักสูตร"
    assert get(code="2-5-data-quality").format_value(Decimal("76.10")) == "76.1%"
    assert get(code="3-1-satisfaction").format_value(Decimal("3.875")) == "3.88\u00a0คะแนน"
    declaration = get(code="1-4-declaration")
    assert declaration.format_value(Decimal("1")) == "ใช่" and declaration.format_value(Decimal("0")) == "ไม่ใช่"
    # the BMA share of agencies is a percentage; its unit never breaks from the number
    assert declaration.format_value(Decimal("76.10"), bma=True) == "76.1%\u00a0ของหน่วยงาน"
    assert declaration.format_value(None, bma=True) == "—"  # no unit on an empty value
    assert get(code="1-1-trained").format_value(Decimal("3000.00"), bma=True, unit=False) == "3,000"


def test_dashboard_results_and_indicator_pages_show_integers(two_years, client_for):
    central = client_for("central")
    for url in ("/reports/?fy=2568", "/reporting/results/?fy=2568"):
        html = central.get(url).content.decode()
        row = re.search(r'data-indicator="1-1-trained".*?</tr>', html, re.S).group(0)
        assert "2,709\u00a0คน" in row and "3,000" in row, url
        assert ".00" not in row, url
        share = re.search(r'data-indicator="1-4-declaration".*?</tr>', html, re.S).group(0)
        assert "50.0%\u00a0ของหน่วยงาน" in share and "80.0%" in share and "50.00" not in share, url
        assert '<span class="text-nowrap">' in share
        mean = re.search(r'data-indicator="3-1-satisfaction".*?</tr>', html, re.S).group(0)
        assert "3.88\u00a0คะแนน" in mean, url
        empty = re.search(r'data-indicator="2-1-leaders".*?</tr>', html, re.S).group(0)
        assert "—" in empty and "— คน" not in empty and "—\u00a0คน" not in empty, url
    indicators = central.get("/plan/indicators/").content.decode()
    assert '2568: <span class="text-nowrap">3,000</span>' in indicators and "3,000.00" not in indicators
    assert '2568: <span class="text-nowrap">80.0%</span>' in indicators


def test_report_detail_shows_agency_values_by_type(two_years, client_for):
    html = client_for("central").get(f"/reporting/reports/{two_years.pk}/").content.decode()
    assert re.search(r'data-indicator="1-1-trained">\s*<span class="text-nowrap">2,709\u00a0คน</span>', html)
    assert re.search(r'data-indicator="1-1-courses">\s*<span class="text-nowrap">42\u00a0หลักสูตร</span>', html)
    assert re.search(r'data-indicator="1-4-declaration">\s*<span class="text-nowrap">ใช่</span>', html)
    assert "2,709.00" not in html and "42.00" not in html


def test_workbook_stores_numbers_with_number_formats(two_years):
    book = load_workbook(io.BytesIO(yearend.render_xlsx(2568)))
    sheet = book["ตัวชี้วัด"]
    header = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1))]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    trained = next(r for name, r in rows.items() if name.startswith("จำนวนบุคลากรที่ผ่านการฝึกอบรม"))
    result, target = trained[header.index("ผล")], trained[header.index("เป้าหมาย")]
    assert result.value == 2709 and result.data_type == "n" and result.number_format == "#,##0"
    assert target.value == 3000 and target.number_format == "#,##0"
    share = next(r for name, r in rows.items() if name.startswith("หน่วยงานที่มีการประกาศเจตนารมณ์"))
    assert share[header.index("ผล")].value == 50 and share[header.index("ผล")].number_format == '0.0"%"'
    overview = {row[0].value: row[1] for row in book["ภาพรวม"].iter_rows(min_row=2)}
    assert overview["งบประมาณ (บาท)"].value == 48250 and overview["งบประมาณ (บาท)"].number_format == "#,##0.00"
    assert overview["กิจกรรมที่รับรองแล้ว"].number_format == "#,##0"
    year, activities = next(book["แนวโน้ม"].iter_rows(min_row=2, max_col=2))
    assert year.value == 2568 and year.number_format == "General"  # a year never reads "2,568"
    assert activities.data_type == "n" and activities.number_format == "#,##0"


# --- 3. a text indicator is counted, with no target ----------------------------------------------

def test_text_indicator_counts_agencies_that_reported(two_years, client_for):
    findings = next(r for r in indicator_results(2568) if r.indicator.code == "3-3-findings")
    assert findings.indicator.aggregation == Indicator.Aggregation.REPORTED
    assert findings.value == 2 and findings.target is None and findings.achieved is None
    assert findings.display == "2\u00a0หน่วยงานที่รายงาน" and findings.display_target == ""
    own = next(r for r in indicator_results(2568, agency_id=two_years.agency_id) if r.indicator.code == "3-3-findings")
    assert own.value == 1 and own.display == "รายงานแล้ว" and own.display_target == ""
    html = client_for("central").get("/reporting/results/?fy=2568").content.decode()
    row = re.search(r'data-indicator="3-3-findings".*?</tr>', html, re.S).group(0)
    assert "2\u00a0หน่วยงานที่รายงาน" in row and "100" not in row and "badge" not in row and "—" not in row


# --- 5. the same default year everywhere ------------------------------------------------------------

def test_results_matrix_and_dashboard_open_on_the_latest_year_with_accepted_data(two_years, client_for):
    assert default_fiscal_year() == 2569
    central = client_for("central")
    for url in ("/reporting/results/", "/reporting/matrix/", "/reports/"):
        html = central.get(url).content.decode()
        assert re.search(r"<h1[^>]*>[^<]*<small[^>]*>ปีงบประมาณ พ\.ศ\. 2569", html), url


def test_year_end_report_lists_the_text_answers(two_years, client_for):
    from test_year_end_outputs import pdf_text

    text = pdf_text(yearend.render_pdf(2568))
    assert "สิ่งที่หน่วยงานรายงาน" in text and "ผู้หญิงยังเข้าถึงตำแหน่งบริหารน้อย" in text and "ต้องการห้องให้นมบุตร" in text
    answers = list(load_workbook(io.BytesIO(yearend.render_xlsx(2568)))["คำตอบแบบข้อความ"].iter_rows(values_only=True))
    assert [(r[2], r[4]) for r in answers[1:]] == [("DIS-1001", "ผู้หญิงยังเข้าถึงตำแหน่งบริหารน้อย"),
                                                  ("DIS-1002", "ต้องการห้องให้นมบุตร")]
    one = list(load_workbook(io.BytesIO(yearend.render_xlsx(2568, two_years.agency)))["คำตอบแบบข้อความ"]
               .iter_rows(values_only=True))
    assert [r[2] for r in one[1:]] == ["DIS-1001"]
    assert "ต้องการห้องให้นมบุตร" not in client_for("central").get("/reports/?fy=2568").content.decode()
