"""Daily: remind holders of cases due within a working day or overdue, escalate overdue cases to central's
holders, and prompt follow-up checks 30 and 90 days after closing."""

from django.core.management.base import BaseCommand

from thaothiam.complaints.reminders import run


class Command(BaseCommand):
    help = "Send complaint due-date reminders, escalations and follow-up prompts (run daily)."

    def handle(self, *args, **options):
        counts = run()
        self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()))
