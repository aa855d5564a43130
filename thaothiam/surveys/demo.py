"""Demo surveys: both instruments for FY 2568 and 2569, and FY 2570 (open today) for answering.

Small: a few hundred to ~2,000 responses per survey. bma: 60,000 responses per survey for each
of the three years (~9 million answers), written with executemany in batches — see the timing
in docs/surveys.md. Answers come from a small latent-trait model so that the opinion survey's
overall mean sits at the "high" level the seed reports and behaviour prevalence is 5–25%.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

import numpy as np
from django.db import connection
from django.utils import timezone

from thaothiam.agencies.models import Agency
from thaothiam.core.demodata import DemoContext
from thaothiam.core.fiscal import fiscal_year, fiscal_year_bounds

from .bands import DEMOGRAPHICS
from .models import SLOT_DTYPE, Campaign, Instrument, Invitation, Response, ResultRelease
from .structure import load

ORDER = 50
BATCH = 5000
SIZES = {"small": {2568: 900, 2569: 1400, 2570: 300}, "bma": {2568: 60000, 2569: 60000, 2570: 60000}}
RESPONSE_RATE = {2568: 0.71, 2569: 0.76, 2570: 0.55}

# Share who experienced each behaviour in a year (before the per-person risk multiplier).
BEHAVIOUR_RATES = {
    "we_sexist_remarks": 0.12, "we_unequal_assignment": 0.07, "we_unequal_promotion": 0.05,
    "we_sexual_jokes": 0.14, "we_unwanted_touching": 0.04, "we_sexual_messages": 0.05,
    "we_sexual_favours": 0.02, "we_staring_following": 0.06, "we_diversity_mocking": 0.08,
}

SUGGESTIONS = [
    "อยากให้มีการอบรมเรื่องความเท่าเทียมทางเพศให้ผู้บริหารทุกระดับ",
    "ควรประชาสัมพันธ์ช่องทางร้องเรียนให้ทั่วถึงมากขึ้น โดยเฉพาะลูกจ้างชั่วคราว",
    "ขอให้มีห้องให้นมบุตรและห้องน้ำที่ทุกเพศใช้ได้ในสำนักงานเขต",
    "ควรมีมาตรการคุ้มครองผู้ร้องเรียนที่ชัดเจนและรวดเร็ว",
    "อยากให้การมอบหมายงานนอกเวลาเป็นธรรมกับทุกคน ไม่ใช่ให้แต่ผู้ชาย",
    "ควรจัดกิจกรรมสร้างความเข้าใจเรื่องความหลากหลายทางเพศอย่างต่อเนื่อง",
    "ขอให้ผลการสำรวจนำไปปรับปรุงจริงและแจ้งผลให้บุคลากรทราบ",
    "ควรมีผู้รับเรื่องร้องเรียนที่เป็นผู้หญิงในทุกหน่วยงาน",
    "ระบบร้องเรียนออนไลน์ควรใช้งานง่ายบนโทรศัพท์มือถือ",
    "อยากให้มีคู่มือแนวปฏิบัติเป็นภาษาที่เข้าใจง่าย",
    "ผู้บังคับบัญชาควรเป็นแบบอย่างในการไม่พูดจาเหยียดเพศ",
    "ควรเปิดโอกาสให้ลูกจ้างเข้าร่วมอบรมเช่นเดียวกับข้าราชการ",
    "ขอให้มีการเลื่อนตำแหน่งที่โปร่งใสและตรวจสอบได้",
    "Please run the training in English as well for foreign experts.",
    "เวลาประชุมนอกเวลาทำให้คนที่ต้องดูแลลูกเสียโอกาส ควรจัดในเวลาราชการ",
]


def _dates(fy: int, n: int, rng: np.random.Generator, today: dt.date) -> tuple[dt.date, dt.date, np.ndarray]:
    start, end = fiscal_year_bounds(fy)
    opens = dt.date(start.year + 1, 6, 1)  # a survey window in June–July of the fiscal year
    closes = dt.date(start.year + 1, 7, 31)
    if fy == fiscal_year(today):
        opens, closes = today - dt.timedelta(days=10), today + dt.timedelta(days=45)
    last = min(closes, today)
    span = max((last - opens).days, 0)
    offsets = np.minimum(rng.exponential(span / 3 + 1, n).astype(int), span)
    return opens, closes, offsets


def _demographics(n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Band numbers (surveys/bands.py: i is the i-th core term, 0 not stated), as a demographic question's
    option i is answered."""
    sex = rng.choice([1, 2], n, p=[0.58, 0.42])
    gender = np.where(sex == 1, 1, 2)
    roll = rng.random(n)
    gender = np.where(roll < 0.035, 3, gender)
    gender = np.where((roll >= 0.035) & (roll < 0.10), 4, gender)
    gender = np.where(roll >= 0.90, 0, gender)  # optional question left blank
    personnel = rng.choice([1, 2, 3, 4], n, p=[0.46, 0.14, 0.16, 0.24])
    level = np.where(personnel == 1, rng.choice([1, 2, 3, 4], n, p=[0.55, 0.36, 0.06, 0.03]),
                     np.where(personnel == 2, 2, 5))
    age = rng.choice([1, 2, 3, 4, 5], n, p=[0.17, 0.28, 0.27, 0.25, 0.03])
    return {"sex": sex, "gender_identity": gender, "personnel_type": personnel, "level_band": level, "age_band": age}


