"""Roll-up arithmetic for every aggregation rule, the dashboard's scoping and disclosure, bounded queries."""

from decimal import Decimal

import pytest
from reports_helpers import accepted_report, add_value, make_activity

from thaothiam.plans.models import Indicator, PlanItem, Target
from thaothiam.reporting.models import Status
from thaothiam.reporting.selectors import indicator_results


def _result(code, **kwargs):
    return next(r for r in indicator_results(2568, **kwargs) if r.indicator.code == code)


def test_sum_uses_each_agency_latest_accepted_report_only(users):
    a_q2 = accepted_report("DIS-1001", users, seq=2)
    a_q4 = accepted_report("DIS-1001", users, seq=4)
    b = accepted_report("DIS-1002", users, seq=5)
    c_submitted = accepted_report("DIS-1003", users, seq=5, status=Status.SUBMITTED)
    add_value(a_q2, "2-2-measures", 10)
    add_value(a_q4, "2-2-measures", 18)
    add_value(b, "2-2-measures", 25)
    add_value(c_submitted, "2-2-measures", 100)
    result = _result("2-2-measures")
    assert result.value == Decimal(43) and result.agencies_reporting == 2
    assert result.target == Decimal(40) and result.achieved is True
    assert _result("2-2-measures", agency_id=a_q4.agency_id).value == Decimal(18)


def test_sum_keeps_the_breakdown_by_sex(users):
    add_value(accepted_report("DIS-1001", users), "1-2-elearning", 30, female=20, male=10)
    add_value(accepted_report("DIS-1002", users), "1-2-elearning", 12, female=5, male=7)
    result = _result("1-2-elearning")
    assert (result.value, result.female, result.male) == (42, 25, 17)
    assert result.achieved is False  # target 10,000


def test_people_counts_under_five_are_hidden_with_their_breakdown(users, client_for):
    report = accepted_report("DIS-1001", users)
    add_value(report, "1-2-elearning", 4, female=3, male=1)  # 4 people: not to be shown anywhere
    add_value(accepted_report("DIS-1002", users), "1-2-elearning", 12, female=5, male=7)
    own = _result("1-2-elearning", agency_id=report.agency_id)
    assert (own.value, own.female, own.male, own.achieved) == (None, None, None, None)
    bma = _result("1-2-elearning")
    assert bma.value == 16 and (bma.female, bma.male) == (8, 8)
    add_value(report, "2-2-measures", 3)  # 3 measures are not 3 people: shown as they are
    assert _result("2-2-measures", agency_id=report.agency_id).value == 3
    body = client_for("central").get(f"/reports/?fy=2568&agency={report.agency_id}").content.decode()
    assert "4 คน" not in body


def test_mean_rule(users):
    add_value(accepted_report("DIS-1001", users), "2-5-data-quality", 80)
    add_value(accepted_report("DIS-1002", users), "2-5-data-quality", 100)
    result = _result("2-5-data-quality")
    assert result.value == Decimal("90.00") and result.target == Decimal(90) and result.achieved is True


def test_share_rule_with_agency_targets(users):
    reports = [accepted_report(code, users) for code in ("DIS-1001", "DIS-1002", "DIS-1003")]
    for report, value in zip(reports, (1, 0, 1), strict=True):
        add_value(report, "1-4-declaration", value)
    result = _result("1-4-declaration")
    assert result.value == Decimal("66.7") and result.target == Decimal(80) and result.achieved is False
    indicator = Indicator.objects.get(code="1-4-declaration")
    Target.objects.create(indicator=indicator, fy=2568, agency=reports[2].agency, value=2)
    assert _result("1-4-declaration").value == Decimal("33.3")


def test_share_rule_lower_is_better(users):
    item = PlanItem.objects.get(pillar__number=3, number=3, pillar__plan__is_current=True)
    indicator = Indicator.objects.create(item=item, number=9, code="3-3-cases", name_th="จำนวนเรื่องร้องเรียนค้าง",
                                         kind="count", aggregation="share", direction="down")
    Target.objects.create(indicator=indicator, fy=2568, value=90, agency_default=5)
    add_value(accepted_report("DIS-1001", users), "3-3-cases", 3)
    add_value(accepted_report("DIS-1002", users), "3-3-cases", 7)
    result = _result("3-3-cases")
    assert result.value == Decimal("50.0") and result.achieved is False


