""""Use this value" on a people indicator fills women and men as well as the total (decision 0164)."""

import pytest
from browser_helpers import sign_in
from playwright.sync_api import expect

from thaothiam.core.fiscal import current_fiscal_year, quarter
from thaothiam.plans.models import Indicator
from thaothiam.reporting import services
from thaothiam.reporting.models import Round

pytestmark = pytest.mark.django_db(transaction=True)


def test_use_this_value_fills_women_and_men(browser, live_server, users, reference_data):
    from django.utils import timezone

    from thaothiam.agencies.models import Agency
    from thaothiam.learning.indicator_sources import elearning
    from thaothiam.learning.models import Completion, Course

    fy = current_fiscal_year()
    services.rounds_create_for_year(fy=fy, actor=users["central"])
    round_ = Round.objects.get(fy=fy, seq=quarter(timezone.localdate()))
    agency = Agency.objects.get(code="DIS-1001")
    report = services.report_start(round_=round_, agency=agency, actor=users["coordinator"])
    course = Course.objects.get(code="gender-equality-basics")
    Completion.objects.bulk_create(
        Completion(course=course, source="elearning", completed_on=timezone.localdate(), fiscal_year=fy,
                   agency=agency, sex="F" if i < 9 else "M", learner_key=f"b{i}", name="x") for i in range(16))
    offered = elearning(agency, fy, round_.period.end)
    indicator = Indicator.objects.get(code="1-2-elearning")
    context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, "coordinator")
    page.goto(f"/reporting/reports/{report.pk}/values/")
    row = page.locator('[data-indicator="1-2-elearning"]')
    expect(row.get_by_test_id("system-breakdown-1-2-elearning")).to_contain_text(f"หญิง {offered.female}")
    row.get_by_role("button", name="ใช้ค่านี้").click()
    expect(page.locator(f"#id_v{indicator.pk}_value")).to_have_value(str(int(offered.value)))
    expect(page.locator(f"#id_v{indicator.pk}_female")).to_have_value(str(offered.female))
    expect(page.locator(f"#id_v{indicator.pk}_male")).to_have_value(str(offered.male))
    context.close()
