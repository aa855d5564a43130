import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from thaothiam.core.demodata import SCALES, DemoContext, load_reference_data, steps


class Command(BaseCommand):
    help = "Load realistic synthetic demo data (small for trying out, bma for the benchmark)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="small")
        parser.add_argument("--reset", action="store_true", help="Erase all data first (reference data is reloaded).")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when demo users already exist.")
        parser.add_argument("--seed", type=int, default=2568)

    def handle(self, *args, scale, reset, if_empty, seed, **options):
        if settings.PRODUCTION:
            raise CommandError("Refusing to load demo data in production mode (THAOTHIAM_PRODUCTION=1).")
        from django.contrib.auth import get_user_model

        User = get_user_model()  # noqa: N806
        if if_empty and User.objects.filter(username="central").exists():
            self.stdout.write("Demo data already present; nothing to do.")
            return
        if reset:
            self._reset()
        elif User.objects.filter(username="central").exists():
            raise CommandError("Demo data is already loaded. Use --reset to erase everything and load it again.")
        started = time.monotonic()
        ctx = DemoContext(scale=scale, seed=seed, stdout=self.stdout)
        for step in steps():
            step_started = time.monotonic()
            with transaction.atomic():
                step.generate(ctx)
            self.stdout.write(f"  {step.__name__}: {time.monotonic() - step_started:.1f} s")
        self.stdout.write(self.style.SUCCESS(f"Demo data ({scale}) loaded in {time.monotonic() - started:.1f} s."))

    def _reset(self):
        call_command("flush", interactive=False, verbosity=0)
        load_reference_data()
