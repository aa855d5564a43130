"""System accounts and tokens for the API tests."""

import csv
import io

import pytest

from thaothiam.agencies.models import Agency
from thaothiam.api.models import Scope
from thaothiam.api.services import api_token_issue, system_account_create

HR_HEADER = ["employee_id", "agency_code", "sex", "birth_date", "personnel_type", "position_type", "position_level",
             "is_executive", "start_date", "salary"]


def hr_csv(count: int, agency: str = "DIS-1001", bad_row: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HR_HEADER)
    for n in range(count):
        writer.writerow([f"E{n:06d}", agency, "หญิง" if n % 2 else "ชาย", "15/3/2525", "ข้าราชการกรุงเทพมหานครสามัญ",
                         "วิชาการ", "ชำนาญการ", "ไม่ใช่", "2010-06-01", str(30000 + n)])
    if bad_row:
        writer.writerow(["E999999", agency, "?", "31/2/2520", "ข้าราชการกรุงเทพมหานครสามัญ", "วิชาการ", "ชำนาญการ",
                         "maybe", "2010-06-01", "x"])
    return out.getvalue().encode("utf-8")


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
