"""Timing helpers for bench/measure.py: medians after warm-up, peak memory of a child process,
and a bounded HTTP load generator for loopback only."""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thaothiam.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def emit(name: str, value: float | None, **extra) -> None:
    """One result line for bench/run.py."""
    print(json.dumps({"name": name, "value": value, **extra}), flush=True)


def median_ms(fn: Callable[[], object], repeat: int = 15, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def page_ms(client, url: str, repeat: int) -> float:
    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return response

    return median_ms(get, repeat)


def sql_ms(sql: str, params: list | tuple = (), repeat: int = 15) -> float:
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    return median_ms(run, repeat)


def run_timed(command: list[str], env: dict | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
    """Seconds and peak resident memory (MB) of one child process, measured exactly with wait4."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = "", ""
    # Read output in threads so a chatty child cannot block on a full pipe.
    chunks: dict[str, list[str]] = {"out": [], "err": []}
    readers = [
        threading.Thread(target=lambda: chunks["out"].append(process.stdout.read())),
        threading.Thread(target=lambda: chunks["err"].append(process.stderr.read())),
    ]
    for reader in readers:
        reader.start()
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    for reader in readers:
        reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    stdout, stderr = "".join(chunks["out"]), "".join(chunks["err"])
    result = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    return elapsed, usage.ru_maxrss / 1024, result


def http_load(
    host: str, port: int, requests: Callable[[int], tuple[str, str, bytes, dict]], *, duration: float = 60.0,
    concurrency: int = 8, max_requests: int = 100_000,
) -> dict:
    """Send requests from `concurrency` threads over keep-alive connections for `duration` seconds.

    `requests(i)` gives (method, path, body, headers) for request i. Only loopback hosts are
    allowed. Bounded in time and count; returns completed, errors, seconds, rate per second.
    """
    if not (host.startswith("127.") or host in {"localhost", "::1"}):
        raise ValueError("load tests only target this machine's loopback addresses")
    counter = iter(range(max_requests))
    lock = threading.Lock()
    stats = {"completed": 0, "errors": 0, "statuses": {}}
    deadline = time.perf_counter() + duration

    def worker():
        connection = http.client.HTTPConnection(host, port, timeout=30)
        while time.perf_counter() < deadline:
            with lock:
                index = next(counter, None)
            if index is None:
                break
            method, path, body, headers = requests(index)
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status < 400
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
                ok, status = False, "exception"
            with lock:
                stats["completed" if ok else "errors"] += 1
                stats["statuses"][str(status)] = stats["statuses"].get(str(status), 0) + 1
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return {**stats, "seconds": seconds, "rate": stats["completed"] / seconds if seconds else 0.0}


def wait_for_http(host: str, port: int, path: str = "/healthz", timeout: float = 60.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection(host, port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"server on {host}:{port} did not answer {path}")


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and all its live descendants (Linux /proc).

    Beside a wall-clock rate, the server's CPU per request: it hardly depends on what else the
    machine runs, so two versions of the code compare on a shared machine.
    """
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += times.get(current, 0.0)
        todo.extend(child for child, parent in parents.items() if parent == current)
    return total


def cpu_per_request(requests: int, server_seconds: float, client_seconds: float, database_seconds: float = 0.0) -> dict:
    """Extra fields of a load line: milliseconds of CPU per request in the server (gunicorn's processes),
    the database server (PostgreSQL's backends; SQLite works inside the server) and the load generator."""
    if not requests:
        return {}
    return {"server_cpu_ms": round(1000 * server_seconds / requests, 2),
            "database_cpu_ms": round(1000 * database_seconds / requests, 2),
            "client_cpu_ms": round(1000 * client_seconds / requests, 2)}


class DatabaseCpu:
    """PostgreSQL on this machine: CPU used by the server processes of this database's other sessions
    while a load runs (0 for SQLite, whose work is in the server's own CPU). A thread samples them
    every half second, so backends that close during the run (connections reach their maximum age)
    still count up to their last sample."""

    def __init__(self):
        from django.db import connection

        self.active = connection.vendor == "postgresql"
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                           " AND pid <> pg_backend_pid()")
            pids = [row[0] for row in cursor.fetchall()]
        tick = os.sysconf("SC_CLK_TCK")
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            used = (int(fields[11]) + int(fields[12])) / tick
            self.first.setdefault(pid, used if not self.started else 0.0)
            self.last[pid] = used

    def _run(self) -> None:
        from django.db import connection

        try:
            while not self.stop.wait(0.5):
                self._sample()
        finally:
            connection.close()

    def __enter__(self):
        self.started = False
        if self.active:
            self._sample()
            self.started = True
            self.thread.start()
        return self

    def __exit__(self, *exc):
        if self.active:
            self.stop.set()
            self.thread.join()
        return False

    @property
    def seconds(self) -> float:
        return sum(self.last[pid] - self.first.get(pid, 0.0) for pid in self.last)


def survey_answers(campaign) -> tuple[int, list[tuple[str, str]]]:
    """The last part's number and a complete answer (every answerable item) for a one-request submission
    of `campaign`: what the bench and bench/cpu_per_request.py POST."""
    from thaothiam.surveys.models import Item, Section

    sections = list(Section.objects.filter(instrument=campaign.instrument).order_by("order"))
    last = len([s for s in sections if not (s.is_demographic and campaign.demographic_source == "invitation")])
    answers: list[tuple[str, str]] = []
    for item in Item.objects.filter(instrument=campaign.instrument).select_related("section"):
        if item.section.is_demographic and campaign.demographic_source == "invitation":
            continue
        value = {"likert5": "4", "single": "1", "multi": "1", "yesno": "1", "behaviour": "1"}.get(item.kind)
        if value:
            answers.append((item.code, value))
    return last, answers
