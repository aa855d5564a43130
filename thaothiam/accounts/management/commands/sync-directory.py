"""`thaothiam sync-directory`: check every LDAP account against the directory (run it daily).

Updates each person's agency and mapped roles and disables the accounts of people the directory no
longer knows. Exit status 1 when LDAP is not configured or the directory could not be asked.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Check LDAP accounts against the directory: update agencies and roles, disable those who left."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report who left without changing anything.")

    def handle(self, *args, dry_run, **options):
        if not settings.THAOTHIAM_LDAP_ENABLED:
            raise CommandError("LDAP sign-in is not configured (THAOTHIAM_LDAP_URI).")
        from thaothiam.accounts.ldap_backend import sync_directory

        result = sync_directory(dry_run=dry_run)
        self.stdout.write(f"checked {result.checked}, updated {result.updated}, left {result.left}, "
                          f"unreachable {result.failed}{' (dry run: nothing changed)' if dry_run else ''}")
        if result.failed:
            raise CommandError(f"{result.failed} accounts could not be checked: the directory did not answer.")
