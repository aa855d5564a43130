"""The person complained about can be any staff member (a description, and an account if known): an
account is excluded, a head of the agency sends the case to central's officers only, and the public form
never says whether a name has an account."""

import re

import pytest
from complaint_helpers import officers_with_keys, report_data, submit
from django.test import Client

from thaothiam.complaints.models import Case, CaseExclusion, CaseHolder

pytestmark = pytest.mark.django_db
DESCRIBED = "หัวหน้าฝ่ายปกครอง ชั้น 3 (สมมุติ)"


@pytest.fixture
def officers(users):
    return officers_with_keys(("co-a", "DIS-1001"), ("co-b", "DIS-1001"), ("co-central", None),
                              ("co-central-2", None))


def _holders(case):
    return set(CaseHolder.objects.filter(case=case).values_list("user__username", flat=True))


def test_any_staff_member_by_description_and_account(officers, users):
    users["staff"].email = "Staff.Member@example.org"
    users["staff"].save(update_fields=["email"])
    submit(accused_who=DESCRIBED, accused_account=" staff.member@EXAMPLE.org ")
    case = Case.objects.get()
    assert list(CaseExclusion.objects.filter(case=case).values_list("user__username", flat=True)) == ["staff"]
    assert _holders(case) == {"co-a", "co-b", "co-central", "co-central-2"}  # staff is no officer: routing as usual
    page = officers["co-a"].get(f"/complaints/cases/{case.pk}/").content.decode()
    assert DESCRIBED in page


def test_an_officer_named_by_account_is_excluded_without_the_officer_list(officers):
    submit(accused_account="co-b")
    case = Case.objects.get()
    assert _holders(case) == {"co-a", "co-central", "co-central-2"}
    assert officers["co-b"].get(f"/complaints/cases/{case.pk}/").status_code == 404


def test_a_head_of_the_agency_sends_the_case_to_central_only(officers, users):
    submit(accused_account="head", accused_who="ผู้อำนวยการเขต (สมมุติ)")
    case = Case.objects.get()
    assert _holders(case) == {"co-central", "co-central-2"}
    for name in ("co-a", "co-b"):
        assert officers[name].get(f"/complaints/cases/{case.pk}/").status_code == 404
        assert case.number not in officers[name].get("/complaints/cases/?state=all").content.decode()
    # The head of another agency is just a staff member here: the agency's officers receive it.
    submit(agency="DIS-1001", accused_account="coord-dusit")
    assert _holders(Case.objects.order_by("pk").last()) == {"co-a", "co-b", "co-central", "co-central-2"}


def test_the_form_answers_the_same_whether_or_not_the_name_has_an_account(officers, users):
    def answer(account):
        response = Client().post("/complaints/report/", report_data(accused_account=account))
        assert response.status_code == 200
        html = re.sub(r'data-testid="receipt"[^>]*>[\d ]+<', "", response.content.decode())
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert answer("staff") == answer("no-such-person@example.org") == answer("")
    assert CaseExclusion.objects.count() == 1  # only the real account
