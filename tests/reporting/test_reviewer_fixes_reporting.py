"""Reviewer's findings on the reporting side: text indicators refuse a numeric roll-up (model, form,
data migration), 404 for another agency's objects for every role, activity maxima, English labels."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from reporting_helpers import activity_post

from thaothiam.plans.models import Indicator, PlanItem, Target
from thaothiam.reporting import services
from thaothiam.reporting.models import Activity

# --- 3. text indicators ----------------------------------------------------------------------------


def test_the_model_refuses_a_numeric_rule_for_a_text_indicator(reference_data):
    findings = Indicator.objects.get(code="3-3-findings")
    assert findings.aggregation == Indicator.Aggregation.REPORTED
    assert not Target.objects.filter(indicator=findings).exists()
    for rule in ("sum", "mean", "share"):
        findings.aggregation = rule
        with pytest.raises(ValidationError) as error:
            findings.full_clean()
        assert "aggregation" in error.value.message_dict
    counted = Indicator.objects.get(code="1-1-courses")
    counted.aggregation = Indicator.Aggregation.REPORTED
    with pytest.raises(ValidationError):
        counted.full_clean()


@pytest.mark.parametrize(("language", "message"), [
    ("th", "ตัวชี้วัดแบบข้อความไม่มีการรวมผลเป็นตัวเลข"), ("en", "A text indicator has no numeric roll-up")])
def test_the_indicator_form_explains_the_text_rule(client_for, reference_data, language, message):
    client = client_for("central")
    client.cookies["django_language"] = language
    item = PlanItem.objects.get(pillar__number=3, number=3, pillar__plan__is_current=True)
    response = client.post("/plan/indicators/new/", {
        "item": item.pk, "number": 7, "code": "3-3-notes", "name_th": "ข้อสังเกต", "kind": "text",
        "disaggregation": "none", "aggregation": "share", "direction": "up", "is_active": "on"})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Indicator.objects.filter(code="3-3-notes").exists()


@pytest.mark.django_db(transaction=True)
def test_migration_0005_corrects_an_already_migrated_database():
    from thaothiam.agencies.models import Agency
    from thaothiam.core.demodata import load_reference_data

    if not Indicator.objects.exists() or not Agency.objects.exists():
        load_reference_data()  # an earlier transactional test may have flushed what the migrations loaded
    executor = MigrationExecutor(connection)
    executor.migrate([("plans", "0004_load_default_indicators")])
    old = MigrationExecutor(connection).loader.project_state([("plans", "0004_load_default_indicators")]).apps
    OldIndicator, OldTarget = old.get_model("plans", "Indicator"), old.get_model("plans", "Target")  # noqa: N806
    findings = OldIndicator.objects.get(code="3-3-findings")
    assert findings.aggregation == "share"  # what databases migrated before the fix hold
    OldTarget.objects.create(indicator=findings, fy=2568, value=100)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    findings = Indicator.objects.get(code="3-3-findings")
    assert findings.aggregation == "reported" and not findings.targets.exists()


# --- 6. another agency's objects: 404 for every role (and nothing confirms they exist) ---------------

@pytest.fixture
def foreign(fy_rounds, other_agency, users, item_11):
    """DIS-1002's report with an activity: none of the DIS-1001 users may see it."""
    report = services.report_start(round_=fy_rounds[1], agency=other_agency, actor=users["other_coordinator"])
    services.activity_save(report=report, actor=users["other_coordinator"], activity=None, data={
        "kind": "training", "plan_item": item_11, "title": "อบรม", "start_date": report.round.period.start,
        "end_date": report.round.period.start, "outcome": "", "links": ""})
    return report, Activity.objects.get(report=report)


SUB_URLS = [("get", "reports/{r}/"), ("post", "reports/{r}/summary/"), ("get", "reports/{r}/activities/new/"),
            ("get", "reports/{r}/values/"), ("post", "reports/{r}/submit/"), ("post", "reports/{r}/approve/"),
            ("post", "reports/{r}/return/"), ("post", "reports/{r}/accept/"), ("post", "reports/{r}/reopen/"),
            ("get", "activities/{a}/"), ("post", "activities/{a}/delete/"), ("post", "activities/{a}/evidence/")]


