"""Tokens (hashed, expiring, revocable, audited), scopes, agency isolation, rate limits, problem details."""

import datetime as dt

import pytest
from api_files import hr_csv
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thaothiam.api.models import ApiToken, Scope
from thaothiam.api.services import api_token_revoke
from thaothiam.core.models import AuditEvent
from thaothiam.workforce.models import Person, WorkforceImport

pytestmark = pytest.mark.django_db


def push(client, auth, data: bytes, **fields):
    return client.post("/api/v1/workforce/imports", {
        "file": SimpleUploadedFile("hr.csv", data, content_type="text/csv"), "as_of": "2025-09-30", **fields,
    }, HTTP_AUTHORIZATION=auth)


def test_without_a_token_the_answer_is_a_thai_and_english_problem(client, reference_data):
    response = client.get("/api/v1/agencies")
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401 and body["type"].endswith("/unauthenticated") and body["instance"] == "/api/v1/agencies"
    assert body["title"] == body["title_th"] != body["title_en"] == "Not authenticated"
    english = client.get("/api/v1/agencies", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["title"] == "Not authenticated" and english["detail"] == english["detail_en"]


def test_the_token_is_stored_only_as_a_digest_and_every_use_is_audited(client, token_for):
    auth = token_for(None, Scope.AGENCIES_READ)
    secret = auth.split()[1]
    token = ApiToken.objects.get()
    assert secret not in (token.digest, token.prefix) and len(token.digest) == 64
    response = client.get("/api/v1/agencies", HTTP_AUTHORIZATION=auth)
    assert response.status_code == 200 and {"DIS-1001", "DIS-1002"} <= {a["code"] for a in response.json()}
    client.get("/api/v1/agencies", HTTP_AUTHORIZATION=auth)
    uses = AuditEvent.objects.filter(action="api.use")
    assert uses.count() == 2 and uses.first().actor_username == "api:sys-0"
    assert not AuditEvent.objects.filter(after__icontains=secret.split("_", 2)[2]).exists()
    assert client.get("/api/v1/agencies", HTTP_AUTHORIZATION=auth[:-2] + "xx").status_code == 401


def test_expired_and_revoked_tokens_are_refused(client, token_for):
    auth = token_for(None, Scope.AGENCIES_READ)
    token = ApiToken.objects.get()
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/api/v1/agencies", HTTP_AUTHORIZATION=auth).status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + dt.timedelta(days=1))
    assert client.get("/api/v1/agencies", HTTP_AUTHORIZATION=auth).status_code == 200
    api_token_revoke(token=token)
    assert client.get("/api/v1/agencies", HTTP_AUTHORIZATION=auth).status_code == 401
    assert AuditEvent.objects.filter(action="api.token.revoke").exists()


def test_a_token_without_the_scope_is_refused(client, token_for):
    auth = token_for(None, Scope.OPENDATA_READ)
    response = client.get("/api/v1/agencies", HTTP_AUTHORIZATION=auth)
    assert response.status_code == 403 and response.json()["errors"] == [{"scope": "agencies:read"}]
    assert push(client, auth, hr_csv(6)).status_code == 403
    assert not WorkforceImport.objects.exists()


def test_the_rate_limit_is_per_token(client, token_for):
    slow = token_for(None, Scope.AGENCIES_READ, rate=3)
    other = token_for(None, Scope.AGENCIES_READ, rate=3)
    codes = [client.get("/api/v1/agencies", HTTP_AUTHORIZATION=slow).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/v1/agencies", HTTP_AUTHORIZATION=slow)
    assert limited.json()["type"].endswith("/rate-limited") and 0 < int(limited["Retry-After"]) <= 60
    assert client.get("/api/v1/agencies", HTTP_AUTHORIZATION=other).status_code == 200


def test_pushing_a_snapshot_runs_the_file_import_and_reports_at_the_status_url(client, token_for):
    auth = token_for("DIS-1001", Scope.WORKFORCE_WRITE)
    response = push(client, auth, hr_csv(12))
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["agency_code"] == "DIS-1001" and body["status_url"].endswith(f"/api/v1/workforce/imports/{body['id']}")
    status = client.get(body["status_url"].removeprefix("http://testserver"), HTTP_AUTHORIZATION=auth).json()
    assert status["status"] == "draft" and status["finished"] and status["imported_rows"] == 12
    # A pushed snapshot lands as a draft, as an upload does: nothing is published until central says so.
    assert Person.objects.count() == 0
    job = WorkforceImport.objects.get()
    assert job.draft_people.count() == 12
    assert job.stored_path == ""  # the HR file is deleted once read, as for an upload


def test_a_snapshot_with_one_bad_row_changes_nothing_and_lists_its_errors_in_both_languages(client, token_for):
    auth = token_for("DIS-1001", Scope.WORKFORCE_WRITE)
    body = push(client, auth, hr_csv(12, bad_row=True)).json()
    status = client.get(f"/api/v1/workforce/imports/{body['id']}", HTTP_AUTHORIZATION=auth).json()
    assert status["status"] == "refused" and status["imported_rows"] == 0 and Person.objects.count() == 0
    codes = {e["code"] for e in status["errors"]}
    assert {"bad_sex", "bad_date", "bad_bool"} <= codes
    sex = next(e for e in status["errors"] if e["code"] == "bad_sex")
    assert "หญิง" in sex["message_th"] and sex["message_en"].startswith("Sex must be")


def test_bad_form_input_is_a_422_problem_and_changes_nothing(client, token_for):
    auth = token_for(None, Scope.WORKFORCE_WRITE)
    response = push(client, auth, b"\x00\x01binary", agency="NOPE")
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert {tuple(e["location"]) for e in response.json()["errors"]} >= {("form", "file")}
    missing = client.post("/api/v1/workforce/imports", {}, HTTP_AUTHORIZATION=auth)
    assert missing.status_code == 422 and missing.json()["errors"]
    assert not WorkforceImport.objects.exists()


def test_an_agency_token_cannot_write_or_read_another_agency(client, token_for):
    mine = token_for("DIS-1001", *Scope.values)
    theirs = token_for("DIS-1002", *Scope.values)
    # Writing: naming another agency is refused; rows of another agency in its own file are refused by the parser.
    assert push(client, mine, hr_csv(6, agency="DIS-1002"), agency="DIS-1002").status_code == 403
    refused = push(client, mine, hr_csv(6, agency="DIS-1002")).json()
    assert refused["status"] == "refused" and Person.objects.count() == 0
    their_job = push(client, theirs, hr_csv(6, agency="DIS-1002")).json()
    assert client.get(f"/api/v1/workforce/imports/{their_job['id']}", HTTP_AUTHORIZATION=mine).status_code == 404
    # Reading: another agency's indicator results or survey headlines are "not found", like a page.
    for path in ("/api/v1/indicators/results?agency=DIS-1002", "/api/v1/surveys/headlines?agency=DIS-1002"):
        assert client.get(path, HTTP_AUTHORIZATION=mine).status_code == 404, path
    own = client.get("/api/v1/indicators/results", HTTP_AUTHORIZATION=mine).json()
    assert own and {r["agency_code"] for r in own} == {"DIS-1001"}
    targets = client.get("/api/v1/indicators/targets", HTTP_AUTHORIZATION=mine).json()
    assert {t["agency_code"] for t in targets} <= {None, "DIS-1001"}


def test_the_schema_and_the_docs_are_served_without_a_token(client, db):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
    operation = schema.json()["paths"]["/api/v1/agencies"]["get"]
    assert "application/problem+json" in operation["responses"]["401"]["content"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_open_data_through_the_api_is_the_published_table(client, token_for):
    from thaothiam.workforce import opendata

    auth = token_for(None, Scope.OPENDATA_READ)
    tables = client.get("/api/v1/opendata", HTTP_AUTHORIZATION=auth).json()
    assert [t["slug"] for t in tables] == [t.slug for t in opendata.TABLES]
    table = client.get(f"/api/v1/opendata/{tables[0]['slug']}", HTTP_AUTHORIZATION=auth).json()
    assert table["rows"] == opendata.rows(opendata.TABLES[0])
    assert client.get("/api/v1/opendata/nope", HTTP_AUTHORIZATION=auth).status_code == 404


def test_an_agency_code_with_a_nul_byte_is_not_found_on_every_database(token_for, client):
    """PostgreSQL refuses NUL in a query string (a 500 the fuzzer found there); the API answers 404."""
    auth = token_for(None, Scope.INDICATORS_READ)
    response = client.get("/api/v1/indicators/results", {"agency": "DIS\x001001"}, HTTP_AUTHORIZATION=auth)
    assert response.status_code == 404 and response["Content-Type"].startswith("application/problem+json")
