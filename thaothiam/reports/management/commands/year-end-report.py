"""`thaothiam year-end-report --fy 2568 --format pdf|xlsx --output FILE [--agency CODE]`."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thaothiam.agencies.models import Agency
from thaothiam.core import audit


class Command(BaseCommand):
    help = "Write the year-end report (BMA-wide, or one agency's) from accepted data as PDF or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--fy", type=int, required=True, help="Fiscal year, B.E. (e.g. 2568).")
        parser.add_argument("--format", choices=["pdf", "xlsx"], required=True)
        parser.add_argument("--output", required=True, help="File to write.")
        parser.add_argument("--agency", default="", help="Agency code for a per-agency report.")
        parser.add_argument("--language", choices=["th", "en"], default="th")

    def handle(self, *args, fy, format, output, agency, language, **options):
        from thaothiam.reports import yearend

        if not 2500 <= fy <= 2700:
            raise CommandError("--fy is a Buddhist-era fiscal year such as 2568.")
        target = None
        if agency:
            target = Agency.objects.filter(code=agency).first()
            if target is None:
                raise CommandError(f"No agency with code {agency!r}.")
        started = time.perf_counter()
        render = yearend.render_pdf if format == "pdf" else yearend.render_xlsx
        data = render(fy, target, language=language)
        Path(output).write_bytes(data)
        audit.record("reports.year_end.cli", note=f"fy={fy} format={format} agency={agency or 'BMA'}")
        self.stdout.write(f"Wrote {output} ({len(data):,} bytes) in {time.perf_counter() - started:.1f} s.")
