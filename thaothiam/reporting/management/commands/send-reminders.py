"""`thaothiam send-reminders [--days N] [--dry-run]`: e-mail coordinators of agencies that have not
submitted, when their deadline (with any extension) is at most N days away. Run it once a day."""

from django.core.management.base import BaseCommand

from thaothiam.core import audit
from thaothiam.core.formatting import format_date
from thaothiam.reporting import notifications
from thaothiam.reporting.services import reminders_due


class Command(BaseCommand):
    help = "Remind agencies that have not submitted their report, N days before the deadline."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Days before the deadline (default: each round's own setting).")
        parser.add_argument("--dry-run", action="store_true", help="List the reminders without sending them.")

    def handle(self, *args, days, dry_run, **options):
        due = reminders_due(days=days)
        sent = 0
        for agency, round_, deadline, addresses in due:
            line = f"{agency.code}\t{round_.fy} {round_.label}\t{format_date(deadline, thai=False)}\t{', '.join(addresses) or '-'}"
            self.stdout.write(("[dry run] " if dry_run else "") + line)
            if not dry_run and addresses:
                sent += notifications.remind(agency, round_, deadline, addresses)
        if not dry_run:
            audit.record("reporting.reminders.send", note=f"{len(due)} agencies due, {sent} e-mails sent")
        self.stdout.write(f"{len(due)} agencies due; {sent} e-mails sent.")
