"""Demo complaints: officers with keys (password `demo`), published channels, holidays and cases in every
state with fictional narratives. At the bma scale 5,000 cases more, for the officer's case list bench.

Demo cases are wrapped to a receipt key pair nobody was given, like a receipt that was lost: a receipt is
shown once and never logged, so to try the follow-up, file a report on /complaints/report/.
"""

from __future__ import annotations

import datetime as dt
import json

from nacl.public import PrivateKey

from thaothiam.accounts import twofactor
from thaothiam.accounts.models import Role, RoleGrant, User
from thaothiam.agencies.models import Agency
from thaothiam.core.demodata import DEMO_PASSWORD, DemoContext
from thaothiam.core.fiscal import fiscal_year

from . import crypto
from .keys import today
from .models import (
    OPEN_STATES,
    AccessEntry,
    Case,
    CaseEvent,
    CaseExclusion,
    CaseHolder,
    Category,
    ChannelContact,
    ExternalChannel,
    Holiday,
    Measure,
    Message,
    OfficerKey,
    Outcome,
    PublicityCount,
    Relationship,
    Sender,
    State,
    Want,
)
from .workdays import add_working_days

ORDER = 60
HOME = "DIS-1001"
OFFICERS = [  # username, first, last, agency code (None: central), e-mail
    ("complaint-dis-1001", "อรทัย", "รับเรื่อง", HOME, "complaint-dis-1001@example.org"),
    ("complaint-central", "ชนิดา", "คุ้มครอง", None, "complaint-central@example.org"),
    ("complaint-central-2", "พีรพล", "ยุติธรรม", None, "complaint-central-2@example.org"),
]
NARRATIVES = [  # fictional
    "หัวหน้างานส่งข้อความทางไลน์ในเวลากลางคืน ชวนไปพบนอกเวลางานหลายครั้ง แม้จะปฏิเสธแล้ว",
    "เพื่อนร่วมงานพูดล้อเลียนเรื่องเพศสภาพของข้าพเจ้าในที่ประชุมทุกสัปดาห์ ทำให้รู้สึกอับอาย",
    "ไม่ได้รับมอบหมายงานโครงการสำคัญหลังจากแจ้งว่าตั้งครรภ์ ทั้งที่เคยรับผิดชอบมาตลอด",
    "หลังจากร้องเรียนครั้งก่อน ถูกย้ายโต๊ะไปไว้คนเดียวและไม่ได้รับเชิญเข้าประชุมทีม",
    "ผู้มาติดต่อราชการพูดจาแทะโลมและพยายามแตะตัวที่เคาน์เตอร์บริการ",
    "มีการส่งภาพไม่เหมาะสมในกลุ่มไลน์ของฝ่าย และหัวหน้าไม่ห้ามปราม",
]
REPLIES = [
    "ได้รับเรื่องของท่านแล้ว เจ้าหน้าที่จะติดต่อกลับภายใน 3 วันทำการ",
    "ขอเชิญท่านนัดหมายพูดคุยเพื่อรับฟังความต้องการของท่าน ท่านสะดวกวันใด",
    "ได้จัดให้แยกพื้นที่การทำงานชั่วคราวแล้ว หากมีปัญหาแจ้งได้ทางช่องทางนี้",
]
# Every state, with the outcome where there is one.
SHOWCASE = [
    (State.RECEIVED, ""), (State.RECEIVED, ""), (State.ACKNOWLEDGED, ""), (State.ASSESSMENT, ""),
    (State.INFORMAL, ""), (State.FACT_FINDING, ""), (State.REFERRAL, ""), (State.DECIDED, Outcome.SUBSTANTIATED),
    (State.CLOSED, Outcome.RESOLVED), (State.CLOSED, Outcome.PARTLY), (State.CLOSED, Outcome.NOT_SUBSTANTIATED),
    (State.CLOSED, Outcome.WITHDRAWN), (State.CLOSED, Outcome.REFERRED_OUT),
]
BULK = 5000


def _officers(ctx: DemoContext, agencies: dict) -> dict[str, tuple[User, bytes, bytes]]:
    """The demo officers and their keys, set up from the demo password as a first sign-in would."""
    template = User(username="_")
    template.set_password(DEMO_PASSWORD)
    out = {}
    for username, first, last, code, email in OFFICERS:
        user = User.objects.create(username=username, first_name=first, last_name=last, email=email,
                                   agency=agencies[code or "CSC-PSD"], password=template.password)
        RoleGrant.objects.create(user=user, role=Role.COMPLAINT_OFFICER, agency=agencies[code] if code else None)
        locked, private = crypto.new_key_pair(DEMO_PASSWORD)
        OfficerKey.objects.create(user=user, public_key=locked.public_key, locked_private_key=locked.locked_private_key,
                                  salt=locked.salt, ops=locked.ops, mem=locked.mem, kind=OfficerKey.Kind.PASSWORD,
                                  created_on=today())
        out[username] = (user, locked.public_key, private)
        ctx.shared.setdefault("users", {})[username] = user
    # Complaint officers sign in with a password and a code: the demo's published key (README).
    twofactor.demo_enrol([user for user, _public, _private in out.values()])
    return out


