"""Signing in through a real OpenID provider (its own process), authorization-code flow end to end."""

import pytest

from thaothiam.accounts.models import DirectoryAccount, Role, RoleGrant, RoleMapping, User
from thaothiam.agencies.models import Agency
from thaothiam.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SOMSRI = {"password": "pw-somsri", "agency": "DIS-1001", "groups": ["bma-staff"], "given_name": "สมศรี",
          "family_name": "ใจงาม", "email": "somsri@bangkok.go.th"}


def grants_of(user) -> set[tuple[str, str | None]]:
    return {(g.role, g.agency.code if g.agency else None) for g in user.grants.select_related("agency")}


def test_first_sign_in_creates_a_staff_account_of_the_agency_and_lands_on_my_page(oidc, client, reference_data):
    oidc.people(somsri=SOMSRI)
    response = oidc.sign_in(client, "somsri", "pw-somsri")
    assert response.status_code == 302 and response["Location"] == "/accounts/me/"
    user = User.objects.get(username="somsri")
    assert user.agency.code == "DIS-1001" and user.first_name == "สมศรี" and not user.has_usable_password()
    assert grants_of(user) == {(Role.STAFF, "DIS-1001")}
    assert DirectoryAccount.objects.get(user=user).subject == "bma-somsri"
    page = client.get("/accounts/me/")
    assert page.status_code == 200 and "สมศรี" in page.content.decode()
    actions = set(AuditEvent.objects.filter(object_id=str(user.pk)).values_list("action", flat=True))
    assert {"user.create", "directory.link", "role.grant"} <= actions


def test_the_login_page_offers_the_directory_button_only_when_oidc_is_on(client, settings, reference_data):
    settings.THAOTHIAM_OIDC_ENABLED = False
    assert 'data-testid="oidc-sign-in"' not in client.get("/accounts/login/").content.decode()
    assert client.get("/accounts/oidc/authenticate/").status_code == 404
    settings.THAOTHIAM_OIDC_ENABLED = True
    page = client.get("/accounts/login/").content.decode()
    assert 'data-testid="oidc-sign-in"' in page and "เข้าสู่ระบบด้วยบัญชี กทม." in page
    assert 'name="password"' in page  # local passwords stay


def test_a_wrong_password_at_the_provider_signs_nobody_in(oidc, client, reference_data):
    oidc.people(somsri=SOMSRI)
    assert oidc.sign_in(client, "somsri", "wrong") is None
    assert not User.objects.filter(username="somsri").exists()


def test_next_is_kept_through_the_round_trip(oidc, client, reference_data):
    oidc.people(somsri=SOMSRI)
    response = oidc.sign_in(client, "somsri", "pw-somsri", next_url="/surveys/")
    assert response["Location"] == "/surveys/"


def test_a_group_grants_a_privileged_role_only_through_an_explicit_mapping(oidc, client, reference_data):
    oidc.people(somsri={**SOMSRI, "groups": ["ge-coordinators", "admin", "central"]})
    oidc.sign_in(client, "somsri", "pw-somsri")
    user = User.objects.get(username="somsri")
    assert grants_of(user) == {(Role.STAFF, "DIS-1001")}  # groups named like roles grant nothing by themselves

    RoleMapping.objects.create(attribute="groups", value="GE-Coordinators", role=Role.COORDINATOR,
                               scope=RoleMapping.Scope.OWN, grants_privileged=True)
    client.logout()
    oidc.sign_in(client, "somsri", "pw-somsri")
    assert grants_of(user) == {(Role.STAFF, "DIS-1001"), (Role.COORDINATOR, "DIS-1001")}
    assert client.get("/workforce/import/").status_code == 200  # the coordinator's page opens


