"""One measurement of `make bench`, run in its own process against the bma data set.

Usage (from bench/run.py): python bench/measure.py NAME [--repeat N]; prints one JSON line per
budget line. The database is whatever DATABASE_URL / THAOTHIAM_VAR_DIR say (bench/run.py sets them).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (  # noqa: E402
    ROOT,
    DatabaseCpu,
    cpu_per_request,
    emit,
    http_load,
    median_ms,
    page_ms,
    run_timed,
    setup_django,
    survey_answers,
    tree_cpu_seconds,
    wait_for_http,
)

PYTHON = sys.executable


def client_for(username: str):
    from django.test import Client

    from thaothiam.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def raw_sql_of(client, url: str, repeat: int) -> float:
    """The time of the SQL a page runs, re-executed raw: what the page costs beyond its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    statements = [q["sql"] for q in captured.captured_queries
                  if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]

    def run():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    return median_ms(run, repeat)


def page_line(name: str, client, url: str, repeat: int) -> None:
    value = page_ms(client, url, repeat)
    raw = raw_sql_of(client, url, repeat)
    emit(name, round(value, 1), raw_sql_ms=round(raw, 1), ratio=round(value / raw, 1) if raw else None, url=url)


# --- pages -------------------------------------------------------------------------------------

def measure_pages(repeat: int) -> None:
    from thaothiam.agencies.models import Agency
    from thaothiam.reporting.models import AgencyReport
    from thaothiam.surveys.models import Campaign, Instrument
    from thaothiam.workforce import codes

    executive, central = client_for("executive"), client_for("central")
    page_line("executive_dashboard", executive, "/reports/", repeat)
    page_line("completeness_matrix", central, "/reporting/matrix/", repeat)
    home = Agency.objects.get(code="DIS-1001")
    # The report with the most activities: the heaviest agency report page.
    from django.db.models import Count

    report = (AgencyReport.objects.filter(agency=home).annotate(n=Count("activities"))
              .order_by("-n", "-fy", "-round__seq").first())
    page_line("agency_report_page", central, f"/reporting/reports/{report.pk}/", repeat)

    campaign = (Campaign.objects.filter(instrument__kind=Instrument.Kind.OPINION).exclude(status="draft")
                .order_by("-fiscal_year").first())
    base = f"/surveys/results/{campaign.pk}/"
    page_line("survey_results_all", central, base, repeat)
    page_line("survey_results_by_sex", central, f"{base}breakdown/?item=overall&by=sex", repeat)
    page_line("survey_results_two_way", central,
              f"{base}breakdown/?item=overall&by=level_band&then=age_band&sex=F&personnel_type=civil", repeat)

    explore = "/workforce/explore/?dataset=workforce&measure=headcount"
    page_line("explorer_one_way", central, f"{explore}&row=agency", repeat)
    civil = codes.PERSONNEL_TYPES[0].code
    page_line("explorer_two_way", central,
              f"{explore}&row=position_level&col=sex&f_personnel_type={civil}&f_age_band=30-39", repeat)

    # Complaints: central's officer holds every demo case (5,000 more at bma scale); the list needs no key.
    page_line("complaint_case_list", client_for("complaint-central"), "/complaints/cases/?state=all", repeat)
    page_line("complaint_trends", central, "/complaints/trends/", repeat)


# --- survey submissions through gunicorn ---------------------------------------------------------

