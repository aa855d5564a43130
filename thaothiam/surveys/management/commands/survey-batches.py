"""`thaothiam survey-batches`: write the mixing pool and release results. Run it hourly from cron.

* Every campaign whose pool holds at least 2 submissions is written as a batch, in random order
  (a pool of 10 is written at once by the submission that fills it) — surveys/pool.py.
* Every open campaign with at least 10 new responses and no release today gets a new release of its
  results — surveys/releases.py.
* On SQLite, the write-ahead log is checkpointed and truncated; on PostgreSQL the two pool tables are
  emptied (TRUNCATE, waiting rows copied back) so no deleted pending answer stays in their pages (0126).

Prints counts only (never which invitation, never a time).
"""

from django.core.management.base import BaseCommand

from thaothiam.surveys import pool, releases


class Command(BaseCommand):
    help = "Write pending survey submissions in random order (≥ 2 waiting) and release results (daily, ≥ 10 new)."

    def add_arguments(self, parser):
        parser.add_argument("--no-release", action="store_true", help="Only write the pool.")

    def handle(self, *args, no_release=False, **options):
        written = pool.flush_due(minimum=pool.MIN_HOURLY)
        self.stderr.write(f"{sum(written.values())} submission(s) written in {len(written)} batch(es).")
        if not no_release:
            made = releases.releases_due()
            self.stderr.write(f"{len(made)} result release(s).")
        if not pool.checkpoint():
            self.stderr.write("The write-ahead log or the pool tables are in use; they will be cleaned at the next run.")
