"""`thaothiam import-workforce FILE --as-of YYYY-MM-DD [--agency CODE] [--valid-only]`.

The same import as the web upload (services.workforce_import_run), run in the foreground with a
progress bar on stderr. Exits non-zero, with every problem printed, when the file is refused.
"""

import datetime as dt
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thaothiam.agencies.models import Agency
from thaothiam.workforce import services
from thaothiam.workforce.models import WorkforceImport


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--as-of must be a date YYYY-MM-DD, not {value!r}") from error


class Command(BaseCommand):
    help = "Import a workforce snapshot (CSV or XLSX, one row per person) as of a date."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV or XLSX file with the columns of docs/workforce.md")
        parser.add_argument("--as-of", required=True, help="the snapshot date, YYYY-MM-DD")
        parser.add_argument("--agency", help="agency code: the file covers only this agency")
        parser.add_argument("--valid-only", action="store_true", help="import the valid rows even if some are bad")

    def handle(self, *args, file, as_of, agency=None, valid_only=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        if path.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError("The file must be .csv or .xlsx")
        scope = None
        if agency:
            scope = Agency.objects.filter(code__iexact=agency).first()
            if scope is None:
                raise CommandError(f"Unknown agency code: {agency}")
        job = services.workforce_import_create(as_of=_date(as_of), agency=scope, filename=path.name,
                                               valid_only=valid_only)
        bar = _ProgressBar(sys.stderr)
        job = services.workforce_import_run(job=job, path=path, progress=bar.update, publish=True)
        bar.update(job)
        bar.done()
        errors = services.errors_of(job)
        if job.status != WorkforceImport.Status.PUBLISHED:
            for error in errors:
                where = f"line {error.line}" + (f", column {error.column}" if error.column else "")
                self.stderr.write(f"{where}: {error.message('en')} | {error.message('th')}")
            if job.error_count > len(errors):
                self.stderr.write(f"... and {job.error_count - len(errors)} more problems.")
            raise CommandError(
                f"Refused: {job.error_count} problem(s) in {job.rejected_rows} row(s); nothing was changed."
                if job.status == WorkforceImport.Status.REFUSED else "The import failed; nothing was changed."
            )
        for error in errors:
            self.stderr.write(f"skipped line {error.line}, column {error.column}: {error.message('en')}")
        self.stdout.write(self.style.SUCCESS(
            f"Imported {job.imported_rows} people as of {job.as_of}"
            + (f" for {job.agency.code}" if job.agency else "")
            + (f"; skipped {job.rejected_rows} invalid row(s)" if job.rejected_rows else "") + "."
        ))


class _ProgressBar:
    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream
        self.last = -1

    def update(self, job: WorkforceImport) -> None:
        percent = job.percent
        if percent == self.last:
            return
        self.last = percent
        filled = self.WIDTH * percent // 100
        total = f"/{job.total_rows:,}" if job.total_rows else ""
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {percent:3d}% "
                          f"{job.processed_rows:,}{total} rows {job.get_status_display()}   ")
        self.stream.flush()

    def done(self) -> None:
        self.stream.write("\n")
        self.stream.flush()
