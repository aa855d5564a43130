"""Anonymity checked on the schema itself, on the admin, and on the statements of a submission."""

import re
import uuid

from django.contrib import admin
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from survey_helpers import invite

from thaothiam.accounts.models import User
from thaothiam.surveys import models as survey_models
from thaothiam.surveys.models import Invitation, OpenAnswer, Response

FORBIDDEN_NAME_PARTS = ("ip", "user_agent", "agent", "address", "token", "invitation", "user", "email", "session")


def _fields(model):
    return model._meta.get_fields(include_hidden=True)


def test_response_and_open_answer_have_no_link_to_a_person_or_an_invitation():
    for model in (Response, OpenAnswer, survey_models.PendingResponse):
        for field in _fields(model):
            if field.is_relation and field.concrete:
                assert field.related_model not in (User, Invitation, survey_models.Draft), (model, field.name)
            assert not any(part == field.name or field.name.startswith(part + "_") or field.name.endswith("_" + part)
                           for part in FORBIDDEN_NAME_PARTS), (model, field.name)
            assert not isinstance(field, models.DateTimeField | models.TimeField | models.GenericIPAddressField), field
        assert isinstance(model._meta.pk, models.UUIDField) and model._meta.pk.default is uuid.uuid4
    # Neither the draft nor the pool's participation carries an answer next to an invitation.
    assert {f.name for f in _fields(survey_models.Draft) if f.concrete} == {"id", "campaign", "sealed"}
    assert {f.name for f in _fields(survey_models.PendingParticipation) if f.concrete} == {"id", "campaign", "invitation"}
    assert isinstance(Response._meta.get_field("submitted_on"), models.DateField)
    assert not isinstance(Response._meta.get_field("submitted_on"), models.DateTimeField)


def test_participation_is_a_flag_without_a_time():
    fields = {f.name: f for f in _fields(Invitation) if f.concrete}
    assert isinstance(fields["responded"], models.BooleanField)
    assert not any(isinstance(f, models.DateTimeField | models.TimeField) for f in fields.values())


def test_the_database_tables_have_no_forbidden_columns(db):
    with connection.cursor() as cursor:
        for table in ("surveys_response", "surveys_openanswer"):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            assert not {"user_id", "invitation_id", "ip", "ip_address", "user_agent", "created_at",
                        "submitted_at"} & set(columns), columns


def test_admin_registers_no_survey_model():
    assert not [m for m in admin.site._registry if m._meta.app_label == "surveys"]


def test_a_submission_writes_two_unlinked_pool_rows(opinion):
    (invitation,) = invite(opinion)
    data = {"op_aware_policy": "5", "op_aware_content": "4", "op_aware_comms": "4", "op_aware_channels": "3",
            "op_impl_leaders": "4", "op_impl_activities": "4", "op_impl_measures": "4", "op_impl_facilities": "3",
            "op_impl_data": "3", "op_fair_assignment": "4", "op_fair_promotion": "4", "op_fair_training": "5",
            "op_fair_diversity": "5", "op_fair_family": "4", "op_fair_safe": "4", "op_overall_satisfaction": "4"}
    client = Client()
    with CaptureQueriesContext(connection) as ctx:
        response = client.post("/surveys/a/5/", {**data, "token": invitation.token})
    assert response.status_code == 302, [x for x in response.content.decode().splitlines() if "role=\"alert\"" in x or "<div>" in x]
    writes = [q["sql"] for q in ctx.captured_queries if re.search(r"\b(INSERT|UPDATE|DELETE)\b", q["sql"])]
    # The participation (the invitation, no answers) and the pending response (answers, no invitation;
    # a one-request client has no draft to delete); nothing touches the invitation or the responses
    # until the batch. (PostgreSQL writes both rows in one statement, SQLite in two.)
    inserted = re.findall(r"INSERT INTO \"?(\w+)\"? \(([^)]*)\)", " ".join(writes))
    assert [table for table, _columns in inserted] == ["surveys_pendingparticipation", "surveys_pendingresponse"], writes
    assert "invitation" not in inserted[1][1]
    assert not re.search(r"UPDATE|INTO \"?surveys_response\b|surveys_invitation\"? \(", " ".join(writes)), writes
    assert Response.objects.count() == 0 and survey_models.PendingResponse.objects.count() == 1
