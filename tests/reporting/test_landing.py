"""Where each role lands after signing in (issue 15 §7): a to-do per role; the menu grouped for central."""

import pytest
from reporting_helpers import answer_all

from thaothiam.core.fiscal import current_fiscal_year
from thaothiam.reporting import services
from thaothiam.reporting.models import Round


@pytest.fixture
def this_year(db, reference_data):
    fy = current_fiscal_year()
    services.rounds_create_for_year(fy=fy, actor=None)
    services.rounds_create_for_year(fy=fy - 1, actor=None)
    return {r.seq: r for r in Round.objects.filter(fy=fy)}, {r.seq: r for r in Round.objects.filter(fy=fy - 1)}


def _section(page: str, testid: str) -> str:
    start = page.index(f'data-testid="{testid}"')
    return page[start:page.index("</section>", start)]


def test_the_coordinator_lands_on_reports_due_and_returned(client, users, this_year, home_agency):
    now, last = this_year
    coordinator = users["coordinator"]
    returned = services.report_start(round_=last[4], agency=home_agency, actor=coordinator)
    answer_all(returned, coordinator)
    services.report_submit(report=returned, actor=coordinator, late_reason="ล่าช้า")
    services.report_return(report=returned, actor=users["head"], comment="ขาดหลักฐานการอบรม")
    client.force_login(coordinator)
    page = client.get("/accounts/me/").content.decode()
    todo = _section(page, "todo-coordinator")
    assert "ขาดหลักฐานการอบรม" in todo and f"/reporting/reports/{returned.pk}/" in todo
    assert str(now[1]) in todo  # this year's first quarter is under way
    assert "เลยกำหนดส่งตั้งแต่" in todo  # last year's annual report is overdue
    assert 'data-testid="todo-head"' not in page and 'data-testid="todo-central"' not in page


def test_the_head_lands_on_reports_waiting_for_approval(client_for, users, this_year, home_agency):
    now, _last = this_year
    report = services.report_start(round_=now[1], agency=home_agency, actor=users["coordinator"])
    answer_all(report, users["coordinator"])
    services.report_submit(report=report, actor=users["coordinator"])
    todo = _section(client_for("head").get("/accounts/me/").content.decode(), "todo-head")
    assert f"/reporting/reports/{report.pk}/" in todo


def test_central_lands_on_the_review_queue_and_overdue_agencies(client_for, users, this_year, home_agency):
    _now, last = this_year
    report = services.report_start(round_=last[4], agency=home_agency, actor=users["coordinator"])
    answer_all(report, users["coordinator"])
    services.report_submit(report=report, actor=users["coordinator"], late_reason="ล่าช้า")
    services.report_approve(report=report, actor=users["head"])
    page = client_for("central").get("/accounts/me/").content.decode()
    todo = _section(page, "todo-central")
    assert "มีรายงานรอตรวจ 1 ฉบับ" in todo and f"/reporting/reports/{report.pk}/" in todo
    assert "หน่วยงานที่เลยกำหนดส่ง" in todo and "/reporting/matrix/" in todo
    # Imports waiting to be published have their own card (workforce/home.py, tested with the imports).


def test_an_executive_lands_on_the_dashboard_once_and_keeps_their_own_page(client, users):
    client.force_login(users["executive"])  # signs in: the user_logged_in signal marks the session
    first = client.get("/accounts/me/")
    assert first.status_code == 302 and first["Location"] == "/reports/"
    assert client.get("/accounts/me/").status_code == 200  # "My page" from the menu afterwards


def test_staff_land_on_their_own_page_without_a_reporting_card(client, users):
    client.force_login(users["staff"])
    response = client.get("/accounts/me/")
    assert response.status_code == 200 and 'data-testid="reporting-todo"' not in response.content.decode()


def test_centrals_long_menu_is_grouped_and_staffs_short_one_is_not(client_for):
    central = client_for("central").get("/accounts/me/").content.decode()
    nav = central[central.index('data-testid="nav"'):central.index("</ul>\n        <div")]
    assert nav.count('data-nav-group="') >= 5
    assert nav.count('class="nav-item') <= 10  # fits one row at 1366 px (checked in the browser too)
    assert 'data-nav="reporting_review"' in nav and 'data-nav="plan_manage"' in nav  # every entry still there
    staff = client_for("staff").get("/accounts/me/").content.decode()
    assert 'data-nav-group="' not in staff
