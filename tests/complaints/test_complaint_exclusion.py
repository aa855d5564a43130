"""Conflict of interest: an excluded officer never gets the key, gets 404 and finds the case in no list or count."""

import pytest
from complaint_helpers import officers_with_keys, sign_in, submit
from django.contrib.auth import get_user_model

from thaothiam.complaints.models import Case, CaseHolder

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(reference_data):
    return officers_with_keys(("co-a", "DIS-1001"), ("co-b", "DIS-1001"), ("co-central", None),
                              ("co-central-2", None))


def _pk(username):
    return str(get_user_model().objects.get(username=username).pk)


def test_excluded_and_accused_officers_never_hold_the_case_and_get_404(officers):
    for _n in range(5):  # enough cases that the trends page shows the count
        submit(excluded=[_pk("co-a")])
    submit(accused=_pk("co-b"), excluded=[_pk("co-a")])
    case = Case.objects.order_by("pk").last()
    holders = set(CaseHolder.objects.filter(case=case).values_list("user__username", flat=True))
    assert holders == {"co-central", "co-central-2"}  # every agency officer excluded → central only
    for name in ("co-a", "co-b"):
        client = officers[name]
        assert client.get(f"/complaints/cases/{case.pk}/").status_code == 404
        assert client.get(f"/complaints/cases/{case.pk}/files/1/").status_code == 404
        assert client.post(f"/complaints/cases/{case.pk}/message/", {"text": "x"}).status_code == 404
        listing = client.get("/complaints/cases/?state=all").content.decode()
        assert case.number not in listing
    # co-a is excluded from all six: no list and no home-card count shows them.
    from thaothiam.complaints.home import card

    class Request:
        user = get_user_model().objects.get(username="co-a")

    assert card(Request())["open"] == 0
    # Every figure is the same for every viewer (perturbed per case): the excluded officers' trends pages
    # are byte-for-byte the figures central sees, so comparing pages (or the dashboard) tells them nothing.
    figures = {name: _figures(officers[name].get(f"/complaints/trends/?fy={case.fiscal_year}"))
               for name in ("co-a", "co-b", "co-central")}
    assert figures["co-a"] == figures["co-b"] == figures["co-central"]


def _figures(response) -> list[str]:
    import re

    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'<td class="num">([^<]*)</td>', html) + re.findall(r'data-figure="[^"]+">([^<]*)<', html)


def test_a_holder_cannot_give_the_case_to_an_excluded_officer(officers):
    submit(excluded=[_pk("co-a")])
    case = Case.objects.get()
    response = officers["co-central"].post(f"/complaints/cases/{case.pk}/grant/", {"officer": _pk("co-a")})
    assert response.status_code == 302
    assert not CaseHolder.objects.filter(case=case, user__username="co-a").exists()


def test_a_holder_gives_the_case_to_a_new_officer_who_can_then_read_it(officers):
    submit(narrative="ข้อความที่ต้องส่งต่อให้เจ้าหน้าที่ใหม่")
    case = Case.objects.get()
    from complaint_helpers import make_officer

    make_officer("co-new", "DIS-1001")
    newcomer = sign_in("co-new")
    assert newcomer.get(f"/complaints/cases/{case.pk}/").status_code == 404  # routed before they had a key
    officers["co-a"].post(f"/complaints/cases/{case.pk}/grant/", {"officer": _pk("co-new")})
    assert "ข้อความที่ต้องส่งต่อให้เจ้าหน้าที่ใหม่" in newcomer.get(f"/complaints/cases/{case.pk}/").content.decode()


def test_a_password_reset_gives_a_new_key_pair_and_the_cases_must_be_given_again(officers):
    submit()
    case = Case.objects.get()
    user = get_user_model().objects.get(username="co-a")
    user.set_password("a-new-password-123")  # an administrator's reset: the old password is gone
    user.save()
    client = sign_in("co-a", "a-new-password-123")
    assert client.get("/complaints/cases/").status_code == 200
    client.post("/complaints/key/", {"action": "setup", "secret": "a-new-password-123"})
    assert not CaseHolder.objects.filter(case=case, user=user).exists()
    assert client.get(f"/complaints/cases/{case.pk}/").status_code == 404
    assert CaseHolder.objects.filter(case=case).count() == 3  # still held by co-b and central's two
    officers["co-central"].post(f"/complaints/cases/{case.pk}/grant/", {"officer": str(user.pk)})
    assert client.get(f"/complaints/cases/{case.pk}/").status_code == 200


def test_a_password_change_keeps_the_key_with_the_previous_password(officers):
    submit()
    case = Case.objects.get()
    user = get_user_model().objects.get(username="co-b")
    user.set_password("changed-password-456")
    user.save()
    client = sign_in("co-b", "changed-password-456")
    assert client.get(f"/complaints/cases/{case.pk}/").status_code == 302  # key locked under the old password
    client.post("/complaints/key/", {"action": "recover", "previous": "demo", "current": "changed-password-456"})
    assert client.get(f"/complaints/cases/{case.pk}/").status_code == 200
    again = sign_in("co-b", "changed-password-456")  # the next sign-in opens it directly
    assert again.get(f"/complaints/cases/{case.pk}/").status_code == 200


def test_an_officer_of_another_agency_who_is_staff_here_cannot_be_given_the_case(officers):
    """Role and agency on one grant: a complaint officer of DIS-1002 who is also staff of DIS-1001 is not
    an officer of a DIS-1001 case, so they are never offered as someone to grant it to."""
    from complaint_helpers import make_officer

    from thaothiam.accounts.models import Role, RoleGrant
    from thaothiam.agencies.models import Agency
    from thaothiam.complaints.selectors import grantable_officers

    elsewhere = make_officer("co-dusit", "DIS-1002")
    RoleGrant.objects.create(user=elsewhere, role=Role.STAFF, agency=Agency.objects.get(code="DIS-1001"))
    sign_in("co-dusit")  # creates their key
    submit()
    case = Case.objects.order_by("pk").last()
    offered = {user.username for user in grantable_officers(case)}
    assert "co-dusit" not in offered
    assert offered <= {"co-a", "co-b", "co-central", "co-central-2"}


def test_an_excluded_officer_learns_nothing_by_comparing_counts(officers):
    """The attacker is co-b, named in one case: every figure they can open is the same whether or not
    they are excluded from it (what differs is only the case list they hold, which omits it)."""
    for _n in range(6):
        submit()
    submit(accused=_pk("co-b"))
    accused_case = Case.objects.order_by("pk").last()
    fy = accused_case.fiscal_year
    pages = [f"/complaints/trends/?fy={fy}", "/complaints/trends/", "/"]

    def seen() -> list:
        return [_figures(officers["co-b"].get(path)) if "trends" in path else officers["co-b"].get(path).status_code
                for path in pages]

    excluded = seen()
    from thaothiam.complaints.models import CaseExclusion

    CaseExclusion.objects.filter(case=accused_case).delete()  # the world in which co-b was not named
    assert seen() == excluded
    trends = officers["co-b"].get(f"/complaints/trends/?fy={fy}").content.decode()
    assert "ทุกหน่วยงานของกรุงเทพมหานคร" in trends  # not their agency's own count beside their list
