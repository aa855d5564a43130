"""The admin role and the admin site never show case content; every opening of content is logged."""

import pytest
from complaint_helpers import make_officer, officers_with_keys, submit
from django.contrib import admin
from django.test import Client

from thaothiam.complaints.models import AccessEntry, Case

pytestmark = pytest.mark.django_db
NARRATIVE = "ADMIN-MUST-NOT-SEE เรื่องลับ"


def test_no_complaint_model_is_registered_in_the_admin_site(reference_data):
    assert not [m for m in admin.site._registry if m._meta.app_label == "complaints"]


def test_the_admin_sees_no_content_anywhere(users, client_for):
    officers_with_keys(("co-local", "DIS-1001"), ("co-central", None))
    submit(narrative=NARRATIVE)
    case = Case.objects.get()
    admin_client = client_for("admin")
    for path in ("/admin/", "/admin/accounts/user/", "/admin/core/auditevent/", f"/complaints/cases/{case.pk}/",
                 "/complaints/cases/", "/complaints/access-log/", f"/admin/complaints/case/{case.pk}/change/"):
        response = admin_client.get(path)
        assert NARRATIVE not in response.content.decode(), path
        if path.startswith("/complaints/") or "/complaints/" in path:
            assert response.status_code in (403, 404), path  # no role for the cases, no model in the admin


def test_every_opening_of_content_writes_an_append_only_access_row(reference_data):
    clients = officers_with_keys(("co-local", "DIS-1001"), ("co-central", None))
    submit()
    case = Case.objects.get()
    for _n in range(3):
        clients["co-local"].get(f"/complaints/cases/{case.pk}/")
    clients["co-central"].get(f"/complaints/cases/{case.pk}/")
    rows = list(AccessEntry.objects.filter(case=case).order_by("pk").values_list("user__username", "what"))
    assert rows == [("co-local", "case")] * 3 + [("co-central", "case")]
    entry = AccessEntry.objects.first()
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    # Central's complaint officers read the log; an agency's officer may not.
    log = clients["co-central"].get("/complaints/access-log/")
    assert log.status_code == 200 and log.content.decode().count(case.number) == 4
    refused = clients["co-local"].get("/complaints/access-log/")
    assert refused.status_code == 302 and refused["Location"] == "/complaints/cases/"


def test_an_officer_without_a_key_is_not_given_cases_and_is_asked_to_set_one_up(reference_data):
    officers_with_keys(("co-central", None), ("co-central-2", None))
    make_officer("co-late", "DIS-1001")  # never signed in: no key yet
    submit()
    late = Client()
    from django.contrib.auth import get_user_model

    late.force_login(get_user_model().objects.get(username="co-late"))
    page = late.get("/complaints/cases/").content.decode()
    assert Case.objects.get().number not in page and "/complaints/key/" in page
