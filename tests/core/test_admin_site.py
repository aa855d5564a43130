from thaothiam.agencies.models import Agency
from thaothiam.core.models import AuditEvent


def test_admin_edits_an_agency_and_the_change_is_audited(client_for):
    agency = Agency.objects.get(code="DIS-1001")
    admin = client_for("admin")
    page = admin.get(f"/admin/agencies/agency/{agency.pk}/change/")
    assert page.status_code == 200
    response = admin.post(
        f"/admin/agencies/agency/{agency.pk}/change/",
        {"name_th": agency.name_th, "name_en": "Phra Nakhon District", "code": agency.code, "kind": agency.kind,
         "parent": "", "geocode": agency.geocode, "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="admin.agency.change")
    assert event.before["name_en"] == "Phra Nakhon District Office"
    assert event.after["name_en"] == "Phra Nakhon District"
    assert event.actor_username == "admin"


def test_audit_log_is_read_only_for_the_admin(client_for):
    admin = client_for("admin")
    assert admin.get("/admin/core/auditevent/").status_code == 200
    assert admin.get("/admin/core/auditevent/add/").status_code == 403


def test_non_admins_cannot_open_the_admin_site(client_for):
    for name in ["central", "executive", "coordinator", "staff"]:
        response = client_for(name).get("/admin/agencies/agency/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