def _answers(shape, n: int, fy: int, demo: dict, rng: np.random.Generator) -> np.ndarray:
    m = np.zeros((n, shape.slots), dtype=SLOT_DTYPE)
    trend = {2568: -0.12, 2569: 0.0, 2570: 0.06}.get(fy, 0.0)
    latent = rng.normal(0, 0.55, n) + trend - 0.12 * (demo["gender_identity"] == 3)
    risk = rng.gamma(1.0, 1.0, n) * (1 + 0.5 * (demo["sex"] == 1)) * (1 + 0.8 * (demo["gender_identity"] == 3))
    experienced_any = np.zeros(n, bool)
    witnessed_any = np.zeros(n, bool)
    for index, item in enumerate(shape.items):
        if item.position is None:
            continue
        col = item.position
        if item.demographic:
            m[:, col] = demo[item.demographic]
        elif item.kind == "likert5":
            base = 3.80 + 0.22 * np.sin(index * 1.7) if not item.code.startswith("we_") else 3.32 + 0.15 * np.sin(index)
            raw = base + latent + rng.normal(0, 0.75, n)
            m[:, col] = np.clip(np.rint(raw), 1, 5)
        elif item.kind == "behaviour":
            p_exp = BEHAVIOUR_RATES.get(item.code, 0.05) * risk / 1.3
            p_wit = p_exp * 2.0 + 0.03
            exp = rng.random(n) < np.clip(p_exp, 0, 0.6)
            wit = rng.random(n) < np.clip(p_wit, 0, 0.8)
            m[:, col] = 1 + wit.astype(int) + 2 * exp.astype(int)
            experienced_any |= exp
            witnessed_any |= wit
        elif item.kind == "yesno":
            m[:, col] = np.where(rng.random(n) < 0.78 + 0.04 * (fy - 2568), 1, 2)
    happened = experienced_any | witnessed_any
    reported = shape.item("we_reported")
    if reported is not None:
        choice = rng.choice([2, 3, 4], n, p=[0.27, 0.58, 0.15])
        m[:, reported.position] = np.where(happened, choice, 1)
        to_whom = shape.item("we_reported_to")
        why_not = shape.item("we_not_reported_why")
        bits_to = _bits(rng, n, [0.45, 0.3, 0.12, 0.1, 0.08, 0.04, 0.3, 0.03])
        bits_why = _bits(rng, n, [0.35, 0.25, 0.33, 0.22, 0.28, 0.2, 0.18, 0.3, 0.15, 0.04])
        m[:, to_whom.position] = np.where(choice == 2, bits_to, 0) * happened
        m[:, why_not.position] = np.where(choice == 3, bits_why, 0) * happened
    return m


def _bits(rng, n, probabilities) -> np.ndarray:
    out = np.zeros(n, np.int64)
    for bit, p in enumerate(probabilities):
        out |= (rng.random(n) < p).astype(np.int64) << bit
    first = out == 0  # at least one box ticked
    out[first] = 1
    return out


def _agency_weights(agencies: list[Agency]) -> np.ndarray:
    weight = {"district": 1.0, "department": 3.0, "office": 0.5, "university": 2.0, "division": 0.2}
    w = np.array([weight.get(a.kind, 1.0) for a in agencies])
    return w / w.sum()


