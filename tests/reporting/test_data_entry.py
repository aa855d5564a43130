"""Data entry as clerks work (issue 15 §3–§5): the indicator grid with its context, range checks in Thai,
"not applicable", blank indicators refused at submission, evidence on the activity form, B.E. dates."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from reporting_helpers import activity_post, answer_all, in_time

from thaothiam.plans.models import Indicator, Target
from thaothiam.reporting import services
from thaothiam.reporting.models import Activity, AgencyReport, Evidence, IndicatorValue, Round, Status

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def ind(code):
    return Indicator.objects.get(code=code)


def _post(values: dict):
    return {f"v{ind(code).pk}_{name}": value for (code, name), value in values.items()}


def _row(page: str, code: str) -> str:
    start = page.index(f'data-indicator="{code}"')
    end = page.find('class="value-grid-row', start)
    return page[start:end if end > 0 else None]


# --- the grid's context -------------------------------------------------------------------------

def test_the_grid_shows_target_last_period_and_the_systems_value(client_for, users, report, fy_rounds, item_11,
                                                                  home_agency):
    coordinator = users["coordinator"]
    Target.objects.update_or_create(indicator=ind("2-2-measures"), fy=2568, agency=home_agency,
                                    defaults={"value": Decimal(3)})
    # Last year's annual report had 4 measures.
    services.rounds_create_for_year(fy=2567, actor=None)
    last_year = services.report_start(round_=Round.objects.get(fy=2567, seq=5), agency=home_agency, actor=coordinator)
    services.values_save(report=last_year, actor=coordinator,
                         values={ind("2-2-measures").pk: {"value": Decimal(4)}})
    # Two measures recorded as activities this year: the system offers 2.
    client = client_for("coordinator")
    for title in ("มาตรการลาเลี้ยงดูบุตร", "แนวปฏิบัติการแต่งกาย"):
        client.post(f"/reporting/reports/{report.pk}/activities/new/",
                    activity_post(item_11, kind="measure", title=title))
    assert Activity.objects.count() == 2
    page = client.get(f"/reporting/reports/{report.pk}/values/").content.decode()
    row = _row(page, "2-2-measures")
    assert re.search(r">3\b", row)  # the agency's own target
    previous = row[row.index('data-testid="previous-2-2-measures"'):]
    previous = previous[:previous.index("</div>")]
    assert re.search(r">4\xa0", previous) and "2567" in previous  # last period's value, labelled with its round
    system = re.search(r'data-testid="system-value-2-2-measures".*?data-use-system-value="([^"]+)"', row, re.S)
    assert system and system.group(1) == "2"
    assert 'type="date"' not in page and "<script>" not in page  # no inline script (CSP)


def test_a_system_value_central_fixed_cannot_be_typed_over(client_for, report, item_11):
    indicator = ind("2-2-measures")
    indicator.system_value_replaces_input = True
    indicator.save()
    client = client_for("coordinator")
    client.post(f"/reporting/reports/{report.pk}/activities/new/", activity_post(item_11, kind="measure"))
    client.post(f"/reporting/reports/{report.pk}/values/", _post({("2-2-measures", "value"): "99"}))
    assert IndicatorValue.objects.get(indicator=indicator).value == 1


# --- range checks, in Thai, with the error summary ------------------------------------------------

@pytest.mark.parametrize(("code", "typed", "thai"), [
    ("3-1-satisfaction", "7", "ค่าเฉลี่ยของมาตรวัด 5 ระดับต้องอยู่ระหว่าง 1 ถึง 5"),
    ("3-1-satisfaction", "0.5", "ค่าเฉลี่ยของมาตรวัด 5 ระดับต้องอยู่ระหว่าง 1 ถึง 5"),
    ("2-5-data-quality", "120", "ร้อยละต้องอยู่ระหว่าง 0 ถึง 100"),
    ("2-5-data-quality", "123456789012345678", "ร้อยละต้องอยู่ระหว่าง 0 ถึง 100"),
    ("2-5-data-quality", "12.345", "ใช้ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"),
    ("2-5-data-quality", "abc", "กรอกเป็นตัวเลข"),
    ("2-2-measures", "-1", "ต้องไม่ติดลบ"),
    ("2-2-measures", "2.5", "กรอกเป็นจำนวนเต็ม"),
    ("2-2-measures", "99999999999", "ต้องไม่เกิน 10,000,000"),
])
def test_out_of_range_values_get_a_thai_message_and_a_summary_link(client_for, report, code, typed, thai):
    response = client_for("coordinator").post(f"/reporting/reports/{report.pk}/values/",
                                              _post({(code, "value"): typed}))
    page = response.content.decode()
    assert response.status_code == 200 and thai in page
    assert "Ensure that" not in page and "Enter a number" not in page and "Enter a whole number" not in page
    summary = page[page.index('data-testid="error-summary"'):]
    assert f'href="#id_v{ind(code).pk}_value"' in summary[:summary.index("</div>")]
    assert not IndicatorValue.objects.exists()


def test_a_sum_check_never_reasons_from_an_invalid_field(client_for, report):
    page = client_for("coordinator").post(f"/reporting/reports/{report.pk}/values/", _post({
        ("1-2-elearning", "value"): "5", ("1-2-elearning", "female"): "abc", ("1-2-elearning", "male"): "5",
        ("1-1-trained", "female"): "3", ("1-1-trained", "male"): "2", ("1-1-trained", "gi_female"): "x",
        ("1-1-trained", "gi_male"): "5"})).content.decode()
    assert page.count("กรอกเป็นจำนวนเต็ม") >= 2  # each unreadable field says so …
    assert "ให้ครบทั้งหญิงและชาย" not in page  # … and no cross-check pretends it was empty
    assert "ต้องเท่ากับยอดรวม" not in page
    assert not IndicatorValue.objects.exists()


# --- not applicable and blank indicators ----------------------------------------------------------

def test_not_applicable_is_saved_and_excludes_a_value(client_for, report):
    client = client_for("coordinator")
    url = f"/reporting/reports/{report.pk}/values/"
    both = client.post(url, _post({("2-4-partners", "value"): "3", ("2-4-partners", "na"): "on"})).content.decode()
    assert "ไม่ใช่ทั้งสองอย่าง" in both and not IndicatorValue.objects.exists()
    client.post(url, _post({("2-4-partners", "na"): "on", ("2-2-measures", "value"): "2"}))
    na = IndicatorValue.objects.get(indicator__code="2-4-partners")
    assert na.not_applicable and na.value is None
    page = client.get(url).content.decode()
    assert re.search(rf'name="v{ind("2-4-partners").pk}_na"[^>]*checked', page)
    report_page = client.get(f"/reporting/reports/{report.pk}/").content.decode()
    assert "ไม่เกี่ยวข้อง" in report_page


def test_submitting_with_blank_indicators_lists_them_and_changes_nothing(client_for, users, report):
    client = client_for("coordinator")
    client.post(f"/reporting/reports/{report.pk}/values/", _post({("2-2-measures", "value"): "2"}))
    page = client.get(f"/reporting/reports/{report.pk}/").content.decode()
    blank = page[page.index('data-testid="blank-indicators"'):]
    assert f"/reporting/reports/{report.pk}/values/#ind-{ind('3-1-satisfaction').pk}" in blank
    assert f"#ind-{ind('2-2-measures').pk}" not in blank[:blank.index("</div>")]
    response = client.post(f"/reporting/reports/{report.pk}/submit/", follow=True)
    text = response.content.decode()
    assert "ก่อนส่งรายงาน" in text and "3.1.2" in text and "2.2.1" not in text.split("ตัวชี้วัดที่ยังว่าง")[1][:400]
    report.refresh_from_db()
    assert report.status == Status.DRAFT
    answer_all(report, users["coordinator"])
    IndicatorValue.objects.filter(indicator__code="2-2-measures").update(not_applicable=False, value=2)
    client.post(f"/reporting/reports/{report.pk}/submit/", {"late_reason": "รอข้อมูลจากฝ่ายบุคคล"})
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_not_applicable_is_not_counted_as_reporting(users, report):
    from thaothiam.reporting.selectors import _grouped_values

    services.values_save(report=report, actor=users["coordinator"], values={
        ind("2-4-partners").pk: {"not_applicable": True}, ind("2-2-measures").pk: {"value": Decimal(2)}})
    grouped = _grouped_values(2568, [report.pk])
    assert ind("2-4-partners").pk not in grouped and grouped[ind("2-2-measures").pk]["n"] == 1


# --- evidence on the activity form ----------------------------------------------------------------

def test_evidence_is_attached_on_the_add_activity_form(client_for, report, item_11):
    client = client_for("coordinator")
    page = client.get(f"/reporting/reports/{report.pk}/activities/new/").content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="evidence"' in page and "multiple" in page
    client.post(f"/reporting/reports/{report.pk}/activities/new/", {
        **activity_post(item_11), "evidence": [SimpleUploadedFile("รายงานผล.pdf", PDF),
                                               SimpleUploadedFile("รูป.pdf", PDF)]})
    activity = Activity.objects.get()
    assert sorted(e.original_name for e in activity.evidence.all()) == ["รายงานผล.pdf", "รูป.pdf"]


def test_uploading_while_editing_keeps_the_edits(client_for, report, item_11):
    client = client_for("coordinator")
    client.post(f"/reporting/reports/{report.pk}/activities/new/", activity_post(item_11))
    activity = Activity.objects.get()
    url = f"/reporting/activities/{activity.pk}/"
    client.post(url, {**activity_post(item_11, title="ชื่อใหม่ที่ยังไม่บันทึก"),
                      "evidence": SimpleUploadedFile("หลักฐาน.pdf", PDF)})
    activity.refresh_from_db()
    assert activity.title == "ชื่อใหม่ที่ยังไม่บันทึก" and activity.evidence.count() == 1
    # Removing is part of the same save, with the other edits.
    evidence = activity.evidence.get()
    client.post(url, {**activity_post(item_11, title="ชื่อที่สาม"), "remove_evidence": [evidence.pk]})
    activity.refresh_from_db()
    assert activity.title == "ชื่อที่สาม" and not Evidence.objects.exists()


def test_a_bad_file_or_bad_field_saves_nothing_and_says_why(client_for, report, item_11):
    client = client_for("coordinator")
    client.post(f"/reporting/reports/{report.pk}/activities/new/", activity_post(item_11))
    activity = Activity.objects.get()
    url = f"/reporting/activities/{activity.pk}/"
    bad_file = client.post(url, {**activity_post(item_11, title="แก้แล้ว"),
                                 "evidence": SimpleUploadedFile("x.pdf", b"MZ not a pdf")}).content.decode()
    assert 'data-testid="error-summary"' in bad_file and 'value="แก้แล้ว"' in bad_file  # the edit is still there
    bad_field = client.post(url, {**activity_post(item_11, female="-1"),
                                  "evidence": SimpleUploadedFile("ok.pdf", PDF)}, follow=True).content.decode()
    assert "เลือกไฟล์อีกครั้ง" in bad_field
    activity.refresh_from_db()
    assert activity.title != "แก้แล้ว" and not Evidence.objects.exists()


# --- Buddhist-era dates on the activity form ------------------------------------------------------

def test_activity_dates_are_typed_and_shown_in_be(client_for, report, item_11):
    client = client_for("coordinator")
    client.post(f"/reporting/reports/{report.pk}/activities/new/",
                activity_post(item_11, start_date="๕/๑๑/๒๕๖๗", end_date="06/11/2567"))
    activity = Activity.objects.get()
    assert activity.start_date.isoformat() == "2024-11-05" and activity.end_date.isoformat() == "2024-11-06"
    page = client.get(f"/reporting/activities/{activity.pk}/").content.decode()
    assert 'value="05/11/2567"' in page and "วว/ดด/ปปปป (พ.ศ.)" in page and 'type="date"' not in page
    wrong_era = client.post(f"/reporting/reports/{report.pk}/activities/new/",
                            activity_post(item_11, start_date="05/11/2024")).content.decode()
    assert "อ่านได้เป็นปี พ.ศ. 2024 ซึ่งอยู่นอกช่วง" in wrong_era
    assert Activity.objects.count() == 1


def test_the_rounds_form_takes_a_be_deadline(client_for, fy_rounds):
    rnd = fy_rounds[1]
    client = client_for("central")
    response = client.post(f"/reporting/rounds/{rnd.pk}/", {"deadline_form": "1", "deadline": "20/01/2568", "reminder_days": "5"})
    assert response.status_code == 302
    rnd.refresh_from_db()
    assert rnd.deadline.isoformat() == "2025-01-20"


# --- who returns a report at which status: the model's rule ----------------------------------------

def test_the_return_rule_lives_on_the_model(users, report):
    from thaothiam.core.access import Access

    head, central = Access(users["head"]), Access(users["central"])
    assert report.returner_role() is None and not services.may_return(report, head)
    answer_all(report, users["coordinator"])
    report = services.report_submit(report=report, actor=users["coordinator"], now=in_time(report.round))
    assert services.may_return(report, head) and not services.may_return(report, central)
    report = services.report_approve(report=report, actor=users["head"])
    assert services.may_return(report, central) and not services.may_return(report, head)
    assert AgencyReport.objects.get(pk=report.pk).status == Status.APPROVED
