"""Answering through HTTP: sections, drafts, one submission per token, anonymity of what is stored."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.utils import timezone
from survey_helpers import invite, make_campaign

from thaothiam.surveys.models import Draft, Invitation, OpenAnswer, Response
from thaothiam.surveys.structure import load


def answer_all(client, campaign, token, likert=4, text="อยากให้มีการอบรมมากขึ้น"):
    shape = load(campaign.instrument_id)
    sections = shape.answerable_sections(campaign.demographic_source == "invitation")
    last = None
    for step, section in enumerate(sections, 1):
        data = {}
        for item in shape.by_section[section.pk]:
            if item.kind == "likert5":
                data[item.code] = str(likert)
            elif item.kind == "text":
                data[item.code] = text
            elif item.kind == "multi":
                data[item.code] = ["1", "4"]
            else:
                data[item.code] = "1"
        last = client.post(f"/surveys/t/{token}/{step}/", data)
    return last


def test_answering_section_by_section_stores_an_anonymous_response(opinion, django_assert_max_num_queries):
    (invitation,) = invite(opinion)
    client = Client()
    start = client.get(f"/surveys/t/{invitation.token}/")
    assert start.status_code == 200 and "ไม่ระบุตัวตน" in start.content.decode()
    page = client.get(f"/surveys/t/{invitation.token}/1/").content.decode()
    assert "<fieldset" in page and "<legend" in page and 'for="id_dem_sex_0"' in page
    # Part 1 kept as a server-side draft keyed by the invitation.
    client.post(f"/surveys/t/{invitation.token}/1/", {"dem_sex": "1", "dem_gender": "3", "dem_personnel": "1",
                                                      "dem_level": "2", "dem_age": "2"})
    assert Draft.objects.get(invitation=invitation).answers["dem_sex"] == "1"
    assert "checked" in client.get(f"/surveys/t/{invitation.token}/1/").content.decode()
    final = answer_all(client, opinion, invitation.token)
    assert final.status_code == 302 and final["Location"] == "/surveys/thanks/"
    assert not Draft.objects.exists()
    invitation.refresh_from_db()
    assert invitation.responded
    response = Response.objects.get()
    assert response.submitted_on == timezone.localdate() and response.agency.code == "DIS-1001"
    assert response.sex == 1 and response.gender_identity == 1  # the last answers given win
    shape = load(opinion.instrument_id)
    import numpy as np
    values = np.frombuffer(bytes(response.answers), dtype="<u2")
    assert len(values) == shape.slots
    assert all(values[i.position] == 4 for i in shape.items if i.kind == "likert5")
    assert OpenAnswer.objects.get().text == "อยากให้มีการอบรมมากขึ้น"


def test_a_second_submission_is_refused(opinion):
    (invitation,) = invite(opinion)
    client = Client()
    assert answer_all(client, opinion, invitation.token).status_code == 302
    again = answer_all(Client(), opinion, invitation.token)
    assert again.status_code == 200 and 'data-state="already"' in again.content.decode()
    assert Response.objects.count() == 1
    assert Client().get(f"/surveys/t/{invitation.token}/").content.decode().count('data-state="already"') == 1


def test_the_service_refuses_a_reused_token_even_when_the_caller_is_stale(opinion):
    from thaothiam.surveys import services

    (invitation,) = invite(opinion)
    stale = Invitation.objects.get(pk=invitation.pk)
    services.response_submit(invitation=invitation, values={"op_aware_policy": 5})
    try:
        services.response_submit(invitation=stale, values={"op_aware_policy": 1})
        raise AssertionError("a second submission went through")
    except services.AlreadySubmitted:
        pass
    assert Response.objects.count() == 1


def test_required_questions_and_bad_values_change_nothing(opinion):
    (invitation,) = invite(opinion)
    client = Client()
    bad = client.post(f"/surveys/t/{invitation.token}/2/", {"op_aware_policy": "9"})
    assert bad.status_code == 200 and "invalid-feedback" in bad.content.decode()
    assert not Draft.objects.exists() and not Response.objects.exists()


def test_demographics_from_the_invitation_skip_the_demographic_part(reference_data):
    campaign = make_campaign(source="invitation")
    (invitation,) = invite(campaign, sex=2, age_band=4, level_band=1)
    client = Client()
    first = client.get(f"/surveys/t/{invitation.token}/1/").content.decode()
    assert "dem_sex" not in first
    assert answer_all(client, campaign, invitation.token).status_code == 302
    response = Response.objects.get()
    assert (response.sex, response.age_band, response.level_band, response.gender_identity) == (2, 4, 1, 0)


def test_closed_or_unknown_tokens(reference_data):
    campaign = make_campaign(status="closed")
    (invitation,) = invite(campaign)
    assert Client().get(f"/surveys/t/{invitation.token}/1/").status_code == 410
    assert Client().get("/surveys/t/nope/").status_code == 404


def test_open_link_mints_one_invitation_per_browser(opinion):
    from thaothiam.agencies.models import Agency
    from thaothiam.surveys import services_campaign

    link = services_campaign.open_link_create(campaign=opinion, agency=Agency.objects.get(code="DIS-1002"), actor=None)
    client = Client()
    assert client.get(f"/surveys/o/{link.token}/").status_code == 200
    assert Invitation.objects.count() == 0  # a GET creates nothing
    started = client.post(f"/surveys/o/{link.token}/")
    invitation = Invitation.objects.get()
    assert invitation.via_open_link and invitation.user is None and invitation.agency.code == "DIS-1002"
    assert started["Location"] == f"/surveys/t/{invitation.token}/"
    assert client.get(f"/surveys/o/{link.token}/")["Location"] == f"/surveys/t/{invitation.token}/"
    assert Invitation.objects.count() == 1


def test_signed_in_staff_answer_without_their_identity_being_stored(client_for, opinion, users):
    (invitation,) = invite(opinion)
    invitation.user = users["staff"]
    invitation.save()
    client = client_for("staff")
    assert invitation.token in client.get("/surveys/mine/").content.decode()
    answer_all(client, opinion, invitation.token)
    row = Response.objects.values().get()
    assert users["staff"].pk not in [v for k, v in row.items() if k not in ("campaign_id", "agency_id")]


def test_the_database_row_holds_only_the_date_and_bands(opinion):
    (invitation,) = invite(opinion)
    answer_all(Client(), opinion, invitation.token)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM surveys_response")
        names = [c[0] for c in cursor.description]
        row = dict(zip(names, cursor.fetchone(), strict=True))
    assert set(names) == {"id", "campaign_id", "submitted_on", "agency_id", "sex", "gender_identity",
                          "personnel_type", "level_band", "age_band", "answers"}
    assert str(row["submitted_on"]) == timezone.localdate().isoformat()
    assert isinstance(Response.objects.get().submitted_on, dt.date)
    assert invitation.token not in {str(v) for v in row.values()}


def test_the_survey_reads_in_english_too(opinion):
    (invitation,) = invite(opinion)
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    start = client.get(f"/surveys/t/{invitation.token}/").content.decode()
    assert "Opinion survey on the implementation of the non-discrimination policy" in start
    assert "Your answers are anonymous" in start
    part = client.get(f"/surveys/t/{invitation.token}/2/").content.decode()
    assert "You know that the BMA has a policy against unfair discrimination between the sexes" in part
    assert "Very high" in part and "Save and continue" in part