def test_moving_agency_or_leaving_a_group_moves_the_grants_and_keeps_manual_ones(oidc, client, reference_data):
    RoleMapping.objects.create(attribute="groups", value="ge-coordinators", role=Role.COORDINATOR,
                               scope=RoleMapping.Scope.OWN, grants_privileged=True)
    oidc.people(somsri={**SOMSRI, "groups": ["ge-coordinators"]})
    oidc.sign_in(client, "somsri", "pw-somsri")
    user = User.objects.get(username="somsri")
    RoleGrant.objects.create(user=user, role=Role.EXECUTIVE, agency=None)  # granted by hand by the administrator

    oidc.person("somsri", agency="DIS-1002", groups=[])
    client.logout()
    oidc.sign_in(client, "somsri", "pw-somsri")
    user.refresh_from_db()
    assert user.agency.code == "DIS-1002"
    assert grants_of(user) == {(Role.STAFF, "DIS-1002"), (Role.EXECUTIVE, None)}
    revokes = AuditEvent.objects.filter(action="role.revoke", object_id=str(user.pk)).count()
    assert revokes == 2  # staff and coordinator of DIS-1001, both through role_revoke


def test_an_agency_attribute_value_is_translated_by_the_agency_mapping(oidc, client, reference_data):
    from thaothiam.accounts.models import AgencyMapping

    AgencyMapping.objects.create(value="50-Dusit", agency=Agency.objects.get(code="DIS-1002"))
    oidc.people(somsri={**SOMSRI, "agency": "50-dusit"})
    oidc.sign_in(client, "somsri", "pw-somsri")
    assert User.objects.get(username="somsri").agency.code == "DIS-1002"


def test_no_known_agency_refuses_the_sign_in_with_a_thai_message(oidc, client, reference_data):
    oidc.people(somsri={**SOMSRI, "agency": "NOWHERE"})
    response = oidc.sign_in(client, "somsri", "pw-somsri")
    assert response["Location"] == "/accounts/login/"
    assert not User.objects.filter(username="somsri").exists()
    page = client.get("/accounts/login/").content.decode()
    assert "ไม่ได้ระบุหน่วยงาน" in page


def test_leaving_the_directory_disables_the_account_and_its_session(oidc, client, reference_data):
    oidc.people(somsri=SOMSRI)
    oidc.sign_in(client, "somsri", "pw-somsri")
    assert client.get("/accounts/me/").status_code == 200
    # HR moves her out of the BMA: the directory keeps her login but no agency any more.
    oidc.person("somsri", agency="")
    other = type(client)()
    oidc.sign_in(other, "somsri", "pw-somsri")
    user = User.objects.get(username="somsri")
    assert not user.is_active and user.directory_account.left_at is not None
    assert not user.grants.exists()
    assert client.get("/accounts/me/").status_code == 302  # the old session is signed out too
    assert AuditEvent.objects.filter(action="directory.leave", object_id=str(user.pk)).exists()
    # She comes back: the next sign-in enables the account again.
    oidc.person("somsri", agency="DIS-1001")
    oidc.sign_in(other, "somsri", "pw-somsri")
    user.refresh_from_db()
    assert user.is_active and grants_of(user) == {(Role.STAFF, "DIS-1001")}


def test_an_account_disabled_by_the_administrator_stays_disabled(oidc, client, reference_data):
    oidc.people(somsri=SOMSRI)
    oidc.sign_in(client, "somsri", "pw-somsri")
    User.objects.filter(username="somsri").update(is_active=False)
    client.logout()
    response = oidc.sign_in(client, "somsri", "pw-somsri")
    assert response["Location"] == "/accounts/login/"
    assert client.get("/accounts/me/").status_code == 302


def test_a_directory_identity_never_takes_over_a_local_account(oidc, client, users):
    oidc.people(admin={**SOMSRI, "groups": ["admins"]})
    response = oidc.sign_in(client, "admin", "pw-somsri")
    assert response["Location"] == "/accounts/login/"
    assert not DirectoryAccount.objects.exists()
    assert client.get("/accounts/me/").status_code == 302
