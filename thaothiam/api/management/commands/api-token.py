"""`thaothiam api-token`: create system accounts and issue or revoke their tokens from the console.

    thaothiam api-token create-account hr-system --scope workforce:write [--agency DIS-1001]
    thaothiam api-token issue hr-system [--days 90]      # prints the token once
    thaothiam api-token revoke PREFIX
"""

from django.core.management.base import BaseCommand, CommandError

from thaothiam.agencies.models import Agency
from thaothiam.api import services
from thaothiam.api.models import ApiToken, Scope, SystemAccount


class Command(BaseCommand):
    help = "Create API system accounts; issue (shown once) and revoke their tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create-account")
        create.add_argument("name")
        create.add_argument("--agency", default="", help="Agency code; empty for a BMA-wide account.")
        create.add_argument("--scope", action="append", default=[], choices=Scope.values, dest="scopes")
        create.add_argument("--rate", type=int, default=120, help="Requests per minute per token.")
        issue = sub.add_parser("issue")
        issue.add_argument("name")
        issue.add_argument("--days", type=int, default=services.DEFAULT_DAYS)
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        if action == "create-account":
            agency = None
            if options["agency"]:
                agency = Agency.objects.filter(code=options["agency"]).first()
                if agency is None:
                    raise CommandError(f"no agency {options['agency']}")
            if SystemAccount.objects.filter(name=options["name"]).exists():
                raise CommandError(f"a system account {options['name']} exists already")
            account = services.system_account_create(name=options["name"], agency=agency, scopes=options["scopes"],
                                                     rate_per_minute=options["rate"])
            self.stdout.write(f"created {account.name} ({agency.code if agency else 'BMA-wide'}): "
                              f"{', '.join(account.scopes) or 'no scopes'}")
        elif action == "issue":
            account = SystemAccount.objects.filter(name=options["name"]).first()
            if account is None:
                raise CommandError(f"no system account {options['name']}")
            try:
                token, secret = services.api_token_issue(account=account, days=options["days"])
            except ValueError as error:
                raise CommandError(str(error)) from None
            self.stderr.write(f"expires {token.expires_at:%Y-%m-%d}; shown only this once:")
            self.stdout.write(secret)
        else:
            token = ApiToken.objects.filter(prefix=options["prefix"]).first()
            if token is None:
                raise CommandError(f"no token {options['prefix']}")
            services.api_token_revoke(token=token)
            self.stdout.write(f"revoked {token.prefix}")
