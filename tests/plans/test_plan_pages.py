from django.test import Client

from thaothiam.core.models import AuditEvent
from thaothiam.plans.models import Pillar, PlanItem


def test_public_home_in_thai_shows_policy_pillars_and_items(db, django_assert_max_num_queries):
    # 4 for the plan, 2 for "results so far" (the latest released opinion survey, the latest year of
    # accepted promotion activities: none here).
    with django_assert_max_num_queries(6):
        response = Client().get("/")
    body = response.content.decode()
    assert response.status_code == 200 and '<html lang="th">' in body
    assert "หน่วยงาน กทม. เข้าใจ สนับสนุนความเท่าเทียม และยอมรับความหลากหลายทางเพศ" in body
    for pillar in ["ระดับบุคคล", "กลไกการทำงาน", "สภาพแวดล้อมการทำงาน"]:
        assert pillar in body
    assert "จัดทำและพัฒนาระบบฐานข้อมูลจำแนกเพศ" in body
    assert "18 มิถุนายน 2565" in body
    assert "<script" not in body.split("</main>")[0]  # the content needs no JavaScript


def test_public_home_in_english(db):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "Individual" in body and "Work environment" in body
    assert "Publicise the complaint channels" in body and "18 June 2022" in body


def test_plan_is_the_seed(db):
    counts = {p.number: p.items.count() for p in Pillar.objects.all()}
    assert counts == {1: 4, 2: 5, 3: 3}
    assert PlanItem.objects.get(pillar__number=2, number=5).name_en.startswith("Build and develop a sex-disaggregated")


def test_central_edits_a_plan_item_and_it_is_audited(client_for):
    item = PlanItem.objects.get(pillar__number=3, number=2)
    response = client_for("central").post(
        f"/plan/items/{item.pk}/edit/",
        {"name_th": "ประชาสัมพันธ์ช่องทางการร้องเรียนให้ทั่วถึง", "name_en": item.name_en,
         "description_th": "", "description_en": ""},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.name_th == "ประชาสัมพันธ์ช่องทางการร้องเรียนให้ทั่วถึง"
    event = AuditEvent.objects.get(action="plan.item.update")
    assert event.before == {"name_th": "ประชาสัมพันธ์ช่องทางการร้องเรียน"}
    assert event.actor_username == "central"


def test_edit_refuses_empty_name_and_changes_nothing(client_for):
    item = PlanItem.objects.get(pillar__number=1, number=1)
    response = client_for("central").post(f"/plan/items/{item.pk}/edit/", {"name_th": "", "name_en": "x"})
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    item.refresh_from_db()
    assert item.name_th.startswith("ส่งเสริมศักยภาพ")
    assert not AuditEvent.objects.filter(action="plan.item.update").exists()


def test_coordinator_cannot_edit_the_plan(client_for):
    item = PlanItem.objects.first()
    assert client_for("coordinator").post(f"/plan/items/{item.pk}/edit/", {"name_th": "x"}).status_code == 403


def test_thai_is_the_default_even_for_an_english_browser(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/")
    assert '<html lang="th">' in response.content.decode() and response["Content-Language"] == "th"