def _channels(agencies: dict) -> None:
    ChannelContact.objects.bulk_create([
        ChannelContact(agency=agencies[HOME], name="นางสาวอรทัย รับเรื่อง (เจ้าหน้าที่รับเรื่องร้องเรียน)",
                       phone="02 224 0001 ต่อ 101", email="complaint-dis-1001@example.org"),
        ChannelContact(agency=None, name="นางชนิดา คุ้มครอง สำนักงาน ก.ก.", phone="02 224 0002",
                       email="complaint-central@example.org"),
        ChannelContact(agency=None, name="นายพีรพล ยุติธรรม สำนักงาน ก.ก.", phone="02 224 0003",
                       email="complaint-central-2@example.org"),
    ])
    ExternalChannel.objects.bulk_create([
        ExternalChannel(name_th="ศูนย์ช่วยเหลือสังคม สายด่วน", name_en="Social Assistance Center hotline",
                        phone="1300", order=1),
        ExternalChannel(name_th="กรมกิจการสตรีและสถาบันครอบครัว", name_en="Department of Women's Affairs and "
                        "Family Development", phone="1300", url="https://www.dwf.go.th", order=2),
    ])


def _holidays(year: int) -> None:
    names = [((1, 1), "วันขึ้นปีใหม่", "New Year's Day"), ((4, 6), "วันจักรี", "Chakri Day"),
             ((4, 13), "วันสงกรานต์", "Songkran"), ((4, 14), "วันสงกรานต์", "Songkran"),
             ((4, 15), "วันสงกรานต์", "Songkran"), ((5, 1), "วันแรงงาน", "Labour Day"),
             ((7, 28), "วันเฉลิมพระชนมพรรษา", "King's Birthday"), ((8, 12), "วันแม่แห่งชาติ", "Mother's Day"),
             ((10, 13), "วันนวมินทรมหาราช", "King Bhumibol Memorial Day"), ((10, 23), "วันปิยมหาราช", "Chulalongkorn Day"),
             ((12, 5), "วันพ่อแห่งชาติ", "Father's Day"), ((12, 10), "วันรัฐธรรมนูญ", "Constitution Day"),
             ((12, 31), "วันสิ้นปี", "New Year's Eve")]
    Holiday.objects.bulk_create([Holiday(date=dt.date(y, m, d), name_th=th, name_en=en)
                                 for y in (year - 2, year - 1, year, year + 1) for (m, d), th, en in names])


def _dates(state: str, received: dt.date, rng) -> dict:
    """Coherent handling dates for a case that reached ``state``."""
    order = [State.RECEIVED, State.ACKNOWLEDGED, State.ASSESSMENT, State.FACT_FINDING, State.DECIDED, State.CLOSED]
    reached = order.index(state) if state in order else order.index(State.ASSESSMENT) + 1
    out = {"acknowledged_on": None, "path_on": None, "decided_on": None, "closed_on": None, "late_stages": 0}
    day = received
    if reached >= 1:
        day = day + dt.timedelta(days=rng.choice([1, 2, 3, 4, 6]))
        out["acknowledged_on"] = day
        out["late_stages"] += int(day > add_working_days(received, 3, set()))
    if reached >= 3:
        day = day + dt.timedelta(days=rng.randint(5, 25))
        out["path_on"] = day
    if reached >= 4:
        day = day + dt.timedelta(days=rng.randint(10, 90))
        out["decided_on"] = day
        out["late_stages"] += int(rng.random() < 0.2)
    if reached >= 5:
        day = day + dt.timedelta(days=rng.randint(1, 10))
        out["closed_on"] = day
    out["last_handled_on"] = day
    return out


