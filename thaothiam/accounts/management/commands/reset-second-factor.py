"""`thaothiam reset-second-factor USERNAME`: remove a user's authenticator and recovery codes (a lost
phone); they set up two-step sign-in again the next time they sign in with their password."""

from django.core.management.base import BaseCommand, CommandError

from thaothiam.accounts import twofactor
from thaothiam.accounts.models import User


class Command(BaseCommand):
    help = "Remove a user's second factor so that they enrol again at their next sign-in (audited)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        twofactor.second_factor_reset(user=user)
        self.stdout.write(f"{username}: second factor removed; they will set it up again at their next sign-in.")