def measure_survey_submissions(repeat: int, seconds: float = 60.0, port: int = 8765) -> None:
    from django.db import connection

    from thaothiam.agencies.models import Agency
    from thaothiam.surveys.models import Campaign, Instrument, Invitation, Response

    campaign = Campaign.objects.filter(status="open", instrument__kind=Instrument.Kind.OPINION).order_by("-pk").first()
    if campaign is None:
        raise SystemExit("no open opinion survey in the bma data set")
    needed = 60_000
    from thaothiam.surveys.models import PendingParticipation

    tokens = list(Invitation.objects.filter(campaign=campaign, responded=False, via_open_link=False, user=None)
                  .exclude(pk__in=PendingParticipation.objects.values("invitation_id"))
                  .values_list("token", flat=True)[:needed])
    if len(tokens) < needed:
        # Invite more people of the campaign's agencies (as central's staff-invitation would).
        agencies = list(Agency.objects.filter(code__startswith="DIS-"))
        rng = random.Random(7)
        extra = [Invitation(campaign=campaign, agency=rng.choice(agencies), sex=rng.choice(["F", "M"]),
                            personnel_type="civil", level_band=1, age_band="30-39") for _ in range(needed - len(tokens))]
        Invitation.objects.bulk_create(extra, batch_size=5000)
        tokens += [i.token for i in extra]
    last, answers = survey_answers(campaign)
    from thaothiam.surveys.models import PendingResponse

    def stored() -> int:  # written responses plus those waiting in the mixing pool
        return (Response.objects.filter(campaign=campaign).count()
                + PendingResponse.objects.filter(campaign=campaign).count())

    before = stored()
    connection.close()

    env = {**os.environ}
    server = subprocess.Popen(
        [PYTHON, "-m", "thaothiam", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "3",
         "--no-worker"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http("127.0.0.1", port)
        import http.client
        from urllib.parse import urlencode

        cookie = None
        for _attempt in range(5):
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            probe.request("GET", "/accounts/login/")  # any form page sets the CSRF cookie
            response = probe.getresponse()
            response.read()
            cookie = next((part.split("=", 1)[1] for header in response.headers.get_all("Set-Cookie") or []
                           for part in header.split(";") if part.strip().startswith("csrftoken=")), None)
            if cookie:
                break
            print(f"no CSRF cookie yet (status {response.status}); retrying", file=sys.stderr)
            time.sleep(1)
        if cookie is None:
            raise SystemExit("the login page set no CSRF cookie")
        body_tail = urlencode(answers + [("csrfmiddlewaretoken", cookie)]).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}",
                   "Referer": f"http://127.0.0.1:{port}/"}

        def request(i: int):  # a one-request client: the token in the body, never in the URL (decision 0034)
            return "POST", f"/surveys/a/{last}/", f"token={tokens[i]}&".encode() + body_tail, headers

        client_cpu, server_cpu = time.process_time(), tree_cpu_seconds(server.pid)
        with DatabaseCpu() as database:
            stats = http_load("127.0.0.1", port, request, duration=seconds, concurrency=8, max_requests=len(tokens))
        client_cpu, server_cpu = time.process_time() - client_cpu, tree_cpu_seconds(server.pid) - server_cpu
    finally:
        server.terminate()
        server.wait(timeout=30)
    after = stored()
    exact = after - before == stats["completed"]
    rate = stats["rate"] if stats["errors"] == 0 and exact else None
    emit("survey_submissions", round(stats["rate"], 1) if rate is not None else None,
         completed=stats["completed"], errors=stats["errors"], rows_added=after - before, exact_count=exact,
         seconds=round(stats["seconds"], 1), statuses=stats["statuses"],
         **cpu_per_request(stats["completed"] + stats["errors"], server_cpu, client_cpu, database.seconds))


# --- year-end report ---------------------------------------------------------------------------

def measure_year_end_report(repeat: int) -> None:
    for fmt in ("pdf", "xlsx"):
        with tempfile.TemporaryDirectory() as tmp:
            output = Path(tmp) / f"year-end.{fmt}"
            seconds, _mb, result = run_timed(
                [PYTHON, "-m", "thaothiam", "year-end-report", "--fy", "2568", "--format", fmt, "--output", str(output)],
                env=os.environ.copy(),
            )
            ok = result.returncode == 0 and output.exists() and output.stat().st_size > 1000
            emit(f"year_end_{fmt}", round(seconds, 2) if ok else None,
                 bytes=output.stat().st_size if output.exists() else 0,
                 error="" if ok else result.stderr[-500:])


# --- disclosure audit ------------------------------------------------------------------------------

def measure_disclosure_audit(repeat: int) -> None:
    """One snapshot's fixed tables and that fiscal year's indicator values (docs/decisions/0026)."""
    seconds, _mb, result = run_timed([PYTHON, "-m", "thaothiam", "disclosure-audit", "--fy", "2568"],
                                     env=os.environ.copy())
    ok = result.returncode == 0 and "no findings" in result.stdout
    emit("disclosure_audit", round(seconds, 2) if ok else None,
         error="" if ok else (result.stdout[-300:] + result.stderr[-300:]))


# --- survey XLSX export ---------------------------------------------------------------------------

def measure_survey_xlsx_export(repeat: int) -> None:
    from thaothiam.surveys.models import Campaign, Instrument

    campaign = (Campaign.objects.filter(instrument__kind=Instrument.Kind.WORK_ENVIRONMENT).exclude(status="draft")
                .order_by("-fiscal_year").first())
    client = client_for("central")
    url = f"/surveys/results/{campaign.pk}/export.xlsx"
    started = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - started
    ok = response.status_code == 200 and len(response.content) > 1000
    emit("survey_xlsx_export", round(seconds, 2) if ok else None, responses=campaign.responses.count(),
         bytes=len(response.content), url=url)


# --- survey result release -------------------------------------------------------------------------

