"""Demo learning: the starter e-learning course, a classroom course of the training institute with
sessions, completions spread over agencies, sexes, personnel types and fiscal years 2568–2570, change
agents, and the demo user ``staff`` with one course done and one in progress.

Small: ~3,000 completions; bma: ~150,000, written as plain tuples (COPY on PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
from itertools import accumulate

from django.db import transaction
from django.utils import timezone

from thaothiam.agencies.models import Agency
from thaothiam.core.demodata import DemoContext
from thaothiam.core.fiscal import fiscal_year, fiscal_year_bounds
from thaothiam.plans.models import PlanItem

from .attendance import INSERT_FIELDS, insert_rows, keyed
from .models import ChangeAgent, Completion, Course, Enrolment, Learner, LessonView, ReachCube, Session
from .starter import CODE as STARTER

ORDER = 70
COMPLETIONS = {"small": 3_000, "bma": 150_000}
YEARS = (2568, 2569, 2570)
PERSONNEL = [("civil", 45), ("teacher", 20), ("permanent", 15), ("temporary", 20)]
FIRST = ["สมชาย", "สมหญิง", "วิภา", "ณัฐพล", "กมลวรรณ", "ธนากร", "ปิยะนุช", "อรุณ", "สุดารัตน์", "ชยพล"]
LAST = ["ใจดี", "รักไทย", "ศรีสุข", "มั่นคง", "บุญมา", "แสงทอง", "พัฒนา", "วงศ์ดี"]


def _classroom_course() -> Course:
    course, created = Course.objects.get_or_create(code="gender-mainstreaming-workshop", defaults={
        "kind": Course.Kind.CLASSROOM, "is_published": True,
        "title_th": "หลักสูตรการบูรณาการมิติเพศภาวะในการปฏิบัติงาน สำหรับผู้นำการเปลี่ยนแปลง",
        "title_en": "Gender mainstreaming at work, for change agents",
        "summary_th": "การอบรมเชิงปฏิบัติการ 2 วัน: การวิเคราะห์มิติเพศภาวะ ข้อมูลจำแนกเพศ และการวางแผนงานของหน่วยงาน",
        "summary_en": "A two-day workshop: gender analysis, sex-disaggregated data and the agency's planning.",
        "provider_th": "สถาบันพัฒนาข้าราชการกรุงเทพมหานคร", "provider_en": "BMA Civil Service Training Institute",
        "audiences": ["civil", "teacher"], "trains_change_agents": True})
    if created:
        course.plan_items.set(PlanItem.objects.filter(pillar__plan__is_current=True, pillar__number__in=[1, 2],
                                                      number=1))
    return course


def _sessions(course: Course, rng) -> list[Session]:
    if course.sessions.exists():
        return list(course.sessions.all())
    rows = []
    for fy in YEARS:
        start, _end = fiscal_year_bounds(fy)
        for month in (2, 6, 9):
            day = start + dt.timedelta(days=30 * month + rng.randint(0, 20))
            rows.append(Session(course=course, starts_on=day, ends_on=day + dt.timedelta(days=1),
                                place_th="สถาบันพัฒนาข้าราชการกรุงเทพมหานคร ห้องประชุม 2", place_en="Training institute, room 2",
                                capacity=60, target_group_th="ผู้นำการเปลี่ยนแปลงของหน่วยงาน",
                                target_group_en="Agencies' change agents"))
    return Session.objects.bulk_create(rows)


def _workforce_weights(agencies: list[int]) -> list[int]:
    """Learners come from agencies in proportion to their workforce (about a third of it a year), so the
    demo's share of the workforce reached looks like a real year's; uniform without a workforce."""
    from django.db.models import Sum

    from thaothiam.workforce.models import WorkforceCell

    sizes = dict(WorkforceCell.objects.values("agency_id").annotate(n=Sum("headcount")).values_list("agency_id", "n"))
    return [sizes.get(a, 0) + 1 for a in agencies]


def _pick(rng, weighted):
    total = sum(w for _v, w in weighted)
    x = rng.uniform(0, total)
    for value, weight in weighted:
        x -= weight
        if x <= 0:
            return value
    return weighted[-1][0]


def generate(ctx: DemoContext) -> None:
    rng = ctx.rng
    starter = Course.objects.get(code=STARTER)
    classroom = _classroom_course()
    sessions = _sessions(classroom, rng)
    agencies = list(Agency.objects.filter(is_active=True).exclude(kind=Agency.Kind.DIVISION).values_list("pk", flat=True))
    cumulative = list(accumulate(_workforce_weights(agencies)))
    today = timezone.localdate()
    rows, agents = [], []
    n = COMPLETIONS[ctx.scale]
    for i in range(n):
        fy = YEARS[i % len(YEARS)]
        start, end = fiscal_year_bounds(fy)
        end = min(end, today)
        agency = rng.choices(agencies, cum_weights=cumulative)[0]
        sex = "F" if rng.random() < 0.58 else "M"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if rng.random() < 0.8:
            day = start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))
            rows.append((starter.pk, None, Completion.Source.ELEARNING.value, day.isoformat(), fy, agency, sex,
                         _pick(rng, PERSONNEL), 1, f"demo-e{i}", name))
        else:
            session = rng.choice([s for s in sessions if fiscal_year(s.ends_on) == fy] or sessions)
            rows.append((classroom.pk, session.pk, Completion.Source.ATTENDANCE.value, session.ends_on.isoformat(), fy,
                         agency, sex, _pick(rng, PERSONNEL[:2]), 1, f"demo-c{i}", name))
    for agency in agencies:
        if rng.random() < 0.7:
            session = rng.choice(sessions)
            agents.append(ChangeAgent(agency_id=agency, name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                                      position="นักทรัพยากรบุคคลชำนาญการ", sex="F" if rng.random() < 0.6 else "M",
                                      course=classroom, trained_on=session.ends_on,
                                      fiscal_year=fiscal_year(session.ends_on)))
    with transaction.atomic():
        insert_rows(Completion, INSERT_FIELDS, [keyed(r) for r in rows])
        ReachCube.invalidate(set(YEARS))  # a raw insert sends no signal (decision 0145)
        ChangeAgent.objects.bulk_create(agents)
        _staff(ctx, starter)
    ctx.log(f"learning: {len(rows):,} completions, {len(sessions)} sessions, {len(agents)} change agents")


def _staff(ctx: DemoContext, starter: Course) -> None:
    """`staff` has completed the starter course and is half-way through a second e-learning course."""
    from .services import complete_if_done

    user = ctx.shared.get("users", {}).get("staff")
    if user is None:
        return
    Learner.objects.update_or_create(user=user, defaults={"sex": "F", "personnel_type": "civil"})
    done = Enrolment.objects.create(user=user, course=starter)
    LessonView.objects.bulk_create(LessonView(enrolment=done, lesson=lesson) for lesson in starter.lessons.all())
    questions = list(starter.questions.values_list("pk", flat=True))[: starter.quiz_questions]
    done.attempts.create(number=1, question_ids=questions, submitted_at=timezone.now(), correct=len(questions),
                         score=100, passed=True)
    complete_if_done(done)
    second = _second_course()
    going = Enrolment.objects.create(user=user, course=second)
    LessonView.objects.create(enrolment=going, lesson=second.lessons.first())


def _second_course() -> Course:
    course, created = Course.objects.get_or_create(code="respectful-workplace", defaults={
        "kind": Course.Kind.ELEARNING, "is_published": True, "quiz_questions": 2, "pass_mark": 50,
        "title_th": "ที่ทำงานที่เคารพกัน: บทบาทของผู้พบเห็น", "title_en": "A respectful workplace: the bystander's part",
        "summary_th": "บทเรียนสั้นสำหรับทุกคน: สังเกต เข้าไปช่วย และแจ้งเรื่อง",
        "summary_en": "A short course for everyone: notice, step in, report."})
    if created:
        course.plan_items.set(PlanItem.objects.filter(pillar__plan__is_current=True, pillar__number=1, number=2))
        course.lessons.create(number=1, title_th="สังเกตให้เห็น", title_en="Notice",
                              body_th="พฤติกรรมที่ไม่เหมาะสมมักเริ่มจากเรื่องเล็ก เช่น มุกเรื่องเพศที่มีคนไม่หัวเราะด้วย")
        course.lessons.create(number=2, title_th="เข้าไปช่วย", title_en="Step in",
                              body_th="ขัดจังหวะ เปลี่ยนเรื่อง หรือพาเพื่อนออกจากสถานการณ์ โดยคำนึงถึงความปลอดภัย")
        for text, ok in (("ผู้พบเห็นช่วยได้โดยขัดจังหวะสถานการณ์", True), ("ผู้พบเห็นควรนิ่งเฉยเสมอ", False)):
            q = course.questions.create(kind="truefalse", text_th=text, feedback_th="ผู้พบเห็นช่วยได้มาก")
            q.choices.create(text_th="ถูก", is_correct=ok)
            q.choices.create(text_th="ผิด", is_correct=not ok)
    return course
