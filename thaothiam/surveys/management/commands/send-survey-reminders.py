"""`thaothiam send-survey-reminders`: e-mail everyone invited to an open survey who has not answered.

Run it daily from cron (or the task worker). A person is reminded at most once every
--min-days days (default 3). It also closes the surveys whose closing date has passed, which
deletes their unfinished drafts (a draft ties answers to an invitation). E-mail goes through Django's mail (console backend by default:
set THAOTHIAM_EMAIL_BACKEND / THAOTHIAM_EMAIL_HOST for SMTP).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thaothiam.surveys.models import Campaign
from thaothiam.surveys.services_campaign import campaign_close, reminders_send


class Command(BaseCommand):
    help = "E-mail a reminder to every invited person who has not answered an open survey."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, help="Only this campaign (id); default: every open one.")
        parser.add_argument("--min-days", type=int, default=3, help="Days between two reminders to one person.")

    def handle(self, *args, campaign=None, min_days=3, **options):
        chosen = None
        if campaign is not None:
            chosen = Campaign.objects.filter(pk=campaign).first()
            if chosen is None:
                raise CommandError(f"No survey campaign with id {campaign}.")
            if chosen.status != Campaign.Status.OPEN:
                raise CommandError(f"Campaign {campaign} is not open.")
        today = timezone.localdate()
        expired = Campaign.objects.filter(status=Campaign.Status.OPEN, closes_on__lt=today)
        closed = 0
        for past in expired:
            campaign_close(campaign=past, actor=None)
            closed += 1
        if closed:
            self.stderr.write(f"{closed} survey(s) past their closing date closed.")
        sent = reminders_send(campaign=chosen, min_days_between=min_days)
        self.stderr.write(self.style.SUCCESS(f"{sent} reminder(s) sent."))
