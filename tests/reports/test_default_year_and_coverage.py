"""The dashboard opens on a year that has a picture, and every roll-up says how many agencies it covers.

One accepted Q1 report from one district must not switch the executive's default to the new
fiscal year, nor show "100 % of agencies" without saying it is 1 agency of 70-odd.
"""

import math
import re

from reports_helpers import accepted_report, add_value

from thaothiam.reporting.selectors import DEFAULT_YEAR_COVERAGE, default_fiscal_year, reporting_agencies


def _year_in_heading(html: str) -> str:
    return re.search(r"<h1[^>]*>[^<]*<small[^>]*>ปีงบประมาณ พ\.ศ\. (\d{4})", html).group(1)


def test_one_quarterly_report_does_not_move_the_default_year(users, client_for):
    for code in ("DIS-1001", "DIS-1002"):
        add_value(accepted_report(code, users, fy=2568), "1-4-declaration", 1)
    add_value(accepted_report("DIS-1003", users, fy=2569, seq=1), "1-4-declaration", 1)  # Q1 of the next year
    assert default_fiscal_year() == 2568
    executive = client_for("executive")
    assert _year_in_heading(executive.get("/reports/").content.decode()) == "2568"


def test_a_year_with_half_the_agencies_reported_becomes_the_default(users):
    add_value(accepted_report("DIS-1001", users, fy=2568), "1-4-declaration", 1)
    codes = list(reporting_agencies().values_list("code", flat=True))
    needed = math.ceil(DEFAULT_YEAR_COVERAGE * len(codes))
    for code in codes[:needed - 1]:
        accepted_report(code, users, fy=2569, seq=1)
    assert default_fiscal_year() == 2568  # one agency short of half
    accepted_report(codes[needed - 1], users, fy=2569, seq=1)
    assert default_fiscal_year() == 2569


def test_every_bma_roll_up_shows_n_of_n_agencies(users, client_for):
    add_value(accepted_report("DIS-1001", users, fy=2568), "1-4-declaration", 1)
    total = reporting_agencies().count()
    coverage = f"1 จาก {total:,} หน่วยงาน"
    dashboard = client_for("executive").get("/reports/?fy=2568").content.decode()
    row = re.search(r'data-indicator="1-4-declaration".*?</tr>', dashboard, re.S).group(0)
    assert coverage in row
    results = client_for("central").get("/reporting/results/?fy=2568").content.decode()
    row = re.search(r'data-indicator="1-4-declaration".*?</tr>', results, re.S).group(0)
    assert coverage in row
    own = client_for("coordinator").get("/reports/?fy=2568").content.decode()  # one agency: no roll-up
    assert "จาก" not in re.search(r'data-indicator="1-4-declaration".*?</tr>', own, re.S).group(0)


def test_a_year_still_running_is_labelled_and_never_plotted_as_a_drop(users, client_for):
    from reports_helpers import make_activity

    from thaothiam.core.fiscal import current_fiscal_year
    from thaothiam.core.sections import Scope
    from thaothiam.reports.content import trend

    running = current_fiscal_year()
    make_activity(accepted_report("DIS-1001", users, fy=running - 2), female=300, male=200)
    make_activity(accepted_report("DIS-1001", users, fy=running - 1), female=320, male=210)
    make_activity(accepted_report("DIS-1001", users, fy=running, seq=1), female=6, male=5)
    section = trend(Scope(fy=running))
    assert [(p["fy"], p["partial"]) for p in section.context["points"]] == [
        (running - 2, False), (running - 1, False), (running, True)]
    charted = {row["fy"] for chart in section.charts for row in chart["data"]["values"]}
    assert len(charted) == 2 and not any(str(running) in label for label in charted)
    html = client_for("executive").get(f"/reports/?fy={running}").content.decode()
    assert f"ปีงบประมาณ พ.ศ. {running} (ยังไม่สิ้นปี)" in html
