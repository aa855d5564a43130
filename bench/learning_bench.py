"""Learning measurements for bench/measure.py: the reach page, quiz submissions through gunicorn
(signed-in learners, half passing and completing the course, half failing), and a 10,000-row
attendance import. Each cleans up what it adds, leaving the bma data set as the
demo made it."""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import (
    ROOT,
    DatabaseCpu,
    cpu_per_request,
    emit,
    http_load,
    tree_cpu_seconds,
    wait_for_http,
)

PYTHON = sys.executable
BENCH_PREFIX = "bench-learner-"


def measure_learning_pages(repeat: int) -> None:
    from measure import client_for, page_line

    from thaothiam.learning.models import Completion

    fy = Completion.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).first()
    page_line("learning_reach", client_for("central"), f"/learning/reach/?fy={fy}", repeat)


def _learners(count: int):
    """`count` signed-in learners, each with every lesson of the starter course seen and an open attempt."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from thaothiam.accounts.models import User
    from thaothiam.agencies.models import Agency
    from thaothiam.learning.models import Attempt, Course, Enrolment, Learner, LessonView
    from thaothiam.learning.starter import CODE

    course = Course.objects.get(code=CODE)
    agencies = list(Agency.objects.filter(code__startswith="DIS-").values_list("pk", flat=True))
    rng = random.Random(5)
    users = User.objects.bulk_create(
        [User(username=f"{BENCH_PREFIX}{i}", agency_id=rng.choice(agencies), password="!") for i in range(count)],  # noqa: S106 — "!" = no usable password
        batch_size=2000)
    users = list(User.objects.filter(username__startswith=BENCH_PREFIX).order_by("pk"))
    Learner.objects.bulk_create([Learner(user=u, sex=rng.choice("FM"), personnel_type="civil") for u in users],
                                batch_size=2000)
    enrolments = Enrolment.objects.bulk_create([Enrolment(user=u, course=course) for u in users], batch_size=2000)
    lessons = list(course.lessons.all())
    LessonView.objects.bulk_create([LessonView(enrolment=e, lesson=lesson) for e in enrolments for lesson in lessons],
                                   batch_size=5000)
    bank = list(course.questions.values_list("pk", flat=True))
    attempts = Attempt.objects.bulk_create(
        [Attempt(enrolment=e, number=1, question_ids=rng.sample(bank, course.quiz_questions)) for e in enrolments],
        batch_size=2000)
    cookies = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        cookies.append(store.session_key)
    return attempts, cookies


def _answers(qid: int, correct: bool = True) -> list[tuple[str, str]]:
    from thaothiam.learning.models import Choice

    chosen = list(Choice.objects.filter(question_id=qid, is_correct=correct).values_list("pk", flat=True))
    return [(f"q{qid}", str(pk)) for pk in (chosen if correct else chosen[:1])]


def quiz_answers(attempts) -> list[list[tuple[str, str]]]:
    """The answers POSTed for each attempt: every other one all right (it passes, completes the course and
    issues a certificate: the heaviest path), the others all wrong (scored and refused)."""
    cache: dict[tuple[int, bool], list] = {}
    out = []
    for index, attempt in enumerate(attempts):
        pairs = []
        for qid in attempt.question_ids:
            key = (qid, index % 2 == 0)
            if key not in cache:
                cache[key] = _answers(*key)
            pairs += cache[key]
        out.append(pairs)
    return out


def measure_quiz_submissions(repeat: int, seconds: float = 30.0, port: int = 8766, count: int = 10_000) -> None:
    from urllib.parse import urlencode

    from django.db import connection

    from thaothiam.accounts.models import User
    from thaothiam.learning.models import Attempt, Completion

    attempts, sessions = _learners(count)
    # Every other submission answers everything right (it passes, completes the course and issues a
    # certificate: the heaviest path), the others answer everything wrong (scored and refused).
    bodies = quiz_answers(attempts)
    before = Attempt.objects.filter(submitted_at__isnull=False).count()
    connection.close()
    server = subprocess.Popen(
        [PYTHON, "-m", "thaothiam", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "3",
         "--no-worker"], cwd=ROOT, env={**os.environ}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_http("127.0.0.1", port)
        token = "b" * 32  # a CSRF cookie we set ourselves: the middleware compares it with the form field

        def request(i: int):
            body = urlencode(bodies[i] + [("csrfmiddlewaretoken", token)]).encode()
            return "POST", f"/learning/attempts/{attempts[i].pk}/", body, {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={token}; sessionid={sessions[i]}", "Referer": f"http://127.0.0.1:{port}/"}

        client_cpu, server_cpu = time.process_time(), tree_cpu_seconds(server.pid)
        with DatabaseCpu() as database:
            stats = http_load("127.0.0.1", port, request, duration=seconds, concurrency=8, max_requests=len(attempts))
        client_cpu, server_cpu = time.process_time() - client_cpu, tree_cpu_seconds(server.pid) - server_cpu
    finally:
        server.terminate()
        server.wait(timeout=30)
    after = Attempt.objects.filter(submitted_at__isnull=False).count()
    redirects_only = set(stats["statuses"]) <= {"302"}
    exact = after - before == stats["completed"]
    rate = stats["rate"] if stats["errors"] == 0 and exact and redirects_only else None
    emit("quiz_submissions", round(stats["rate"], 1) if rate is not None else None, completed=stats["completed"],
         errors=stats["errors"], attempts_scored=after - before, exact_count=exact,
         seconds=round(stats["seconds"], 1), statuses=stats["statuses"],
         **cpu_per_request(stats["completed"] + stats["errors"], server_cpu, client_cpu, database.seconds))
    Completion.objects.filter(user__username__startswith=BENCH_PREFIX).delete()
    User.objects.filter(username__startswith=BENCH_PREFIX).delete()


def measure_attendance_import(repeat: int, rows: int = 10_000) -> None:
    import datetime as dt

    from thaothiam.agencies.models import Agency
    from thaothiam.learning.attendance import attendance_import
    from thaothiam.learning.models import Course, Session

    course = Course.objects.filter(kind=Course.Kind.CLASSROOM).first()
    session = Session.objects.create(course=course, starts_on=dt.date(2027, 3, 1), ends_on=dt.date(2027, 3, 2),
                                     place_th="bench", capacity=rows)
    codes = list(Agency.objects.exclude(kind="division").values_list("code", flat=True))
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sheet.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["ชื่อ-สกุล", "เลขประจำตัว", "หน่วยงาน", "เพศ", "ประเภทบุคลากร"])
            for n in range(rows):
                writer.writerow([f"ผู้เข้าอบรม {n}", f"BENCH{n:06d}", rng.choice(codes), rng.choice(["หญิง", "ชาย"]),
                                 "ข้าราชการกรุงเทพมหานครสามัญ"])
        started = time.perf_counter()
        result = attendance_import(session=session, path=path, filename=path.name, actor=None)
        seconds = time.perf_counter() - started
    emit("attendance_import_10k", round(seconds, 2) if result.ok and result.imported == rows else None,
         imported=result.imported, errors=result.errors[:3])
    session.delete()  # its completions go with it
