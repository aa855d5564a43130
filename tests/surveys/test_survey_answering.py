"""Answering through HTTP: the token leaves the URL, sealed drafts, the mixing pool, one submission per
invitation, open links (off by default, sign-in, rate-limited), shared devices."""

import datetime as dt

import numpy as np
from django.db import connection
from django.test import Client
from django.utils import timezone
from survey_helpers import enter, flush, invite, make_campaign

from thaothiam.surveys import drafts
from thaothiam.surveys.models import (
    Draft,
    Invitation,
    OpenAnswer,
    PendingParticipation,
    PendingResponse,
    Response,
)
from thaothiam.surveys.structure import load


def fill(campaign, likert=4, text="อยากให้มีการอบรมมากขึ้น"):
    """{step: form data} answering every part."""
    shape = load(campaign.instrument_id)
    sections = shape.answerable_sections(campaign.demographic_source == "invitation")
    out = {}
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
        out[step] = data
    return out


def answer_all(client, campaign, token, **kwargs):
    enter(client, token)
    last = None
    for step, data in fill(campaign, **kwargs).items():
        last = client.post(f"/surveys/a/{step}/", data)
    return last


def test_the_token_leaves_the_url_after_the_first_visit(opinion):
    (invitation,) = invite(opinion)
    client = Client()
    first = enter(client, invitation.token)
    cookie = first.cookies[drafts.COOKIE]
    assert cookie["max-age"] == "" and cookie["expires"] == "" and cookie["httponly"]  # a session cookie
    assert invitation.token not in cookie.value or cookie.value.count(".") >= 1  # signed
    start = client.get("/surveys/a/")
    assert start.status_code == 200 and invitation.token not in start.content.decode()
    assert 'data-testid="anonymity-note"' in start.content.decode()
    assert Client().get("/surveys/a/").status_code == 400  # no cookie: "open your link again"


def test_answering_section_by_section_goes_through_the_pool(opinion):
    (invitation,) = invite(opinion)
    client = Client()
    enter(client, invitation.token)
    page = client.get("/surveys/a/1/").content.decode()
    assert "<fieldset" in page and "<legend" in page and 'for="id_dem_sex_0"' in page and "style=" not in page
    client.post("/surveys/a/1/", {"dem_sex": "1", "dem_gender": "3", "dem_personnel": "1", "dem_level": "2",
                                  "dem_age": "2"})
    # The draft is sealed: no answer and no invitation in the row.
    draft = Draft.objects.get()
    assert b"dem_sex" not in bytes(draft.sealed) and invitation.token not in draft.pk
    assert "checked" in client.get("/surveys/a/1/").content.decode()
    final = None
    for step, data in fill(opinion).items():
        final = client.post(f"/surveys/a/{step}/", data)
    assert final.status_code == 302 and final["Location"] == "/surveys/thanks/"
    assert final.cookies[drafts.COOKIE].value == ""  # the answering cookie is cleared
    assert not Draft.objects.exists()
    # In the pool: not yet a response, the invitation not yet flagged.
    invitation.refresh_from_db()
    assert not invitation.responded and not Response.objects.exists()
    assert PendingResponse.objects.count() == 1 and PendingParticipation.objects.get().invitation_id == invitation.pk
    assert flush(opinion) == 1
    invitation.refresh_from_db()
    assert invitation.responded and not PendingResponse.objects.exists() and not PendingParticipation.objects.exists()
    response = Response.objects.get()
    assert response.submitted_on == timezone.localdate() and response.agency.code == "DIS-1001"
    assert response.sex == "F" and response.gender_identity == "F"  # the last answers given win (core codes)
    shape = load(opinion.instrument_id)
    values = np.frombuffer(bytes(response.answers), dtype="<u2")
    assert len(values) == shape.slots
    assert all(values[i.position] == 4 for i in shape.items if i.kind == "likert5")
    assert OpenAnswer.objects.get().text == "อยากให้มีการอบรมมากขึ้น"


def test_the_tenth_submission_writes_the_batch_in_random_order(opinion):
    invitations = invite(opinion, 10)
    for n, invitation in enumerate(invitations[:9]):
        answer_all(Client(), opinion, invitation.token, likert=1 + n % 5)
    assert Response.objects.count() == 0 and PendingResponse.objects.count() == 9
    answer_all(Client(), opinion, invitations[9].token)
    assert Response.objects.count() == 10 and not PendingResponse.objects.exists()
    assert Invitation.objects.filter(responded=True).count() == 10


def test_a_second_submission_is_refused(opinion):
    (invitation,) = invite(opinion)
    assert answer_all(Client(), opinion, invitation.token).status_code == 302
    again = answer_all(Client(), opinion, invitation.token)
    assert again.status_code == 200 and 'data-state="already"' in again.content.decode()
    flush(opinion)
    assert Response.objects.count() == 1
    client = Client()
    enter(client, invitation.token)
    assert 'data-state="already"' in client.get("/surveys/a/").content.decode()


