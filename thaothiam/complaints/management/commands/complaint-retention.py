"""Destroy the content of closed cases older than central's retention period (crypto-shredding)."""

from django.core.management.base import BaseCommand

from thaothiam.complaints.retention import run


class Command(BaseCommand):
    help = "Destroy the keys and ciphertext of closed complaint cases past the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count the cases that would be destroyed.")

    def handle(self, *args, dry_run=False, **options):
        count = run(dry_run=dry_run)
        self.stdout.write(f"destroyed={count}" if not dry_run else f"would_destroy={count}")
