"""`thaothiam send-survey-reminders`: e-mail everyone invited to an open survey who has not answered.

Run it daily from cron (or the task worker). A person is reminded at most once every
--min-days days (default 3). E-mail goes through Django's mail (console backend by default:
set THAOTHIAM_EMAIL_BACKEND / THAOTHIAM_EMAIL_HOST for SMTP).
"""

from django.core.management.base import BaseCommand, CommandError

from thaothiam.surveys.models import Campaign
from thaothiam.surveys.services_campaign import reminders_send


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
        sent = reminders_send(campaign=chosen, min_days_between=min_days)
        self.stderr.write(self.style.SUCCESS(f"{sent} reminder(s) sent."))