def test_the_service_refuses_a_reused_token_even_when_the_caller_is_stale(opinion):
    from thaothiam.surveys import services

    (invitation,) = invite(opinion)
    stale = Invitation.objects.get(pk=invitation.pk)
    services.response_submit(invitation=invitation, values={"op_aware_policy": 5})
    flush(opinion)
    for attempt in (stale, Invitation.objects.get(pk=invitation.pk)):
        try:
            services.response_submit(invitation=attempt, values={"op_aware_policy": 1})
            raise AssertionError("a second submission went through")
        except services.AlreadySubmitted:
            pass
    assert Response.objects.count() == 1 and not PendingResponse.objects.exists()


def test_required_questions_and_bad_values_change_nothing(opinion):
    (invitation,) = invite(opinion)
    client = Client()
    enter(client, invitation.token)
    bad = client.post("/surveys/a/2/", {"op_aware_policy": "9"})
    assert bad.status_code == 200 and "invalid-feedback" in bad.content.decode()
    assert not Draft.objects.exists() and not Response.objects.exists() and not PendingResponse.objects.exists()


def test_demographics_from_the_invitation_skip_the_demographic_part(reference_data):
    campaign = make_campaign(source="invitation")
    (invitation,) = invite(campaign, sex="M", age_band="50-59", level_band=1)
    client = Client()
    enter(client, invitation.token)
    assert "dem_sex" not in client.get("/surveys/a/1/").content.decode()
    assert answer_all(client, campaign, invitation.token).status_code == 302
    flush(campaign)
    response = Response.objects.get()
    assert (response.sex, response.age_band, response.level_band, response.gender_identity) == ("M", "50-59", 1, "U")


def test_closed_or_unknown_tokens(reference_data):
    campaign = make_campaign(status="closed")
    (invitation,) = invite(campaign)
    client = Client()
    enter(client, invitation.token)
    assert client.get("/surveys/a/1/").status_code == 410
    assert Client().get("/surveys/t/nope/").status_code == 404


def test_a_one_request_client_posts_the_token_in_the_body(opinion):
    (invitation,) = invite(opinion)
    client = Client()
    shape = load(opinion.instrument_id)
    last = len(shape.answerable_sections(False))
    data = {k: v for part in fill(opinion).values() for k, v in part.items()}
    done = client.post(f"/surveys/a/{last}/", {**data, "token": invitation.token})
    assert done.status_code == 302 and done["Location"] == "/surveys/thanks/"
    assert PendingParticipation.objects.get().invitation_id == invitation.pk


def test_open_links_are_off_by_default(opinion):
    from thaothiam.agencies.models import Agency
    from thaothiam.surveys import services_campaign

    link = services_campaign.open_link_create(campaign=opinion, agency=Agency.objects.get(code="DIS-1002"), actor=None)
    client = Client()
    assert client.get(f"/surveys/o/{link.token}/").status_code == 404
    assert client.post(f"/surveys/o/{link.token}/").status_code == 404
    assert not Invitation.objects.exists()


def _open(campaign, mode, code="DIS-1002"):
    from thaothiam.agencies.models import Agency
    from thaothiam.surveys import services_campaign

    campaign.open_link_mode = mode
    campaign.save(update_fields=["open_link_mode"])
    return services_campaign.open_link_create(campaign=campaign, agency=Agency.objects.get(code=code), actor=None)


def test_an_open_link_with_sign_in_gives_one_invitation_per_account(client_for, opinion, users):
    link = _open(opinion, "sign_in")
    anonymous = Client().get(f"/surveys/o/{link.token}/")
    assert anonymous.status_code == 302 and link.token not in anonymous["Location"]  # no token in the login URL
    client = client_for("staff")
    assert client.get(f"/surveys/o/{link.token}/").status_code == 200
    started = client.post(f"/surveys/o/{link.token}/")
    assert started["Location"] == "/surveys/a/1/"  # the open link's page was the introduction (0131)
    invitation = Invitation.objects.get()
    assert invitation.user == users["staff"] and invitation.via_open_link
    for step, data in fill(opinion).items():
        client.post(f"/surveys/a/{step}/", data)
    client.post(f"/surveys/o/{link.token}/")  # a second try: the same invitation, already used
    assert Invitation.objects.count() == 1
    assert 'data-state="already"' in client.get("/surveys/a/").content.decode()
    flush(opinion)
    row = Response.objects.values().get()
    assert users["staff"].pk not in [v for k, v in row.items() if k not in ("campaign_id", "agency_id")]


