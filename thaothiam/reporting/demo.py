"""Demo step 30: reporting rounds and agency reports for FY 2568 (complete), 2569 (in progress) and
the first round of 2570, with realistic variety: late agencies, returned reports, missing rounds.

small: every agency, 1–3 activities per report. bma: ~7,000 activities over the three years.
Everything is written with bulk_create; one audit event records the counts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from thaothiam.core import audit
from thaothiam.core.demodata import DemoContext
from thaothiam.plans.models import Indicator, PlanItem, Target

from . import services
from .models import (
    GENDER_FIELDS,
    TYPE_ITEM,
    Activity,
    AgencyReport,
    Evidence,
    IndicatorValue,
    ReportStep,
    Round,
    Status,
)
from .selectors import reporting_agencies

ORDER = 30
HOME = "DIS-1001"

TITLES = {
    "training": ["หลักสูตรความเท่าเทียมทางเพศสำหรับบุคลากร", "อบรมการป้องกันการคุกคามทางเพศในที่ทำงาน"],
    "elearning": ["ส่งเสริมการเรียนบทเรียน e-Learning ความเท่าเทียมทางเพศ"],
    "mainstreaming": ["สัมมนาการบูรณาการเพศสภาวะในงานประจำ"],
    "comm_online": ["เผยแพร่อินโฟกราฟิกนโยบายไม่เลือกปฏิบัติทางเพศทางเฟซบุ๊ก"],
    "comm_video": ["ผลิตคลิปวิดีโอ “เข้าใจ ยอมรับ เท่าเทียม”"],
    "comm_campaign": ["รณรงค์ยุติความรุนแรงต่อผู้หญิงและเด็ก"],
    "comm_declaration": ["ประกาศเจตนารมณ์ไม่ยอมรับการคุกคามทางเพศในองค์กร"],
    "comm_meeting": ["ชี้แจงนโยบายความเท่าเทียมทางเพศในการประชุมประจำเดือน"],
    "leaders": ["อบรมผู้นำการเปลี่ยนแปลงด้านความเท่าเทียมทางเพศ"],
    "measure": ["จัดทำแนวปฏิบัติการแต่งกายตามเพศสภาพ", "มาตรการเวลาทำงานยืดหยุ่นสำหรับผู้ดูแลครอบครัว"],
    "gr_project": ["บริการห้องให้นมบุตรสำหรับประชาชนและบุคลากร", "โครงการสำรวจความต้องการบริการจำแนกเพศ"],
    "partnership": ["ความร่วมมือกับมูลนิธิและภาคประชาสังคมด้านความหลากหลายทางเพศ"],
    "data": ["ปรับปรุงข้อมูลบุคลากรจำแนกเพศในระบบทะเบียนประวัติ"],
    "environment": ["ปรับปรุงห้องน้ำสำหรับทุกเพศ", "ติดตั้งไฟส่องสว่างและกล้องในจุดเสี่ยง"],
    "complaint_publicity": ["ประชาสัมพันธ์ช่องทางร้องเรียนการคุกคามทางเพศ"],
    "assessment": ["สำรวจสภาพแวดล้อมการทำงานด้านการเลือกปฏิบัติและการคุกคามทางเพศ"],
}
PEOPLE_TYPES = {"training", "elearning", "mainstreaming", "comm_meeting", "leaders", "gr_project", "assessment"}
RETURN_COMMENTS = ["กรุณาแนบหลักฐานการจัดกิจกรรมเพิ่มเติม", "จำนวนผู้เข้าร่วมจำแนกเพศไม่ตรงกับรายชื่อ กรุณาตรวจสอบ",
                   "กรุณาระบุผลลัพธ์ของกิจกรรมให้ชัดเจน"]
LATE_REASONS = ["ผู้ประสานงานเปลี่ยนตัว", "รอข้อมูลจากฝ่ายปกครอง", "ระบบเครือข่ายขัดข้อง"]



# Findings agencies write for the text indicator 3.3 (varied, as real answers are).
FINDINGS = [
    "ไม่พบกรณีการคุกคามทางเพศ เสนอให้จัดอบรมผู้บังคับบัญชาเพิ่มเติม",
    "บุคลากรหญิงต้องการห้องให้นมบุตรที่เป็นสัดส่วน เสนอให้ปรับปรุงห้องพักชั้น 2",
    "บุคลากรบางส่วนไม่ทราบช่องทางร้องเรียน เสนอให้ประชาสัมพันธ์ทุกไตรมาส",
    "ห้องน้ำไม่เพียงพอในช่วงเวลาเร่งด่วน เสนอให้จัดห้องน้ำสำหรับทุกเพศเพิ่ม 1 ห้อง",
    "ผู้ตอบแบบสำรวจรู้สึกปลอดภัยในการทำงานกะกลางคืนน้อย เสนอให้เพิ่มแสงสว่างและกล้องวงจรปิด",
]

def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _status_for(rng, fy: int, seq: int, code: str, today: dt.date, deadline: dt.date) -> str:
    """The status of one agency's report, with the variety of a real year."""
    if today < deadline - dt.timedelta(days=15):  # the period has not ended: work in progress
        return rng.choice([Status.DRAFT, Status.DRAFT, Status.NOT_STARTED])
    roll = rng.random()
    if fy == 2568 or seq <= 3:
        return Status.NOT_STARTED if roll < 0.03 else Status.ACCEPTED
    if seq == 4:
        table = [(0.60, Status.ACCEPTED), (0.75, Status.APPROVED), (0.85, Status.SUBMITTED), (0.90, Status.RETURNED),
                 (0.95, Status.DRAFT), (1.0, Status.NOT_STARTED)]
    else:
        table = [(0.20, Status.ACCEPTED), (0.35, Status.APPROVED), (0.55, Status.SUBMITTED), (0.60, Status.RETURNED),
                 (0.80, Status.DRAFT), (1.0, Status.NOT_STARTED)]
    return next(status for limit, status in table if roll < limit)


