"""Demo accounts (password `demo`), as listed in the README and PRODUCT.md §7."""

from thaothiam.agencies.models import Agency
from thaothiam.core.demodata import DEMO_PASSWORD, DemoContext

from . import twofactor
from .models import Role, RoleGrant, User

ORDER = 10
HOME_AGENCY = "DIS-1001"  # สำนักงานเขตพระนคร

# username, first name, last name, home agency code, [(role, agency code or None for BMA-wide)]
ACCOUNTS = [
    ("admin", "สมชาย", "ดูแลระบบ", "CSC", [(Role.ADMIN, None)]),
    ("central", "วิภาวรรณ", "พัฒนาระบบ", "CSC-PSD", [(Role.CENTRAL, None), (Role.STAFF, "CSC-PSD")]),
    ("executive", "ปกรณ์", "บริหารดี", "PSO", [(Role.EXECUTIVE, None)]),
    ("coordinator", "นภัสสร", "ประสานงาน", HOME_AGENCY, [(Role.COORDINATOR, HOME_AGENCY), (Role.STAFF, HOME_AGENCY)]),
    ("head", "ธนพล", "ผู้อำนวยการเขต", HOME_AGENCY, [(Role.HEAD, HOME_AGENCY), (Role.STAFF, HOME_AGENCY)]),
    ("staff", "กมลชนก", "ใจดี", HOME_AGENCY, [(Role.STAFF, HOME_AGENCY)]),
]


def generate(ctx: DemoContext) -> None:
    agencies = {a.code: a for a in Agency.objects.all()}
    users = []
    # One password hash for all demo accounts: hashing is deliberately slow.
    template = User(username="_")
    template.set_password(DEMO_PASSWORD)
    for username, first, last, home, _grants in ACCOUNTS:
        users.append(User(username=username, first_name=first, last_name=last, agency=agencies[home],
                          password=template.password, is_staff=username == "admin"))
    # A coordinator and a head for every other agency, so every agency can report.
    for code, agency in agencies.items():
        if code == HOME_AGENCY or agency.kind == Agency.Kind.DIVISION:
            continue
        slug = code.lower()
        users.append(User(username=f"coord-{slug}", first_name="ผู้ประสานงาน", last_name=agency.name_th,
                          agency=agency, password=template.password))
        users.append(User(username=f"head-{slug}", first_name="หัวหน้าหน่วยงาน", last_name=agency.name_th,
                          agency=agency, password=template.password))
    User.objects.bulk_create(users)
    by_name = {u.username: u for u in User.objects.all()}
    grants = []
    for username, _first, _last, _home, roles in ACCOUNTS:
        for role, code in roles:
            grants.append(RoleGrant(user=by_name[username], role=role, agency=agencies.get(code)))
    for username, user in by_name.items():
        if username.startswith("coord-"):
            grants.append(RoleGrant(user=user, role=Role.COORDINATOR, agency=user.agency))
        elif username.startswith("head-"):
            grants.append(RoleGrant(user=user, role=Role.HEAD, agency=user.agency))
    RoleGrant.objects.bulk_create(grants)
    # The roles that need a second factor get the published demo key (README, "Demo accounts").
    twofactor.demo_enrol([by_name[name] for name, *_rest, roles in ACCOUNTS
                          if {role for role, _code in roles} & twofactor.REQUIRED_ROLES])
    ctx.shared["users"] = by_name
    ctx.log(f"    {len(by_name)} accounts")
