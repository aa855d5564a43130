"""Decision 0165: a member of staff whose e-mail address is on an imported sign-in sheet sees that
classroom course and its certificate on their own learning page; nobody else does, and nothing that
links the account to the sheet's row is stored."""

import datetime as dt

import pytest

from thaothiam.accounts.models import User
from thaothiam.agencies.models import Agency
from thaothiam.learning.models import Certificate, Completion, Course, Session

pytestmark = pytest.mark.django_db
SHEET = ("name,email,agency,sex\nสมหญิง ใจดี,somying@bma.go.th,DIS-1001,หญิง\n"
         "สมชาย ใจดี,somchai@bma.go.th,DIS-1001,ชาย\n")


@pytest.fixture
def attended(users, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    users["staff"].email = "  SomYing@BMA.go.th"  # as a directory may spell it
    users["staff"].save(update_fields=["email"])
    users["head"].email = "head@bma.go.th"
    users["head"].save(update_fields=["email"])
    course = Course.objects.create(code="cls-gm", kind="classroom", title_th="อบรมการจัดทำงบประมาณที่มีมิติเพศ",
                                   is_published=True)
    session = Session.objects.create(course=course, starts_on=dt.date(2025, 2, 3), ends_on=dt.date(2025, 2, 4),
                                     place_th="ห้องประชุมศาลาว่าการ", capacity=50,
                                     agency=Agency.objects.get(code="DIS-1001"))
    central = client_for("central")
    response = central.post(f"/learning/sessions/{session.pk}/import/",
                            {"file": SimpleUploadedFile("sheet.csv", SHEET.encode(), content_type="text/csv")})
    assert response.status_code == 302
    assert central.post(f"/learning/sessions/{session.pk}/certificates/").status_code == 302
    mine = Certificate.objects.get(completion__name="สมหญิง ใจดี")
    return {"course": course, "certificate": mine, "other": Certificate.objects.get(completion__name="สมชาย ใจดี")}


def _page(client) -> str:
    response = client.get("/learning/mine/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_person_on_the_sheet_sees_the_session_and_downloads_the_certificate(attended, client_for):
    staff = client_for("staff")
    page = _page(staff)
    attended_list = page.split('data-testid="classroom-attended"')[1].split("</ul>")[0]
    assert "อบรมการจัดทำงบประมาณที่มีมิติเพศ" in attended_list and "ห้องประชุมศาลาว่าการ" in attended_list
    certificates = page.split('data-testid="my-certificates"')[1].split("</ul>")[0]
    assert f"/learning/certificates/{attended['certificate'].pk}.pdf" in certificates
    assert f"/learning/certificates/{attended['other'].pk}.pdf" not in certificates  # the man on the same sheet
    response = staff.get(f"/learning/certificates/{attended['certificate'].pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert staff.get(f"/learning/certificates/{attended['other'].pk}.pdf").status_code == 404
    # read at request time, stored nowhere: the sheet's rows are still tied to no account
    assert not Completion.objects.filter(user__isnull=False).exists()


def test_another_person_sees_nothing_of_it(attended, client_for):
    page = _page(client_for("head"))
    assert "อบรมการจัดทำงบประมาณที่มีมิติเพศ" not in page
    assert f"/learning/certificates/{attended['certificate'].pk}.pdf" not in page
    for name in ("head", "nobody"):  # "nobody" has no e-mail address at all
        assert client_for(name).get(f"/learning/certificates/{attended['certificate'].pk}.pdf").status_code == 404


def test_an_account_given_someone_elses_address_too_sees_neither(attended, client_for, users):
    """Two accounts with one address: neither can be told from the other, so neither is shown the sheet."""
    User.objects.create_user(username="impostor", email="somying@bma.go.th", agency=users["staff"].agency)
    for client in (client_for("staff"), _client(User.objects.get(username="impostor"))):
        page = _page(client)
        assert "อบรมการจัดทำงบประมาณที่มีมิติเพศ" not in page
        assert client.get(f"/learning/certificates/{attended['certificate'].pk}.pdf").status_code == 404


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
