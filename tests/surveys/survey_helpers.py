"""Survey fixtures: an open campaign of each shipped instrument and invitations to it."""

import datetime as dt

from django.utils import timezone

from thaothiam.agencies.models import Agency
from thaothiam.surveys import services_campaign
from thaothiam.surveys.models import Campaign, Instrument, Invitation


def ensure_instruments() -> None:
    """Transactional tests flush what the data migration loaded: load the shipped instruments again."""
    from thaothiam.core.demodata import load_reference_data

    load_reference_data()  # idempotent: the shipped instruments among the rest


def make_campaign(code="opinion-2568", fy=2569, status="open", source="answers", agencies=("DIS-1001", "DIS-1002"),
                  actor=None) -> Campaign:
    ensure_instruments()
    today = timezone.localdate()
    campaign = services_campaign.campaign_create(
        actor=actor, instrument=Instrument.objects.get(code=code), fiscal_year=fy,
        opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=30),
        demographic_source=source, agencies=list(Agency.objects.filter(code__in=agencies)))
    if status in ("open", "closed"):
        services_campaign.campaign_open(campaign=campaign, actor=actor)
    if status == "closed":
        services_campaign.campaign_close(campaign=campaign, actor=actor)
    return campaign


def invite(campaign, n=1, agency="DIS-1001", **bands) -> list[Invitation]:
    agency_obj = Agency.objects.get(code=agency)
    return Invitation.objects.bulk_create([Invitation(campaign=campaign, agency=agency_obj, **bands) for _ in range(n)])


def add_responses(campaign, rows, agency="DIS-1001", on=None, release=True):
    """Insert responses directly: rows = [({code: value}, {band: code}), ...]; released at once unless
    `release=False` (results show released responses only)."""
    from thaothiam.surveys.models import Response
    from thaothiam.surveys.services import pack
    from thaothiam.surveys.structure import load

    shape = load(campaign.instrument_id)
    agency_obj = Agency.objects.get(code=agency)
    objs = []
    for values, bands in rows:
        slots = {shape.item(code).position: v for code, v in values.items()}
        objs.append(Response(campaign=campaign, agency=agency_obj, submitted_on=on or timezone.localdate(),
                             answers=pack(shape.slots, slots), **bands))
    Response.objects.bulk_create(objs)
    if release:
        release_all(campaign)


def release_all(campaign):
    """Release every written response now, whatever the daily rules say (a test's shortcut)."""
    from django.db.models import Max

    from thaothiam.surveys.models import OpenAnswer, Response, ResultRelease
    from thaothiam.surveys.releases import participation

    number = (ResultRelease.objects.filter(campaign=campaign).aggregate(n=Max("number"))["n"] or 0) + 1
    Response.objects.filter(campaign=campaign, release=None).update(release=number)
    OpenAnswer.objects.filter(campaign=campaign, release=None).update(release=number)
    ResultRelease.objects.create(campaign=campaign, number=number, released_on=timezone.localdate(),
                                 responses=Response.objects.filter(campaign=campaign).count(),
                                 participation=participation(campaign.pk))


def enter(client, token):
    """Open an invitation link: the token becomes this client's answering cookie."""
    response = client.get(f"/surveys/t/{token}/")
    assert response.status_code == 302 and response["Location"] == "/surveys/a/", response
    return response


def flush(campaign):
    """Write the campaign's mixing pool now (what the hourly command or a full pool does)."""
    from thaothiam.surveys import pool

    return pool.batch_flush(campaign_id=campaign.pk)


def pdf_summary(client, campaign, query: str = "") -> bytes:
    """The results PDF as a user gets it: ask for it (POST), follow to the job's page (the test settings
    run the job at once), download it."""
    asked = client.post(f"/surveys/results/{campaign.pk}/summary.pdf" + (f"?{query}" if query else ""))
    assert asked.status_code == 302 and "/surveys/pdf/" in asked["Location"], asked.status_code
    page = client.get(asked["Location"]).content.decode()
    assert 'data-testid="pdf-ready"' in page, page[-2000:]
    download = client.get(asked["Location"] + "download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    return b"".join(download.streaming_content)
