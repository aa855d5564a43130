"""Responses written before releases existed become each campaign's first release, so results that
were shown before stay shown (decision 0035)."""

from django.db import migrations
from django.utils import timezone


def release_existing(apps, schema_editor):
    Campaign = apps.get_model("surveys", "Campaign")
    Response = apps.get_model("surveys", "Response")
    OpenAnswer = apps.get_model("surveys", "OpenAnswer")
    ResultRelease = apps.get_model("surveys", "ResultRelease")
    Invitation = apps.get_model("surveys", "Invitation")
    today = timezone.localdate()
    for campaign in Campaign.objects.all():
        total = Response.objects.filter(campaign=campaign).update(release=1)
        OpenAnswer.objects.filter(campaign=campaign).update(release=1)
        if total:
            counts = {}
            for agency_id, via_open_link in (Invitation.objects.filter(campaign=campaign, responded=True)
                                             .values_list("agency_id", "via_open_link")):
                pair = counts.setdefault(str(agency_id), [0, 0])
                pair[1 if via_open_link else 0] += 1
            ResultRelease.objects.create(campaign=campaign, number=1, released_on=today, responses=total,
                                         final=campaign.status == "closed", participation=counts)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0004_sealed_drafts")]
    operations = [migrations.RunPython(release_existing, migrations.RunPython.noop)]