def generate(ctx: DemoContext) -> None:
    rng = np.random.default_rng(ctx.rng.randrange(2**32))
    today = timezone.localdate()
    agencies = list(Agency.objects.exclude(kind=Agency.Kind.DIVISION).order_by("code"))
    weights = _agency_weights(agencies)
    users = ctx.shared.get("users", {})
    central = users.get("central")
    sizes = SIZES[ctx.scale]
    total_responses = 0
    for code in ("opinion-2568", "work-environment-2568"):
        instrument = Instrument.objects.get(code=code)
        shape = None
        for fy, n in sizes.items():
            opens, closes, offsets = _dates(fy, n, rng, today)
            status = Campaign.Status.OPEN if closes >= today else Campaign.Status.CLOSED
            campaign = Campaign.objects.create(instrument=instrument, fiscal_year=fy, opens_on=opens,
                                               closes_on=closes, status=status)
            campaign.agencies.set(agencies)
            if shape is None:
                shape = load(instrument.pk)
            agency_ix = rng.choice(len(agencies), n, p=weights)
            _invitations(campaign, agencies, agency_ix, fy, rng, users)
            demo = _demographics(n, rng)
            answers = _answers(shape, n, fy, demo, rng)
            _insert_responses(campaign, shape, agencies, agency_ix, demo, answers, opens, offsets)
            _insert_comments(campaign, shape, agencies, agency_ix, demo, rng)
            ResultRelease.objects.create(campaign=campaign, number=1, released_on=min(today, closes), responses=n,
                                         final=status == Campaign.Status.CLOSED)
            total_responses += n
    if central is not None:
        from thaothiam.core import audit

        audit.record("survey.demo.load", None, actor=central, after={"responses": total_responses})
    ctx.log(f"    {total_responses:,} survey responses")


def _stored(demo: dict[str, np.ndarray]) -> list[list]:
    """The band numbers drawn above as the database stores them: core codes, the level band a number."""
    out = []
    for name in ("sex", "gender_identity", "personnel_type", "level_band", "age_band"):
        dimension = DEMOGRAPHICS[name]
        out.append([dimension.stored(int(number)) for number in demo[name].tolist()])
    return out


def _invitations(campaign, agencies, agency_ix, fy, rng, users) -> None:
    """Personal invitations: one per response (already used) plus those not answered yet."""
    rate = RESPONSE_RATE[fy]
    answered = np.bincount(agency_ix, minlength=len(agencies))
    invited = np.ceil(answered / rate).astype(int)
    table = Invitation._meta.db_table
    columns = ("campaign_id, agency_id, email, token, via_open_link, responded, reminders_sent, "
               "sex, gender_identity, personnel_type, level_band, age_band")
    sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, 'U', 'U', 'U', 0, 'U')"  # noqa: S608
    rows = []
    serial = 0
    for i, agency in enumerate(agencies):
        for k in range(invited[i]):
            serial += 1
            rows.append((campaign.pk, agency.pk, f"staff{serial}.{agency.code.lower()}@demo.bangkok.go.th",
                         secrets.token_urlsafe(24), False, bool(k < answered[i]), 1 if k >= answered[i] else 0))
    rng.shuffle(rows)  # the order of invitations says nothing about who answered
    _executemany(sql, rows)
    if campaign.status == Campaign.Status.OPEN:
        for name in ("staff", "coordinator", "head", "central"):
            user = users.get(name)
            if user is not None and user.agency_id:
                Invitation.objects.get_or_create(campaign=campaign, user=user,
                                                 defaults={"agency_id": user.agency_id, "email": ""})


def _insert_responses(campaign, shape, agencies, agency_ix, demo, answers, opens, offsets) -> None:
    pk_field = Response._meta.pk
    agency_ids = np.array([a.pk for a in agencies])[agency_ix]
    width = answers.shape[1] * 2
    blob = answers.tobytes()
    days = [opens + dt.timedelta(days=int(d)) for d in range(int(offsets.max()) + 1)] if len(offsets) else []
    sql = (f"INSERT INTO {Response._meta.db_table} (id, campaign_id, submitted_on, agency_id, sex, gender_identity, "  # noqa: S608
           "personnel_type, level_band, age_band, answers, release) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 1)")
    cols = _stored(demo)
    ids = agency_ids.tolist()
    offs = offsets.tolist()
    rows = [(pk_field.get_db_prep_value(uuid.uuid4(), connection), campaign.pk, days[offs[i]], ids[i],
             cols[0][i], cols[1][i], cols[2][i], cols[3][i], cols[4][i], blob[i * width:(i + 1) * width])
            for i in range(len(ids))]
    _executemany(sql, rows)


def _insert_comments(campaign, shape, agencies, agency_ix, demo, rng) -> None:
    from .models import OpenAnswer

    items = shape.text_items
    if not items:
        return
    n = len(agency_ix)
    writers = np.nonzero(rng.random(n) < 0.07)[0]
    pk_field = OpenAnswer._meta.pk
    sql = (f"INSERT INTO {OpenAnswer._meta.db_table} (id, campaign_id, item_id, agency_id, sex, gender_identity, "  # noqa: S608
           "personnel_type, level_band, age_band, text, release) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 1)")
    rows = []
    cols = _stored(demo)
    for i in writers.tolist():
        rows.append((pk_field.get_db_prep_value(uuid.uuid4(), connection), campaign.pk, items[0].pk,
                     agencies[agency_ix[i]].pk, *(col[i] for col in cols),
                     SUGGESTIONS[int(rng.integers(len(SUGGESTIONS)))]))
    _executemany(sql, rows)


def _executemany(sql: str, rows: list) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start:start + BATCH])
