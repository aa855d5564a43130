"""CPU time per submission, in-process, through the whole WSGI stack (middleware, view, SQL, commit).

Usage: python bench/cpu_per_request.py survey|quiz [--n 400] [--profile FILE]

Wall-clock rates (`make bench`) depend on what else the machine runs; the CPU time this process
spends per request does much less, so it compares two versions of the code on a shared machine.
It drives `thaothiam.wsgi.application` with the same POSTs the bench sends (one-request survey
submissions with a fresh invitation token; quiz submissions of signed-in learners), serially, and
prints the process CPU time per request (the database's own work is in it for SQLite, not for
PostgreSQL, whose server is another process). `--profile` writes a cProfile of the run. Survey
submissions stay in the data set (like the bench's); the quiz's learners are removed afterwards.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import setup_django, survey_answers  # noqa: E402

CSRF = "c" * 32


def _environ(path: str, body: bytes, cookie: str) -> dict:
    return {
        "REQUEST_METHOD": "POST", "PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8765", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1:8765", "HTTP_REFERER": "http://127.0.0.1:8765/",
        "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(len(body)),
        "HTTP_COOKIE": cookie, "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
    }


def survey_requests(n: int) -> list[tuple[str, bytes, str]]:
    from thaothiam.surveys.models import Campaign, Instrument, Invitation, PendingParticipation

    campaign = Campaign.objects.filter(status="open", instrument__kind=Instrument.Kind.OPINION).order_by("-pk").first()
    tokens = list(Invitation.objects.filter(campaign=campaign, responded=False, via_open_link=False, user=None)
                  .exclude(pk__in=PendingParticipation.objects.values("invitation_id"))
                  .values_list("token", flat=True)[:n])
    last, answers = survey_answers(campaign)
    tail = urlencode(answers + [("csrfmiddlewaretoken", CSRF)]).encode()
    return [(f"/surveys/a/{last}/", f"token={token}&".encode() + tail, f"csrftoken={CSRF}") for token in tokens]


def quiz_requests(n: int) -> list[tuple[str, bytes, str]]:
    from learning_bench import _learners, quiz_answers

    attempts, sessions = _learners(n)
    return [(f"/learning/attempts/{attempt.pk}/", urlencode(pairs + [("csrfmiddlewaretoken", CSRF)]).encode(),
             f"csrftoken={CSRF}; sessionid={sessions[index]}")
            for index, (attempt, pairs) in enumerate(zip(attempts, quiz_answers(attempts), strict=True))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["survey", "quiz"])
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--profile")
    args = parser.parse_args()
    os.environ.setdefault("THAOTHIAM_BASE_URL", "http://127.0.0.1:8765")
    setup_django()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    from thaothiam.wsgi import application

    requests = (survey_requests if args.what == "survey" else quiz_requests)(args.n + args.warmup)
    statuses: dict[str, int] = {}

    def run(batch):
        for path, body, cookie in batch:
            seen: list[str] = []
            chunks = application(_environ(path, body, cookie), lambda status, _headers, *_a, seen=seen: seen.append(status))
            b"".join(chunks)
            if hasattr(chunks, "close"):
                chunks.close()
            statuses[seen[0]] = statuses.get(seen[0], 0) + 1

    try:
        run(requests[:args.warmup])
        statuses.clear()
        profiler = cProfile.Profile(time.process_time) if args.profile else None
        cpu, wall = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        run(requests[args.warmup:])
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        n = len(requests) - args.warmup
        print(f"{args.what}: {n} requests, CPU {1000 * cpu / n:.2f} ms/request, wall {1000 * wall / n:.2f} ms/request,"
              f" statuses {statuses}")
    finally:
        if args.what == "quiz":
            from learning_bench import BENCH_PREFIX

            from thaothiam.accounts.models import User
            from thaothiam.learning.models import Completion

            Completion.objects.filter(user__username__startswith=BENCH_PREFIX).delete()
            User.objects.filter(username__startswith=BENCH_PREFIX).delete()


if __name__ == "__main__":
    main()