def measure_survey_release(repeat: int) -> None:
    """Releasing a snapshot of one survey's 60,000 responses (decision 0035): mark them with a new release
    number and record the release, as the daily `survey-batches` run or closing the survey does."""
    from django.db import transaction

    from thaothiam.surveys import releases
    from thaothiam.surveys.models import Campaign, Instrument, OpenAnswer, Response, ResultRelease

    campaign = (Campaign.objects.filter(instrument__kind=Instrument.Kind.OPINION).exclude(status="draft")
                .order_by("-fiscal_year").first())
    with transaction.atomic():  # put the campaign back as "nothing released" first (not timed)
        ResultRelease.objects.filter(campaign=campaign).delete()
        Response.objects.filter(campaign=campaign).update(release=None)
        OpenAnswer.objects.filter(campaign=campaign).update(release=None)
    started = time.perf_counter()
    made = releases.release_publish(campaign=campaign)
    seconds = time.perf_counter() - started
    ok = made is not None and made.responses == campaign.responses.count() and made.responses >= 10
    emit("survey_release", round(seconds, 2) if ok else None, responses=made.responses if made else 0)


# --- workforce import ------------------------------------------------------------------------------

def _hr_rows(count: int, seed: int = 11):
    """A realistic 100,000-row HR export in the canonical Thai layout (B.E. dates, Thai labels)."""
    from thaothiam.agencies.models import Agency
    from thaothiam.workforce import codes

    rng = random.Random(seed)
    agencies = list(Agency.objects.exclude(kind="division").values_list("code", flat=True))
    personnel = {t.code: t.th for t in codes.PERSONNEL_TYPES}
    positions = {t.code: t.th for t in codes.POSITION_TYPES}
    for n in range(count):
        kind = rng.choice(["civil", "civil", "permanent", "temporary", "teacher"])
        position = rng.choice(codes.POSITION_TYPES_FOR[kind])
        levels = [w[0] for w in codes.LEVEL_WORDS[position].values()]
        birth = dt.date(1967, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 35))  # aged 25–60 in 2027
        start = birth + dt.timedelta(days=365 * 22 + rng.randint(0, 365 * 3))
        consent = rng.random() < 0.3
        sex = rng.choice(["หญิง", "ชาย"])
        yield [f"B{n:07d}", rng.choice(agencies), sex, f"{birth.day}/{birth.month}/{birth.year + 543}",
               personnel[kind], positions[position], rng.choice(levels), "ใช่" if position == "executive" else "ไม่ใช่",
               f"{start.day}/{start.month}/{start.year + 543}", str(rng.randint(15000, 80000)),
               sex if consent else "", "ยินยอม" if consent else "ไม่ยินยอม"]


HEADER = ["เลขประจำตัว", "รหัสหน่วยงาน", "เพศ", "วันเกิด", "ประเภทบุคลากร", "ประเภทตำแหน่ง", "ระดับตำแหน่ง",
          "ตำแหน่งบริหาร", "วันที่บรรจุ", "เงินเดือน", "อัตลักษณ์ทางเพศ", "ยินยอมเปิดเผย"]


def measure_workforce_import(repeat: int) -> None:
    from openpyxl import Workbook

    with tempfile.TemporaryDirectory() as tmp:
        csv_path, xlsx_path = Path(tmp) / "hr.csv", Path(tmp) / "hr.xlsx"
        with csv_path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(_hr_rows(100_000))
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(HEADER)
        for row in _hr_rows(100_000):
            sheet.append(row)
        book.save(xlsx_path)
        for fmt, path, as_of in (("csv", csv_path, "2027-03-31"), ("xlsx", xlsx_path, "2027-03-30")):
            seconds, peak_mb, result = run_timed(
                [PYTHON, "-m", "thaothiam", "import-workforce", str(path), "--as-of", as_of], env=os.environ.copy(),
            )
            ok = result.returncode == 0
            emit(f"import_{fmt}_100k", round(seconds, 2) if ok else None, error="" if ok else result.stderr[-800:])
            emit(f"import_{fmt}_100k_memory", round(peak_mb, 1) if ok else None)
    # Leave the bma data set as the demo made it: remove the two bench snapshots again.
    from thaothiam.workforce.models import Snapshot

    for as_of in ("2027-03-31", "2027-03-30"):
        for snapshot in Snapshot.objects.filter(as_of=as_of):
            snapshot.delete()


def _learning(name: str):
    """The learning measurements live in bench/learning_bench.py (imported after Django is set up)."""
    def run(repeat: int) -> None:
        import learning_bench

        getattr(learning_bench, f"measure_{name}")(repeat)
    return run


measure_learning_pages = _learning("learning_pages")
measure_quiz_submissions = _learning("quiz_submissions")
measure_attendance_import = _learning("attendance_import")


from sign_in_bench import measure_api_snapshot_push, measure_sign_in  # noqa: E402, F401 — found by name


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("name")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    setup_django()
    globals()[f"measure_{args.name}"](args.repeat)


if __name__ == "__main__":
    main()
