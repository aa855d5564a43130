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


def test_admin_adds_a_user_and_sets_a_password(client_for, users):
    from thaothiam.accounts.models import User

    admin = client_for("admin")
    assert admin.get("/admin/accounts/user/add/").status_code == 200
    response = admin.post("/admin/accounts/user/add/", {
        "username": "new-coordinator", "password1": "Str0ng-Passw0rd-2568", "password2": "Str0ng-Passw0rd-2568",
        "usable_password": "true", "_save": "Save",
        "grants-TOTAL_FORMS": "1", "grants-INITIAL_FORMS": "0",
        "grants-0-role": "coordinator", "grants-0-agency": str(Agency.objects.get(code="DIS-1003").pk),
    })
    import re
    assert response.status_code == 302, re.findall(r'errorlist[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    user = User.objects.get(username="new-coordinator")
    assert list(user.grants.values_list("role", "agency__code")) == [("coordinator", "DIS-1003")]
    event = AuditEvent.objects.get(action="role.grant", object_repr__contains="new-coordinator")
    assert event.actor == users["admin"] and event.after == {"role": "coordinator", "agency": "DIS-1003"}
    page = admin.get(f"/admin/accounts/user/{user.pk}/password/")
    assert page.status_code == 200
    response = admin.post(f"/admin/accounts/user/{user.pk}/password/", {
        "password1": "An0ther-Passw0rd-2569", "password2": "An0ther-Passw0rd-2569", "set_usable_password": "true",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.check_password("An0ther-Passw0rd-2569")


def test_admin_views_stay_closed_to_other_roles(client_for):
    response = client_for("central").get("/admin/accounts/user/add/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_grants_and_revokes_through_the_services(client_for, users):
    """A grant made in the admin is the same audited write as role_grant: the admin role brings
    is_staff, and removing it takes is_staff away again."""
    target = users["staff"]
    admin = client_for("admin")
    url = f"/admin/accounts/user/{target.pk}/change/"
    existing = list(target.grants.all())
    base = {
        "username": target.username, "first_name": "", "last_name": "", "email": "",
        "agency": str(target.agency_id), "is_active": "on", "_save": "Save",
        "grants-INITIAL_FORMS": str(len(existing)),
    }
    for index, grant in enumerate(existing):
        base |= {f"grants-{index}-id": str(grant.pk), f"grants-{index}-user": str(target.pk),
                 f"grants-{index}-role": grant.role, f"grants-{index}-agency": str(grant.agency_id or "")}
    new_index = len(existing)
    response = admin.post(url, base | {"grants-TOTAL_FORMS": str(new_index + 1),
                                       f"grants-{new_index}-role": "admin", f"grants-{new_index}-agency": ""})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.is_staff and target.grants.filter(role="admin").exists()
    assert AuditEvent.objects.filter(action="role.grant", object_repr__contains=target.username).exists()
    admin_grant = target.grants.get(role="admin")
    rows = list(target.grants.order_by("pk"))
    form = base | {"grants-TOTAL_FORMS": str(len(rows)), "grants-INITIAL_FORMS": str(len(rows))}
    for index, grant in enumerate(rows):
        form |= {f"grants-{index}-id": str(grant.pk), f"grants-{index}-user": str(target.pk),
                 f"grants-{index}-role": grant.role, f"grants-{index}-agency": str(grant.agency_id or "")}
        if grant.pk == admin_grant.pk:
            form[f"grants-{index}-DELETE"] = "on"
    assert admin.post(url, form).status_code == 302
    target.refresh_from_db()
    assert not target.is_staff and not target.grants.filter(role="admin").exists()
    assert AuditEvent.objects.filter(action="role.revoke", object_repr__contains=target.username).exists()
