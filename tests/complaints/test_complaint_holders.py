"""At least two holders per case; taking an officer off a case; an officer leaving the channel (holders.py)."""

import pytest
from complaint_helpers import make_officer, officers_with_keys, report_data, sign_in, submit
from django.contrib.auth import get_user_model
from django.test import Client

from thaothiam.accounts.models import Role
from thaothiam.agencies.models import Agency
from thaothiam.complaints import holders
from thaothiam.complaints.models import Case, CaseEvent, CaseHolder, OfficerKey
from thaothiam.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _user(name):
    return get_user_model().objects.get(username=name)


def test_a_report_one_officer_alone_would_hold_is_refused_whole(reference_data):
    officers_with_keys(("co-central", None))
    response = Client().post("/complaints/report/", report_data())
    assert response.status_code == 503 and "อย่างน้อยสองคน" in response.content.decode()
    assert not Case.objects.exists()
    officers_with_keys(("co-local", "DIS-1001"))
    submit()
    assert CaseHolder.objects.filter(case=Case.objects.get()).count() == 2
    # Naming the only agency officer leaves central's one officer: refused rather than held once.
    response = Client().post("/complaints/report/", report_data(accused=str(_user("co-local").pk)))
    assert response.status_code == 503 and Case.objects.count() == 1


def test_taking_an_officer_off_a_case_keeps_two_holders(reference_data):
    clients = officers_with_keys(("co-local", "DIS-1001"), ("co-central", None), ("co-central-2", None))
    submit()
    case = Case.objects.get()
    url = f"/complaints/cases/{case.pk}/holders/remove/"
    clients["co-central"].post(url, {"user": _user("co-local").pk})
    assert not CaseHolder.objects.filter(case=case, user__username="co-local").exists()
    assert clients["co-local"].get(f"/complaints/cases/{case.pk}/").status_code == 404
    assert CaseEvent.objects.filter(case=case, action="holder_removed").count() == 1
    refused = clients["co-central"].post(url, {"user": _user("co-central-2").pk}, follow=True).content.decode()
    assert "อย่างน้อยสองคน" in refused and case.number in refused
    assert CaseHolder.objects.filter(case=case).count() == 2
    # Someone who does not hold the case cannot take anyone off it (404, as for a missing case).
    assert clients["co-local"].post(url, {"user": _user("co-central").pk}).status_code == 404


def test_an_officer_who_leaves_loses_every_wrap_key_and_grant_after_their_cases_are_covered(reference_data):
    clients = officers_with_keys(("co-a", "DIS-1001"), ("co-central", None), ("co-central-2", None))
    submit()  # held by co-a, co-central, co-central-2
    clients["co-central-2"].post("/complaints/officers/", {"user": _user("co-central").pk})
    assert not CaseHolder.objects.filter(user__username="co-central").exists()
    case = Case.objects.get()
    # Now co-a and co-central-2 hold it: co-a may not leave until the case is given to someone else.
    page = clients["co-central-2"].post("/complaints/officers/", {"user": _user("co-a").pk}, follow=True)
    assert "อย่างน้อยสองคน" in page.content.decode() and case.number in page.content.decode()
    assert OfficerKey.objects.filter(user__username="co-a").exists()
    officers_with_keys(("co-b", "DIS-1001"))
    clients["co-a"].post(f"/complaints/cases/{case.pk}/grant/", {"officer": _user("co-b").pk})
    assert CaseHolder.objects.filter(case=case).count() == 3
    clients["co-central-2"].post("/complaints/officers/", {"user": _user("co-a").pk})
    co_a = _user("co-a")
    assert not CaseHolder.objects.filter(user=co_a).exists() and not OfficerKey.objects.filter(user=co_a).exists()
    assert not co_a.grants.filter(role=Role.COMPLAINT_OFFICER).exists()
    assert AuditEvent.objects.filter(action="complaints.officer_removed").count() == 2
    assert CaseEvent.objects.filter(case=case, action="holder_removed").count() == 2
    # Their password opens nothing any more: no key, no case, no role.
    again = sign_in("co-a")
    assert again.get(f"/complaints/cases/{case.pk}/").status_code in (403, 404)
    assert not OfficerKey.objects.filter(user=co_a).exists()


def test_only_central_officers_manage_holders_and_nobody_removes_themselves(reference_data):
    clients = officers_with_keys(("co-local", "DIS-1001"), ("co-central", None))
    assert clients["co-local"].get("/complaints/officers/")["Location"] == "/complaints/cases/"
    clients["co-local"].post("/complaints/officers/", {"user": _user("co-central").pk})
    assert OfficerKey.objects.filter(user__username="co-central").exists()
    clients["co-central"].post("/complaints/officers/", {"user": _user("co-central").pk})
    assert OfficerKey.objects.filter(user__username="co-central").exists()
    page = clients["co-central"].get("/complaints/officers/").content.decode()
    assert 'data-testid="not-ready"' in page and Agency.objects.get(code="DIS-1001").name in page


def test_an_agency_is_ready_with_two_keyed_officers_of_its_own(reference_data):
    home = Agency.objects.get(code="DIS-1001")
    officers_with_keys(("co-central", None), ("co-a", "DIS-1001"))
    make_officer("co-b", "DIS-1001")  # no key yet
    assert not holders.agency_ready(home)
    sign_in("co-b")
    assert holders.agency_ready(home)
    assert home not in [a for a, _n in holders.agencies_not_ready()]
