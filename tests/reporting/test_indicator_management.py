"""Central manages indicators and targets; the default set covers all 12 plan items of the seed."""

from thaothiam.core.models import AuditEvent
from thaothiam.plans.models import Indicator, PlanItem, Target


def test_default_indicators_cover_every_plan_item(reference_data):
    items = PlanItem.objects.filter(pillar__plan__is_current=True)
    assert items.count() == 12
    assert set(Indicator.objects.values_list("item_id", flat=True)) == set(items.values_list("pk", flat=True))
    assert Indicator.objects.filter(disaggregation="sex_gender").exists()
    assert set(Indicator.objects.values_list("aggregation", flat=True)) == {"sum", "mean", "share", "reported"}
    trained = Indicator.objects.get(code="1-1-trained")
    assert trained.name_en and trained.name_th
    assert Target.objects.get(indicator=trained, fy=2568, agency__isnull=True).value == 3000


def test_central_adds_an_indicator_and_sets_targets(client_for, reference_data):
    client = client_for("central")
    item = PlanItem.objects.get(pillar__number=2, number=2, pillar__plan__is_current=True)
    bad = client.post("/plan/indicators/new/", {"item": item.pk, "number": 5, "code": "2-2-yes", "name_th": "มีแนวปฏิบัติ",
                                                "kind": "yesno", "disaggregation": "sex", "aggregation": "share",
                                                "direction": "up", "is_active": "on"})
    assert "จำแนกตามเพศได้เฉพาะตัวชี้วัดที่นับจำนวนคน" in bad.content.decode()
    response = client.post("/plan/indicators/new/", {"item": item.pk, "number": 5, "code": "2-2-yes",
                                                     "name_th": "มีแนวปฏิบัติ", "kind": "yesno", "disaggregation": "none",
                                                     "aggregation": "share", "direction": "up", "is_active": "on"})
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="2-2-yes")
    client.post(f"/plan/indicators/{indicator.pk}/targets/", {"fy": 2569, "value": "75", "agency_default": "1"})
    assert Target.objects.get(indicator=indicator, fy=2569, agency__isnull=True).value == 75
    negative = client.post(f"/plan/indicators/{indicator.pk}/targets/", {"fy": 2570, "value": "-1"})
    assert "ต้องไม่ติดลบ" in negative.content.decode()
    assert AuditEvent.objects.filter(action__in=["plan.indicator.create", "plan.target.set"]).count() == 2


def test_only_central_manages_indicators(client_for, reference_data):
    assert client_for("coordinator").get("/plan/indicators/").status_code == 403
    assert client_for("executive").post("/plan/indicators/new/", {}).status_code == 403
