"""`thaothiam disclosure-audit [--fy 2568]`: audit every fixed table the product publishes about people.

Exit status 1 when any hidden count can be pinned or narrowed (interval audit), or a perturbed table
breaks its rules. See thaothiam/core/disclosure_audit.py and docs/decisions/0026."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Audit the published tables: no hidden count about people may be worked out from them together."

    def add_arguments(self, parser):
        parser.add_argument("--fy", type=int, default=None, help="Only this fiscal year (B.E.).")

    def handle(self, *args, fy, **options):
        from thaothiam.core.disclosure_audit import run

        report = run(fiscal_year=fy, out=self.stdout.write)
        self.stdout.write(f"{report.populations} populations, {report.figures} figures, {report.hidden} hidden "
                          f"exact counts audited in {report.seconds:.1f} s: "
                          f"{'no findings' if report.ok else f'{len(report.problems)} finding(s)'}")
        if not report.ok:
            raise CommandError("disclosure audit found figures that give people away", returncode=1)