def test_an_open_link_without_sign_in_is_limited_per_client_and_capped_at_the_headcount(opinion, settings):
    from thaothiam.workforce.models import Snapshot, SnapshotAgency

    link = _open(opinion, "limited")
    client = Client()
    assert client.post(f"/surveys/o/{link.token}/").status_code == 409  # no workforce count: nothing to cap at
    snapshot = Snapshot.objects.create(as_of=dt.date(2025, 10, 1))
    SnapshotAgency.objects.create(snapshot=snapshot, agency_id=link.agency_id, headcount=3)
    settings.THAOTHIAM_SURVEY_OPEN_LINK_PER_CLIENT = 2
    assert Client().post(f"/surveys/o/{link.token}/").status_code == 302
    assert Client().post(f"/surveys/o/{link.token}/").status_code == 302
    refused = Client().post(f"/surveys/o/{link.token}/")  # a third from the same address, cookie dropped
    assert refused.status_code == 429 and 'data-state="rate"' in refused.content.decode()
    settings.THAOTHIAM_SURVEY_OPEN_LINK_PER_CLIENT = 100
    for invitation in Invitation.objects.all():
        answer_all(Client(), opinion, invitation.token)
    for _ in range(2):
        helper = Client()
        helper.post(f"/surveys/o/{link.token}/")
    tokens = list(Invitation.objects.exclude(pk__in=PendingParticipation.objects.values("invitation_id"))
                  .values_list("token", flat=True))
    assert len(tokens) == 2
    answer_all(Client(), opinion, tokens[0])
    capped = answer_all(Client(), opinion, tokens[1])
    assert capped.status_code == 409 and 'data-state="cap"' in capped.content.decode()
    assert PendingResponse.objects.count() == 3


def test_a_shared_computer_offers_a_new_response_and_forgets_the_previous_person(opinion):
    link = _open(opinion, "sign_in")  # the restart goes back to the link; sign-in is not needed for this check
    (invitation,) = invite(opinion)
    client = Client()
    enter(client, invitation.token)
    client.post("/surveys/a/1/", {"dem_sex": "2", "dem_gender": "2", "dem_personnel": "1", "dem_level": "2",
                                  "dem_age": "2"})
    start = client.get("/surveys/a/").content.decode()
    assert 'data-testid="start-new"' in start
    restarted = client.post("/surveys/a/new/")
    assert restarted["Location"] == "/surveys/a/"
    assert not Draft.objects.exists()
    page = client.get("/surveys/a/1/").content.decode()
    assert "checked" not in page
    assert link.token  # the open-link path is covered in the attack tests


def test_signed_in_staff_answer_from_my_surveys_without_a_token_in_any_url(client_for, opinion, users):
    (invitation,) = invite(opinion)
    invitation.user = users["staff"]
    invitation.save()
    assert Client().get(f"/surveys/t/{invitation.token}/")["Location"].startswith("/accounts/login/")
    other = client_for("coordinator")
    enter(other, invitation.token)
    assert other.get("/surveys/a/").status_code == 403  # an account's invitation is answered by that account
    client = client_for("staff")
    mine = client.get("/surveys/mine/").content.decode()
    assert invitation.token not in mine
    assert client.post(f"/surveys/mine/{invitation.pk}/")["Location"] == "/surveys/a/"
    for step, data in fill(opinion).items():
        client.post(f"/surveys/a/{step}/", data)
    assert "text-bg-success" in client.get("/surveys/mine/").content.decode()
    flush(opinion)
    row = Response.objects.values().get()
    assert users["staff"].pk not in [v for k, v in row.items() if k not in ("campaign_id", "agency_id")]


def test_the_database_row_holds_only_the_batch_date_and_bands(opinion):
    (invitation,) = invite(opinion)
    answer_all(Client(), opinion, invitation.token)
    flush(opinion)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM surveys_response")
        names = [c[0] for c in cursor.description]
        row = dict(zip(names, cursor.fetchone(), strict=True))
    assert set(names) == {"id", "campaign_id", "submitted_on", "agency_id", "sex", "gender_identity",
                          "personnel_type", "level_band", "age_band", "answers", "release"}
    assert str(row["submitted_on"]) == timezone.localdate().isoformat()
    assert isinstance(Response.objects.get().submitted_on, dt.date)
    assert invitation.token not in {str(v) for v in row.values()}


def test_the_survey_reads_in_english_too(opinion):
    (invitation,) = invite(opinion)
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    enter(client, invitation.token)
    start = client.get("/surveys/a/").content.decode()
    assert "Opinion survey of BMA civil servants on the implementation of the gender non-discrimination policy" in start
    assert "What is stored, and what is not" in start
    part = client.get("/surveys/a/2/").content.decode()
    assert "You know that the BMA has a policy against unfair discrimination between the sexes" in part
    assert "Very high" in part and "Save and continue" in part
