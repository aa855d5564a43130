"""Start the test OpenID provider: migrate its throw-away database, make its signing key and the
ThaoThiam client, then serve. Usage: idp_serve.py PORT REDIRECT_URI CLIENT_ID CLIENT_SECRET"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idp_settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402


def main() -> None:
    port, redirect_uri, client_id, client_secret = sys.argv[1:5]
    call_command("migrate", verbosity=0)
    from oidc_provider.models import Client, ResponseType, RSAKey

    if not RSAKey.objects.exists():
        call_command("creatersakey")
    client, _ = Client.objects.update_or_create(
        client_id=client_id,
        defaults={"name": "ThaoThiam", "client_type": "confidential", "client_secret": client_secret,
                  "jwt_alg": "RS256", "require_consent": False, "reuse_consent": True,
                  "_redirect_uris": redirect_uri},
    )
    client.response_types.set([ResponseType.objects.get(value="code")])
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True, verbosity=0)


if __name__ == "__main__":
    main()