def _case(ctx, agency, state, outcome, received, *, narrative) -> tuple[Case, bytes]:
    """A case wrapped to a receipt key pair that nobody holds (demo cases have no usable receipt)."""
    rng = ctx.rng
    key = crypto.new_case_key()
    content = {"narrative": narrative, "wants": rng.sample(list(Want.values), k=rng.randint(1, 2)),
               "place": rng.choice(["", "ห้องประชุมชั้น 3", "เคาน์เตอร์บริการ"]),
               "when": {"month": received.month, "year": received.year, "ongoing": rng.random() < 0.3},
               "name": "", "contact": {"mode": "system", "phone": "", "email": "", "notify": False}, "accused": ""}
    dates = _dates(state, received, rng)
    cfg_days = 3 if state == State.RECEIVED else 15 if state in (State.ACKNOWLEDGED, State.ASSESSMENT) else 60
    due = add_working_days(dates["last_handled_on"], cfg_days, set()) if state in OPEN_STATES else None
    case = Case(agency=agency, category=rng.choice(Category.values), relationship=rng.choice(Relationship.values),
                named=False, state=state, outcome=outcome,
                path=state if state in (State.INFORMAL, State.FACT_FINDING, State.REFERRAL) else
                (State.FACT_FINDING if dates["path_on"] else ""),
                fiscal_year=fiscal_year(received), received_on=received, due_on=due,
                receipt_lookup=crypto.random_bytes(32),
                receipt_wrap=crypto.wrap(key, bytes(PrivateKey.generate().public_key)),
                content=crypto.seal(key, json.dumps(content).encode()), **dates)
    return case, key


def generate(ctx: DemoContext) -> None:
    agencies = {a.code: a for a in Agency.objects.all()}
    officers = _officers(ctx, agencies)
    _channels(agencies)
    on = today()
    _holidays(on.year)
    home = agencies[HOME]
    local = officers["complaint-dis-1001"]
    central = [officers["complaint-central"], officers["complaint-central-2"]]
    cases, keys_, holders_of = [], [], []
    for i, (state, outcome) in enumerate(SHOWCASE):
        days_back = 2 if state == State.RECEIVED else 20 + 40 * i
        case, key = _case(ctx, home, state, outcome, on - dt.timedelta(days=days_back),
                          narrative=NARRATIVES[i % len(NARRATIVES)])
        cases.append(case)
        keys_.append(key)
        holders_of.append([local, *central])
    if ctx.is_bma:
        others = [a for a in agencies.values() if a.is_active]
        for _n in range(BULK):
            agency = ctx.rng.choice(others)
            received = on - dt.timedelta(days=ctx.rng.randint(3, 3 * 365))
            state = ctx.rng.choice([*OPEN_STATES, State.CLOSED, State.CLOSED, State.CLOSED])
            outcome = ctx.rng.choice(Outcome.values) if state == State.CLOSED else ""
            case, key = _case(ctx, agency, state, outcome, received, narrative=ctx.rng.choice(NARRATIVES))
            cases.append(case)
            keys_.append(key)
            holders_of.append(([local] if agency.code == HOME else []) + central)
    Case.objects.bulk_create(cases, batch_size=1000)
    holders, messages, events = [], [], []
    for case, key, officers_ in zip(cases, keys_, holders_of, strict=True):
        holders.extend(CaseHolder(case=case, user=user, wrapped_key=crypto.wrap(key, public),
                                  central=user.username.startswith("complaint-central"), granted_on=case.received_on)
                       for user, public, _private in officers_)
        events.append(CaseEvent(case=case, action="received", on=case.received_on))
        if case.state != State.RECEIVED:
            messages.append(Message(case=case, sender=Sender.OFFICER, officer=officers_[0][0],
                                    sent_on=case.acknowledged_on or case.received_on,
                                    body=crypto.seal(key, ctx.rng.choice(REPLIES).encode())))
    CaseHolder.objects.bulk_create(holders, batch_size=2000)
    Message.objects.bulk_create(messages, batch_size=2000)
    CaseEvent.objects.bulk_create(events, batch_size=2000)
    # A complainant's message, a protection measure, an excluded officer and one access-log row.
    first_open = cases[3]
    Message.objects.create(case=first_open, sender=Sender.COMPLAINANT, sent_on=on,
                           body=crypto.seal(keys_[3], "ขอบคุณค่ะ สะดวกวันพุธช่วงบ่าย".encode()))
    Measure.objects.create(case=cases[5], kind=Measure.Kind.SEPARATION, starts_on=cases[5].received_on)
    excluded = User.objects.filter(username="head").first()
    if excluded is not None:
        CaseExclusion.objects.create(case=cases[4], user=excluded)
    AccessEntry.objects.create(case=cases[2], user=local[0], what=AccessEntry.What.CASE, on=on)
    PublicityCount.objects.create(agency=home, kind=PublicityCount.Kind.POSTER, fiscal_year=fiscal_year(on), count=3)
    PublicityCount.objects.create(agency=home, kind=PublicityCount.Kind.QR, fiscal_year=fiscal_year(on), count=41)
    ctx.log(f"    {len(cases)} complaint cases")