@pytest.mark.parametrize("role", ["head", "coordinator", "staff"])
def test_another_agencys_report_answers_like_a_missing_one(client_for, foreign, role):
    report, activity = foreign
    client = client_for(role)
    for method, url in SUB_URLS:
        real = getattr(client, method)("/reporting/" + url.format(r=report.pk, a=activity.pk))
        missing = getattr(client, method)("/reporting/" + url.format(r=999999, a=999999))
        assert real.status_code == missing.status_code, (role, url)
        if role != "staff":  # staff have no reporting role at all: 403 whatever the id
            assert real.status_code == 404, (role, url)
    start = client.post(f"/reporting/agencies/{report.agency_id}/rounds/{report.round_id}/start/")
    assert start.status_code == (403 if role == "staff" else 404)


def test_a_head_may_read_but_not_act_for_the_coordinator_on_own_report(client_for, report):
    head = client_for("head")
    assert head.get(f"/reporting/reports/{report.pk}/").status_code == 200
    assert head.post(f"/reporting/reports/{report.pk}/summary/", {"summary": "x"}).status_code == 403


# --- 7. sensible maxima for the activity form -------------------------------------------------------

@pytest.mark.parametrize(("overrides", "th", "en"), [
    ({"female": "1000001"}, "ต้องไม่เกิน 1,000,000 คน", "Must not be more than 1,000,000 people."),
    ({"budget": "10000000000.01"}, "งบประมาณต้องไม่เกิน 10,000,000,000 บาท",
     "The budget must not be more than 10,000,000,000 THB."),
    ({"male": "99999999999999999999"}, "ต้องไม่เกิน 1,000,000 คน", "Must not be more than 1,000,000 people."),
])
def test_oversized_numbers_get_a_clear_message(client_for, report, item_11, overrides, th, en):
    for language, message in (("th", th), ("en", en)):
        client = client_for("coordinator")
        client.cookies["django_language"] = language
        html = client.post(f"/reporting/reports/{report.pk}/activities/new/",
                           activity_post(item_11, **overrides)).content.decode()
        assert message in html and "9223372036854775807" not in html and "2147483647" not in html
    assert not Activity.objects.exists()


def test_the_largest_allowed_numbers_are_saved(client_for, report, item_11):
    response = client_for("coordinator").post(f"/reporting/reports/{report.pk}/activities/new/", activity_post(
        item_11, female="1000000", male="0", budget="10000000000.00"))
    assert response.status_code == 302
    assert Activity.objects.get().female == 1_000_000


# --- 4. English pages ---------------------------------------------------------------------------------

def test_english_report_page_has_capitalised_headers_and_labels_free_text(client_for, report, item_11):
    client = client_for("coordinator")
    client.post(f"/reporting/reports/{report.pk}/activities/new/", activity_post(item_11))
    client.cookies["django_language"] = "en"
    html = client.get(f"/reporting/reports/{report.pk}/").content.decode()
    assert '<th scope="col">Plan item</th>' in html and ">plan item<" not in html
    assert "Outcome:" in html  # the agency's own words, labelled as such
    client.cookies["django_language"] = "th"
    html = client.get(f"/reporting/reports/{report.pk}/").content.decode()
    assert '<th scope="col">แผนงาน</th>' in html and "ผลการดำเนินงาน:" in html


@pytest.mark.parametrize("app", ["reporting", "reports", "plans"])
def test_every_message_of_the_app_is_translated(app):
    from pathlib import Path

    import thaothiam

    po = (Path(thaothiam.__file__).parent / app / "locale/th/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]
    empty = [e for e in entries if e.rstrip().endswith('msgstr ""') and not e.lstrip().startswith("#~")]
    assert not empty, empty[:3]
    assert not [e for e in entries if "#, fuzzy" in e]