# A one-page PDF (valid structure, no content) standing in for a scanned attendance sheet.
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _home_evidence(coordinator) -> None:
    """Evidence files on สำนักงานเขตพระนคร's activities, so the demo shows uploads and access-checked downloads."""
    from django.core.files.base import ContentFile

    rows = []
    for activity in Activity.objects.filter(agency__code=HOME).order_by("pk")[:12]:
        evidence = Evidence(activity=activity, original_name="รายชื่อผู้เข้าร่วม.pdf", content_type="application/pdf",
                            size=len(DEMO_PDF), uploaded_by=coordinator)
        evidence.file.save("evidence.pdf", ContentFile(DEMO_PDF), save=False)
        rows.append(evidence)
    Evidence.objects.bulk_create(rows)


def _demo_emails() -> None:
    """Give the demo's workflow actors an address, so notifications appear on the console backend."""
    from django.db.models import Value
    from django.db.models.functions import Concat

    from thaothiam.accounts.models import Role, User

    actors = User.objects.filter(email="", grants__role__in=[Role.COORDINATOR, Role.HEAD, Role.CENTRAL]).distinct()
    User.objects.filter(pk__in=actors.values("pk")).update(email=Concat("username", Value("@demo.thaothiam.invalid")))


def _analyze() -> None:
    """Refresh the planner's statistics after a bulk load (PostgreSQL otherwise plans for empty tables
    until autovacuum comes round, and picks nested loops that are ten times slower)."""
    from django.db import connection

    tables = ["reporting_agencyreport", "reporting_activity", "reporting_indicatorvalue", "reporting_reportstep",
              "plans_target"]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def generate(ctx: DemoContext) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    users = ctx.shared.get("users", {})
    central = users.get("central")
    for fy in (2568, 2569, 2570):
        services.rounds_create_for_year(fy=fy, actor=central)
    rounds = [r for r in Round.objects.order_by("fy", "seq") if r.period.start <= today]
    agencies = list(reporting_agencies())
    items = {i.code: i for i in PlanItem.objects.filter(pillar__plan__is_current=True).select_related("pillar")}
    indicators = ctx.shared.get("indicators") or list(Indicator.objects.filter(is_active=True))
    defaults = {(t.indicator_id, t.fy): t.agency_default for t in Target.objects.filter(agency__isnull=True)}
    per_report = (7, 12) if ctx.is_bma else (1, 3)

    # 1. reports with their workflow fields
    reports, plan = [], []
    for rnd in rounds:
        for agency in agencies:
            status = _status_for(rng, rnd.fy, rnd.seq, agency.code, today, rnd.deadline)
            if agency.code == HOME and rnd.fy == 2569:
                status = {4: Status.APPROVED, 5: Status.DRAFT}.get(rnd.seq, Status.ACCEPTED)
            if agency.code == HOME and rnd.fy == 2570:
                status = Status.NOT_STARTED  # left for the demo coordinator to start
            if status == Status.NOT_STARTED:
                continue
            late = status != Status.DRAFT and rng.random() < 0.12
            submitted = _aware(rnd.deadline + dt.timedelta(days=rng.randint(1, 20) if late else -rng.randint(0, 10)))
            returned_once = status == Status.RETURNED or (status == Status.ACCEPTED and rng.random() < 0.08)
            report = AgencyReport(round=rnd, agency=agency, fy=rnd.fy, status=status,
                                  summary="ดำเนินการตามแผนปฏิบัติการฯ ครบตามที่กำหนด" if status != Status.DRAFT else "")
            if status in (Status.SUBMITTED, Status.APPROVED, Status.ACCEPTED, Status.RETURNED):
                report.first_submitted_at = submitted
                report.submitted_at = submitted + (dt.timedelta(days=4) if returned_once else dt.timedelta())
                report.is_late = late
                report.late_reason = rng.choice(LATE_REASONS) if late else ""
            if status in (Status.APPROVED, Status.ACCEPTED):
                report.approved_at = report.submitted_at + dt.timedelta(days=2)
            if status == Status.ACCEPTED:
                report.accepted_at = report.approved_at + dt.timedelta(days=rng.randint(3, 12))
            if returned_once:
                report.return_comment = rng.choice(RETURN_COMMENTS)
            reports.append(report)
            plan.append((report, returned_once))
    AgencyReport.objects.bulk_create(reports, batch_size=1000)

    # 2. the history of each report
    head_of = {u.agency_id: u for name, u in users.items() if name.startswith("head")}
    coord_of = {u.agency_id: u for name, u in users.items() if name.startswith("coord")}
    steps = []
    for report, returned_once in plan:
        coord, head = coord_of.get(report.agency_id), head_of.get(report.agency_id)
        if report.first_submitted_at is None:
            continue
        steps.append(ReportStep(report=report, from_status=Status.DRAFT, to_status=Status.SUBMITTED, actor=coord,
                                at=report.first_submitted_at, comment=report.late_reason))
        if returned_once:
            steps.append(ReportStep(report=report, from_status=Status.SUBMITTED, to_status=Status.RETURNED, actor=head,
                                    at=report.first_submitted_at + dt.timedelta(days=2), comment=report.return_comment))
            if report.status != Status.RETURNED:
                steps.append(ReportStep(report=report, from_status=Status.RETURNED, to_status=Status.SUBMITTED,
                                        actor=coord, at=report.submitted_at))
        if report.approved_at:
            steps.append(ReportStep(report=report, from_status=Status.SUBMITTED, to_status=Status.APPROVED, actor=head,
                                    at=report.approved_at))
        if report.accepted_at:
            steps.append(ReportStep(report=report, from_status=Status.APPROVED, to_status=Status.ACCEPTED,
                                    actor=central, at=report.accepted_at))
    ReportStep.objects.bulk_create(steps, batch_size=2000)

    # 3. activities
    kinds = list(TYPE_ITEM)
    activities = []
    for report in reports:
        start, end = report.round.period.bounds
        end = min(end, today)
        span = max((end - start).days, 0)
        for _n in range(rng.randint(*per_report)):
            kind = rng.choice(kinds)
            day = start + dt.timedelta(days=rng.randint(0, span))
            female = male = 0
            gi = dict.fromkeys(GENDER_FIELDS, 0)
            if kind in PEOPLE_TYPES:
                size = rng.randint(3, 40) if kind == "leaders" else rng.randint(8, 180)
                female = round(size * rng.uniform(0.45, 0.7))
                male = size - female
                if rng.random() < 0.5:  # gender identity recorded with consent for half the activities
                    diverse = min(rng.randint(0, max(size // 15, 1)), size)
                    undisclosed = min(rng.randint(0, 3), size - diverse)
                    gi_f = min(female, size - diverse - undisclosed)
                    gi = {"gi_female": gi_f, "gi_male": size - diverse - undisclosed - gi_f,
                          "gi_diverse": diverse, "gi_undisclosed": undisclosed}
            partners = [rng.randint(0, 3), rng.randint(0, 2), rng.randint(0, 3)] if kind == "partnership" else [0, 0, 0]
            activities.append(Activity(
                report=report, agency_id=report.agency_id, fy=report.fy, plan_item=items[TYPE_ITEM[kind]], kind=kind,
                title=rng.choice(TITLES[kind]), start_date=day, end_date=min(day + dt.timedelta(days=rng.choice([0, 0, 1, 2])), end if end >= day else day),
                budget=Decimal(rng.choice([0, 0, 5000, 12000, 25000, 48000, 150000])), female=female, male=male, **gi,
                partners_government=partners[0], partners_private=partners[1], partners_civil=partners[2],
                outcome="ผู้เข้าร่วมมีความรู้ความเข้าใจเรื่องความเท่าเทียมทางเพศเพิ่มขึ้น" if female + male else "เผยแพร่สื่อและแนวปฏิบัติให้บุคลากรในหน่วยงานรับทราบครบถ้วน",
            ))
    Activity.objects.bulk_create(activities, batch_size=2000)

    # 4. indicator values (year to date, growing through the year)
    values = []
    for report in reports:
        share = report.round.seq / 5
        for ind in indicators:
            if ind.kind == Indicator.Kind.TEXT and report.round.seq != 5:
                continue
            if rng.random() < 0.05:
                continue  # not every agency reports every indicator
            v = IndicatorValue(report=report, indicator=ind, agency_id=report.agency_id, fy=report.fy)
            default = defaults.get((ind.pk, report.fy)) or Decimal(1)
            if ind.kind == Indicator.Kind.YES_NO:
                v.value = Decimal(1 if rng.random() < 0.6 + 0.3 * share else 0)
            elif ind.kind == Indicator.Kind.PERCENT:
                v.value = Decimal(str(round(rng.uniform(80, 100), 1)))
            elif ind.kind == Indicator.Kind.SCORE:
                v.value = Decimal(str(round(rng.uniform(3.2, 4.6), 2)))
            elif ind.kind == Indicator.Kind.TEXT:
                v.text = rng.choice(FINDINGS)
            else:
                total = max(int(float(default) * rng.uniform(0.4, 1.8) * share), 0)
                v.value = Decimal(total)
                if ind.disaggregation != Indicator.Disaggregation.NONE:
                    v.female = round(total * rng.uniform(0.45, 0.7))
                    v.male = total - v.female
                if ind.disaggregation == Indicator.Disaggregation.SEX_GENDER:
                    v.gi_diverse = min(total // 20, total)
                    v.gi_undisclosed = 0
                    v.gi_female = min(v.female, total - v.gi_diverse)
                    v.gi_male = total - v.gi_diverse - v.gi_female
            values.append(v)
    IndicatorValue.objects.bulk_create(values, batch_size=2000)

    _home_evidence(users.get("coordinator"))
    _demo_emails()

    from thaothiam.reports.models import YearEndNarrative

    YearEndNarrative.objects.get_or_create(fy=2568, defaults={
        "summary": ("ในปีงบประมาณ พ.ศ. 2568 หน่วยงานของกรุงเทพมหานครดำเนินการตามแผนปฏิบัติการด้านการส่งเสริม"
                    "ความเท่าเทียมทางเพศครบทั้ง 3 มิติ โดยมิติระดับบุคคลมีผู้เข้าร่วมการฝึกอบรมมากที่สุด "
                    "และหน่วยงานส่วนใหญ่ได้ประกาศเจตนารมณ์และประชาสัมพันธ์ช่องทางการร้องเรียนแล้ว"),
        "recommendations": ("1. เร่งพัฒนาผู้นำการเปลี่ยนแปลงในหน่วยงานที่ยังไม่มี\n"
                            "2. ส่งเสริมการใช้ฐานข้อมูลจำแนกเพศในการวางแผนงบประมาณ\n"
                            "3. ติดตามหน่วยงานที่ส่งรายงานล่าช้าให้ส่งตามกำหนด"),
        "updated_by": central,
    })
    _analyze()
    audit.record("reporting.demo.load", actor=central,
                 note=f"{len(reports)} reports, {len(activities)} activities, {len(values)} indicator values")
    ctx.log(f"    {len(rounds)} rounds, {len(reports)} reports, {len(activities)} activities, {len(values)} values")
