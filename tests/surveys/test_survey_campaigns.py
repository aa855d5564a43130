"""Central builds and runs surveys: freezing, invitations, open links, reminders (HTTP and CLI)."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from survey_helpers import invite, make_campaign

from thaothiam.agencies.models import Agency
from thaothiam.core.models import AuditEvent
from thaothiam.surveys import services_campaign
from thaothiam.surveys.models import Campaign, Instrument, Invitation, Item

ROOT = Path(__file__).resolve().parents[2]


def test_anonymity_settings_are_frozen_once_open(reference_data):
    campaign = make_campaign(status="draft")
    campaign.demographic_source = "invitation"
    campaign.save()  # a draft may still change
    services_campaign.campaign_open(campaign=campaign, actor=None)
    campaign.demographic_source = "answers"
    with pytest.raises(ValidationError):
        campaign.save()
    campaign.refresh_from_db()
    campaign.closes_on += dt.timedelta(days=7)
    campaign.save()  # dates are not anonymity settings


def test_questions_are_frozen_once_a_campaign_opens(reference_data):
    make_campaign()
    item = Item.objects.get(instrument__code="opinion-2568", code="op_aware_policy")
    item.text_th = "เปลี่ยน"
    with pytest.raises(ValidationError):
        item.save()
    with pytest.raises(ValidationError):
        item.delete()


def test_central_builds_a_survey_through_the_pages(client_for):
    client = client_for("central")
    response = client.post("/surveys/manage/instruments/new/", {
        "code": "pulse-2570", "family": "pulse", "kind": "other", "title_th": "แบบสำรวจสั้น",
        "title_en": "Pulse", "intro_th": "", "intro_en": "", "band_set": "w050", "headline_item": ""})
    instrument = Instrument.objects.get(code="pulse-2570")
    assert response.status_code == 302
    client.post(f"/surveys/manage/instruments/{instrument.pk}/sections/new/",
                {"order": 1, "title_th": "ส่วนที่ 1", "title_en": "Part 1", "intro_th": "", "intro_en": ""})
    section = instrument.sections.get()
    client.post(f"/surveys/manage/instruments/{instrument.pk}/items/new/", {
        "section": section.pk, "order": 1, "code": "p_channel", "kind": "multi", "text_th": "ช่องทาง",
        "text_en": "Channels", "options_text": "อีเมล | E-mail\nไลน์ | LINE", "demographic": ""})
    item = Item.objects.get(code="p_channel")
    assert item.options == [{"th": "อีเมล", "en": "E-mail"}, {"th": "ไลน์", "en": "LINE"}] and item.position == 0
    bad = client.post(f"/surveys/manage/instruments/{instrument.pk}/items/new/", {
        "section": section.pk, "order": 2, "code": "p_choice", "kind": "single", "text_th": "x", "options_text": ""})
    assert bad.status_code == 200 and not Item.objects.filter(code="p_choice").exists()
    assert AuditEvent.objects.filter(action="survey.item.save").count() == 1


def test_campaign_pages_open_invite_and_open_link(client_for, users):
    client = client_for("central")
    instrument = Instrument.objects.get(code="opinion-2568")
    agency = Agency.objects.get(code="DIS-1001")
    response = client.post("/surveys/manage/campaigns/new/", {
        "instrument": instrument.pk, "fiscal_year": 2570, "opens_on": dt.date.today().isoformat(),
        "closes_on": (dt.date.today() + dt.timedelta(days=20)).isoformat(), "demographic_source": "answers",
            "open_link_mode": "off",
        "agencies": [agency.pk]})
    campaign = Campaign.objects.get(fiscal_year=2570)
    assert response.status_code == 302
    client.post(f"/surveys/manage/campaigns/{campaign.pk}/open/")
    client.post(f"/surveys/manage/campaigns/{campaign.pk}/invite/")
    campaign.refresh_from_db()
    assert campaign.status == "open"
    # coordinator, head and staff have Phra Nakhon as their home agency
    assert set(campaign.invitations.values_list("user__username", flat=True)) == {"coordinator", "head", "staff"}
    client.post(f"/surveys/manage/campaigns/{campaign.pk}/open-link/", {"agency": agency.pk})
    page = client.get(f"/surveys/manage/campaigns/{campaign.pk}/").content.decode()
    assert campaign.open_links.get().token in page
    edit = client.post(f"/surveys/manage/campaigns/{campaign.pk}/edit/", {
        "instrument": instrument.pk, "fiscal_year": 2570, "opens_on": campaign.opens_on.isoformat(),
        "closes_on": campaign.closes_on.isoformat(), "demographic_source": "invitation", "agencies": [agency.pk],
        "open_link_mode": "limited"})
    campaign.refresh_from_db()
    assert edit.status_code == 302 and campaign.demographic_source == "answers"  # disabled field: unchanged
    assert campaign.open_link_mode == "limited"  # open links stay central's choice while the survey runs
    assert set(AuditEvent.objects.filter(object_type="surveys.campaign").values_list("action", flat=True)) >= {
        "survey.campaign.create", "survey.campaign.open", "survey.invitations.create"}


def test_reminders_go_only_to_those_who_have_not_answered(reference_data):
    campaign = make_campaign()
    done, *waiting = invite(campaign, 3)
    Invitation.objects.filter(pk=done.pk).update(responded=True)
    Invitation.objects.filter(campaign=campaign).update(email="x@example.org")
    assert services_campaign.reminders_send(campaign=campaign) == 2
    assert len(mail.outbox) == 2 and "/surveys/t/" in mail.outbox[0].body
    assert services_campaign.reminders_send(campaign=campaign) == 0  # not again within 3 days
    assert Invitation.objects.filter(reminders_sent=1).count() == 2


def thaothiam(*args, var_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("THAOTHIAM_", "DJANGO_", "PYTEST"))}
    env.pop("DATABASE_URL", None)
    env["THAOTHIAM_VAR_DIR"] = str(var_dir)
    return subprocess.run([sys.executable, "-m", "thaothiam", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.own_sqlite
def test_send_survey_reminders_command(tmp_path):
    assert thaothiam("migrate", "-v", "0", var_dir=tmp_path).returncode == 0
    setup = (
        "import datetime as dt\n"
        "from thaothiam.agencies.models import Agency\n"
        "from thaothiam.surveys.models import Campaign, Instrument, Invitation\n"
        "a = Agency.objects.get(code='DIS-1001')\n"
        "today = dt.date.today()\n"
        "c = Campaign.objects.create(instrument=Instrument.objects.get(code='opinion-2568'), fiscal_year=2570,"
        " opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=9), status='open')\n"
        "Invitation.objects.create(campaign=c, agency=a, email='somchai@example.org')\n"
        "Invitation.objects.create(campaign=c, agency=a, email='done@example.org', responded=True)\n"
        "Campaign.objects.create(instrument=Instrument.objects.get(code='work-environment-2568'), fiscal_year=2569,"
        " opens_on=today - dt.timedelta(days=30), closes_on=today - dt.timedelta(days=1), status='open')\n"
        "print(c.pk)\n"
    )
    made = thaothiam("shell", "-c", setup, var_dir=tmp_path)
    assert made.returncode == 0, made.stderr
    first = thaothiam("send-survey-reminders", var_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "somchai@example.org" in first.stdout and "done@example.org" not in first.stdout
    assert "1 reminder(s) sent" in first.stderr and "1 survey(s) past their closing date closed" in first.stderr
    again = thaothiam("send-survey-reminders", var_dir=tmp_path)
    assert "0 reminder(s) sent" in again.stderr
    missing = thaothiam("send-survey-reminders", "--campaign", "999", var_dir=tmp_path)
    assert missing.returncode != 0 and "No survey campaign" in missing.stderr


def test_invitation_list_import_is_all_or_nothing(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    campaign = make_campaign(status="draft", source="invitation")
    client = client_for("central")
    # Bands in the core vocabulary: its codes or any spelling of them (หญิง, Male); blank = not stated.
    good = "email,agency_code,sex,age_band\nsomsri@example.org,DIS-1001,หญิง,40-49\nsomchai@example.org,DIS-1002,Male,\n"
    bad = "email,agency_code,sex\nnew@example.org,DIS-1001,F\nnot-an-email,DIS-1001,F\nx@example.org,PSO,F\n"
    old = "email,agency_code,sex\nnew@example.org,DIS-1001,1\n"  # the survey's former number for women
    url = f"/surveys/manage/campaigns/{campaign.pk}/import/"
    client.post(url, {"file": SimpleUploadedFile("list.csv", bad.encode(), "text/csv")})
    assert not Invitation.objects.exists()
    page = client.get(f"/surveys/manage/campaigns/{campaign.pk}/").content.decode()
    assert "บรรทัด 3" in page and "บรรทัด 4" in page
    client.post(url, {"file": SimpleUploadedFile("list.csv", old.encode(), "text/csv")})
    assert not Invitation.objects.exists()
    assert "U, F, M" in client.get(f"/surveys/manage/campaigns/{campaign.pk}/").content.decode()
    client.post(url, {"file": SimpleUploadedFile("list.png", b"\x89PNG\r\n\x1a\n\0\0", "image/png")})
    client.post(url, {"file": SimpleUploadedFile("list.csv", b"\x89PNG\r\n\x1a\n\0\0", "text/csv")})
    assert not Invitation.objects.exists()
    client.post(url, {"file": SimpleUploadedFile("list.csv", good.encode("utf-8-sig"), "text/csv")})
    rows = dict(Invitation.objects.values_list("email", "age_band"))
    assert rows == {"somsri@example.org": "40-49", "somchai@example.org": "U"}
    assert Invitation.objects.get(email="somchai@example.org").sex == "M"
    assert AuditEvent.objects.filter(action="survey.invitations.import").get().after == {"created": 2, "agencies": {"DIS-1001": 1, "DIS-1002": 1}}  # how many, for which agency
    client.post(url, {"file": SimpleUploadedFile("list.csv", good.encode(), "text/csv")})
    assert Invitation.objects.count() == 2  # already invited: refused, nothing added


def test_a_demographic_question_must_match_its_bands(reference_data):
    from survey_helpers import ensure_instruments

    ensure_instruments()
    instrument = Instrument.objects.create(code="x", family="x", title_th="x")
    section = instrument.sections.create(order=1, title_th="x")
    item = Item(instrument=instrument, section=section, order=1, code="sex", kind="single", text_th="เพศ",
                options=[{"th": "หญิง"}, {"th": "ชาย"}, {"th": "อื่น"}], demographic="sex", position=0)
    with pytest.raises(ValidationError):
        item.full_clean()
    item.options = item.options[:2]
    item.full_clean()


def test_closing_deletes_unfinished_drafts_writes_the_pool_and_releases_the_final_results(reference_data):
    from thaothiam.surveys import drafts, services
    from thaothiam.surveys.models import Draft, Response, ResultRelease

    campaign = make_campaign()
    first, second = invite(campaign, 2)
    state = drafts.new_state(first.token)
    drafts.draft_save(state=state, campaign_id=campaign.pk, answers={"dem_sex": "1"}, section=2)
    assert Draft.objects.count() == 1
    services.response_submit(invitation=second, values={"op_aware_policy": 5})
    assert not Response.objects.exists()
    services_campaign.campaign_close(campaign=campaign, actor=None)
    assert not Draft.objects.exists()
    assert Response.objects.get().release == 1
    assert ResultRelease.objects.get(campaign=campaign).final


def test_central_edits_a_section_and_a_clash_changes_nothing(client_for):
    client = client_for("central")
    instrument = Instrument.objects.create(code="pulse", family="pulse", title_th="สั้น")
    first = instrument.sections.create(order=1, title_th="หนึ่ง")
    instrument.sections.create(order=2, title_th="สอง")
    ok = client.post(f"/surveys/manage/sections/{first.pk}/edit/", {"order": 1, "title_th": "ส่วนแรก", "title_en": "First"})
    assert ok.status_code == 302
    clash = client.post(f"/surveys/manage/sections/{first.pk}/edit/", {"order": 2, "title_th": "ชน", "title_en": ""})
    assert clash.status_code == 200
    first.refresh_from_db()
    assert (first.order, first.title_th) == (1, "ส่วนแรก")


def test_the_home_card_lists_the_surveys_a_person_can_answer(rf, users):
    from thaothiam.surveys import home, services

    campaign = make_campaign()
    (invitation,) = invite(campaign)
    invitation.user = users["staff"]
    invitation.save()
    request = rf.get("/")
    request.user = users["staff"]
    shown = home.card(request)
    assert shown["template"] == "surveys/home_card.html" and shown["invitations"] == [invitation]
    from django.template.loader import render_to_string

    assert campaign.instrument.title in render_to_string(shown["template"], shown)
    services.response_submit(invitation=invitation, values={"op_aware_policy": 4})
    assert home.card(request) is None  # answered (still in the pool): nothing left to do
    request.user = users["central"]
    assert home.card(request) is None


def test_executives_see_who_issued_invitations_and_central_sees_headcount_flags(client_for, users):
    import datetime as dt

    from thaothiam.surveys.models import Response, ResultRelease
    from thaothiam.workforce.models import Snapshot, SnapshotAgency

    campaign = make_campaign()
    central = client_for("central")
    central.post(f"/surveys/manage/campaigns/{campaign.pk}/invite/")
    page = client_for("executive").get(f"/surveys/results/{campaign.pk}/issued/").content.decode()
    assert "central" in page and "DIS-1001" in page and 'data-testid="issued"' in page
    assert client_for("coordinator").get(f"/surveys/results/{campaign.pk}/issued/").status_code == 403
    snapshot = Snapshot.objects.create(as_of=dt.date(2025, 10, 1))
    agency = Agency.objects.get(code="DIS-1001")
    SnapshotAgency.objects.create(snapshot=snapshot, agency=agency, headcount=6)
    from survey_helpers import add_responses

    add_responses(campaign, [({"op_aware_policy": 4}, {"sex": "F"})] * 8)
    assert Response.objects.count() == 8 and ResultRelease.objects.exists()
    detail = central.get(f"/surveys/manage/campaigns/{campaign.pk}/").content.decode()
    flags = detail.split('data-testid="headcount-flags"')[1].split("</div>")[0]
    listed = flags.split("<ul")[1]
    assert agency.name in listed and "8" not in listed and "6" not in listed  # which group, no counts (0147)
    # Agency × sex: survey and workforce share the sex codes (core.vocabulary), so women are compared with
    # women — 8 answers from women against 5 women on the staff; the group is named, with no count.
    from thaothiam.workforce.models import WorkforceCell

    WorkforceCell.objects.create(snapshot=snapshot, fiscal_year=snapshot.fiscal_year, agency=agency, sex="F",
                                 gender_identity="U", personnel_type="civil", position_type="general",
                                 position_level="general.operational", is_executive=False, age_band="30-39",
                                 headcount=5, salary_count=0, salary_sum=0)
    flags = central.get(f"/surveys/manage/campaigns/{campaign.pk}/").content.decode().split(
        'data-testid="headcount-flags"')[1].split("</div>")[0]
    listed = " ".join(flags.split("<ul")[1].split())
    assert f"{agency.name} · หญิง" in listed and "8" not in listed and "5" not in listed


def test_results_are_released_at_most_daily_with_ten_new_and_at_close(reference_data):
    import datetime as dt

    from survey_helpers import add_responses

    from thaothiam.surveys import pool, releases, selectors, services
    from thaothiam.surveys.models import PendingResponse

    campaign = make_campaign()
    today = dt.date.today()
    add_responses(campaign, [({"op_aware_policy": 4}, {"sex": "F"})] * 9, release=False)
    assert releases.release_publish(campaign=campaign, today=today) is None  # 9 new: not yet
    assert selectors.results(campaign, compare=False).respondents == 0
    add_responses(campaign, [({"op_aware_policy": 4}, {"sex": "F"})], release=False)
    first = releases.release_publish(campaign=campaign, today=today)
    assert (first.number, first.responses) == (1, 10)
    add_responses(campaign, [({"op_aware_policy": 2}, {"sex": "M"})] * 12, release=False)
    assert releases.release_publish(campaign=campaign, today=today) is None  # once a day
    from survey_oracle import pub

    assert selectors.results(campaign, compare=False).respondents == pub(campaign)  # the 10 released, perturbed
    assert releases.release_publish(campaign=campaign, today=today + dt.timedelta(days=1)).number == 2
    # The hourly batch waits for two; the close writes even one and releases the rest.
    (invitation,) = invite(campaign)
    services.response_submit(invitation=invitation, values={"op_aware_policy": 5})
    assert pool.flush_due(minimum=pool.MIN_HOURLY) == {} and PendingResponse.objects.count() == 1
    services_campaign.campaign_close(campaign=campaign, actor=None)
    last = releases.latest(campaign.pk)
    assert last.final and last.responses == 23 and not PendingResponse.objects.exists()
