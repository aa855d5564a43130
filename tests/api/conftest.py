"""System accounts and tokens for the API tests."""

import pytest

from thaothiam.agencies.models import Agency
from thaothiam.api.models import Scope
from thaothiam.api.services import api_token_issue, system_account_create


@pytest.fixture
def token_for(reference_data):
    """token_for("DIS-1001", Scope.WORKFORCE_WRITE) → 'Bearer tt_…' header value of a new system account."""
    made = {}

    def make(agency_code: str | None, *scopes: str, rate: int = 1000, days: int = 30) -> str:
        name = f"sys-{len(made)}"
        agency = Agency.objects.get(code=agency_code) if agency_code else None
        account = system_account_create(name=name, agency=agency, scopes=list(scopes or Scope.values),
                                        rate_per_minute=rate)
        _token, secret = api_token_issue(account=account, days=days)
        made[name] = secret
        return f"Bearer {secret}"

    return make
