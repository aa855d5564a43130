"""The coordinator's indicator page offers the system's value beside the input ("use this value"),
and when central switches it on, the system's value replaces typing."""

import datetime as dt

from learning_helpers import starter

from thaothiam.agencies.models import Agency
from thaothiam.learning.models import Completion
from thaothiam.plans.models import Indicator
from thaothiam.reporting import services
from thaothiam.reporting.models import IndicatorValue, Round


def _report(users):
    services.rounds_create_for_year(fy=2568, actor=None)
    round_ = Round.objects.filter(fy=2568).order_by("seq").first()  # Q1: Oct–Dec 2024
    return services.report_start(round_=round_, agency=Agency.objects.get(code="DIS-1001"), actor=users["coordinator"])


def _completions(n, day=dt.date(2024, 11, 5), prefix="k"):
    agency = Agency.objects.get(code="DIS-1001")
    Completion.objects.bulk_create(
        Completion(course=starter(), source="elearning", completed_on=day, fiscal_year=2568, agency=agency,
                   sex="F", learner_key=f"{prefix}{i}", name="x") for i in range(n))


def test_the_system_value_is_offered_beside_the_input(users, client_for):
    report = _report(users)
    _completions(8)
    _completions(4, day=dt.date(2025, 1, 5), prefix="later")  # after the round's period: not counted
    page = client_for("coordinator").get(f"/reporting/reports/{report.pk}/values/").content.decode()
    block = page.split('data-testid="system-value-1-2-elearning"')[1].split("</div>")[0]
    assert ">8\xa0คน<" in block and 'data-use-system-value="8"' in block  # shown as the indicator formats it
    assert "system_values.js" in page and "<script>" not in page.replace('<script src=', '')


def test_central_switch_makes_the_system_value_replace_typing(users, client_for):
    report = _report(users)
    _completions(8)
    indicator = Indicator.objects.get(code="1-2-elearning")
    from thaothiam.plans.indicator_forms import IndicatorForm

    data = {k: v for k, v in IndicatorForm(instance=indicator).initial.items() if v is not None}
    data["system_value_replaces_input"] = "on"
    response = client_for("central").post(f"/plan/indicators/{indicator.pk}/edit/", data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.system_value_replaces_input
    field = f"v{indicator.pk}_value"
    client_for("coordinator").post(f"/reporting/reports/{report.pk}/values/", {field: "99"})
    assert IndicatorValue.objects.get(report=report, indicator=indicator).value == 8