def test_filters_by_pillar_and_agency_kind(users):
    add_value(accepted_report("DIS-1001", users), "2-2-measures", 4)
    add_value(accepted_report("PSO", users), "2-2-measures", 6)
    assert _result("2-2-measures", kind="district").value == 4
    pillar_2 = Indicator.objects.get(code="2-2-measures").item.pillar_id
    assert {r.indicator.item.pillar_id for r in indicator_results(2568, pillar_id=pillar_2)} == {pillar_2}


@pytest.fixture
def dashboard_data(users):
    for code in ("DIS-1001", "DIS-1002", "DIS-1003", "DIS-1004"):
        report = accepted_report(code, users)
        make_activity(report, female=50, male=40)
        make_activity(report, female=3, male=0, item=(2, 1), kind="leaders")
        add_value(report, "1-1-trained", 90, female=50, male=40)


def test_dashboard_suppresses_small_counts(client_for, dashboard_data):
    from thaothiam.agencies.models import Agency

    agency = Agency.objects.get(code="DIS-1001")
    page = client_for("executive").get(f"/reports/?fy=2568&agency={agency.pk}").content.decode()
    # Pillar 2 has 3 women and 0 men for this agency: the 3 is hidden, and so is a complement.
    assert "<td class=\"num\">3</td>" not in page
    assert "data-testid=\"participation-sex\"" in page


def test_dashboard_scoping(client_for, dashboard_data):
    from thaothiam.agencies.models import Agency

    other = Agency.objects.get(code="DIS-1002")
    assert client_for("head").get(f"/reports/?fy=2568&agency={other.pk}").status_code == 404
    own = client_for("head").get("/reports/?fy=2568")
    assert own.status_code == 200 and "สำนักงานเขตพระนคร" in own.content.decode()
    assert "ทั้งกรุงเทพมหานคร</option>" not in own.content.decode()
    assert client_for("staff").get("/reports/").status_code == 403


def test_dashboard_and_matrix_make_a_bounded_number_of_queries(client_for, dashboard_data, users,
                                                                django_assert_max_num_queries):
    """Every section (reporting, workforce, surveys, complaints, learning) costs a fixed number of queries:
    more agencies' data, the same count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    central = client_for("central")
    executive = client_for("executive")
    executive.get("/reports/?fy=2568")  # the first view fills the year's reach cube (decision 0145)
    with CaptureQueriesContext(connection) as before:
        assert executive.get("/reports/?fy=2568").status_code == 200
    assert len(before) <= 40, len(before)
    with django_assert_max_num_queries(14):
        assert central.get("/reporting/matrix/?fy=2568").status_code == 200
    with django_assert_max_num_queries(14):
        assert central.get("/reporting/results/?fy=2568").status_code == 200
    # More data, same number of queries.
    for code in ("DIS-1005", "DIS-1006", "DIS-1007"):
        report = accepted_report(code, users)
        make_activity(report, female=10, male=10)
        add_value(report, "1-1-trained", 20, female=10, male=10)
    with CaptureQueriesContext(connection) as after:
        assert executive.get("/reports/?fy=2568").status_code == 200
    assert len(after) == len(before), [q["sql"][:120] for q in after.captured_queries]
    with django_assert_max_num_queries(14):
        assert central.get("/reporting/matrix/?fy=2568").status_code == 200


def test_matrix_shows_status_and_late(client_for, users):
    report = accepted_report("DIS-1001", users, seq=1)
    report.is_late = True
    report.save()
    page = client_for("central").get("/reporting/matrix/?fy=2568&kind=district").content.decode()
    assert 'data-status="accepted"' in page and "ล่าช้า" in page
    assert 'data-status="not_started"' in page
    assert "สำนักปลัดกรุงเทพมหานคร" not in page  # filtered to districts
