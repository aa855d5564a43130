"""Shared fixtures: the demo accounts, signed-in clients per role."""

import os

import pytest
from django.test import Client

from thaothiam.accounts import twofactor
from thaothiam.accounts.models import Role, RoleGrant, User
from thaothiam.agencies.models import Agency

PASSWORD = "demo"

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def pytest_collection_modifyitems(config, items):
    """Tests marked `own_sqlite` start the real command on a SQLite file of their own whatever
    DATABASE_URL says; the PostgreSQL run skips them because the SQLite run of the same CI has just run
    them unchanged (decision 0180)."""
    if not ON_POSTGRES:
        return
    skip_repeat = pytest.mark.skip(reason="own SQLite file: already run unchanged by the SQLite run")
    for item in items:
        if item.get_closest_marker("own_sqlite"):
            item.add_marker(skip_repeat)


def ensure_reference_data() -> None:
    """Transactional tests (browser, live server) flush the tables that migrations filled."""
    from thaothiam.core.demodata import load_reference_data

    if not Agency.objects.exists():
        load_reference_data()


@pytest.fixture(autouse=True)
def _migrated_data_back_after_a_flush(request):
    """A transactional test (live server, browser, `transaction=True`) ends with a flush that empties the
    tables the data migrations filled. Put them back, so the next test on this worker sees a migrated
    database whatever order the workers run files in (decision 0180)."""
    yield
    marker = request.node.get_closest_marker("django_db")
    if "live_server" in request.fixturenames or "transactional_db" in request.fixturenames or (
            marker and marker.kwargs.get("transaction")):
        with request.getfixturevalue("django_db_blocker").unblock():
            ensure_reference_data()


@pytest.fixture
def reference_data(db):
    ensure_reference_data()


def make_user(username: str, *grants: tuple[str, str | None], agency_code: str | None = None) -> User:
    agency = Agency.objects.get(code=agency_code) if agency_code else None
    user = User.objects.create_user(username=username, password=PASSWORD, agency=agency)
    for role, code in grants:
        RoleGrant.objects.create(user=user, role=role, agency=Agency.objects.get(code=code) if code else None)
        if role == Role.ADMIN:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    if {role for role, _code in grants} & twofactor.REQUIRED_ROLES:
        twofactor.demo_enrol([user])  # as the demo does: sign-in with a password asks for a code
    return user


@pytest.fixture
def users(db, reference_data) -> dict[str, User]:
    """The demo accounts of PRODUCT.md §7, plus a coordinator of another agency and a role-less user."""
    return {
        "admin": make_user("admin", (Role.ADMIN, None), agency_code="CSC"),
        "central": make_user("central", (Role.CENTRAL, None), agency_code="CSC-PSD"),
        "executive": make_user("executive", (Role.EXECUTIVE, None), agency_code="PSO"),
        "coordinator": make_user("coordinator", (Role.COORDINATOR, "DIS-1001"), (Role.STAFF, "DIS-1001"),
                                 agency_code="DIS-1001"),
        "head": make_user("head", (Role.HEAD, "DIS-1001"), (Role.STAFF, "DIS-1001"), agency_code="DIS-1001"),
        "staff": make_user("staff", (Role.STAFF, "DIS-1001"), agency_code="DIS-1001"),
        "other_coordinator": make_user("coord-dusit", (Role.COORDINATOR, "DIS-1002"), agency_code="DIS-1002"),
        # No home agency, so that agency-wide lists (survey invitations) do not change.
        "complaint_officer": make_user("complaint-officer", (Role.COMPLAINT_OFFICER, "DIS-1001")),
        "nobody": make_user("nobody"),
    }


@pytest.fixture
def client_for(users):
    """client_for('central') → a test client signed in as that demo user."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(users[name])
        return client

    return make


@pytest.fixture
def user_factory(db, reference_data):
    """user_factory("name", (Role.COORDINATOR, "DIS-1002"), (Role.STAFF, "DIS-1001"), agency_code="DIS-1002")."""
    return make_user
