"""`make bench`: build the bma-scale data set on SQLite and PostgreSQL and measure every budget.

Usage: python bench/run.py [--db sqlite|postgres|both] [--only NAME ...] [--rebuild] [--repeat N]

For each database the data set is built by `thaothiam demo --scale bma --reset` (timed: that is
the `demo_bma` line) unless a data set built from the same code is already there (a fingerprint
of the migrations, demo generators and seed data decides). Then each measurement runs in its own
subprocess (bench/measure.py) so one cannot warm another's caches, and the results are compared
with bench/budgets.json. Output: a table on the terminal and bench/results/latest.json. The exit
status is non-zero when any budget is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
CACHE = BENCH / "cache"
BUDGETS = json.loads((BENCH / "budgets.json").read_text())
BUDGETS.pop("_comment", None)
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/thaothiam_bench")
PYTHON = sys.executable

# The measurements, in order; each names the budgets it reports (see bench/measure.py).
MEASUREMENTS = [
    "pages",
    "survey_submissions",
    "year_end_report",
    "disclosure_audit",
    "survey_xlsx_export",
    "survey_release",
    "workforce_import",
    "learning_pages",
    "quiz_submissions",
    "attendance_import",
    "sign_in",
    "api_snapshot_push",
]


def fingerprint() -> str:
    """Changes whenever the code that shapes the data set changes."""
    digest = hashlib.sha256()
    patterns = ["thaothiam/*/migrations/*.py", "thaothiam/*/demo.py", "thaothiam/*/data/*", "thaothiam/*/instruments/*"]
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def env_for(db: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))}
    env["THAOTHIAM_VAR_DIR"] = str(CACHE / db)
    env["PYTHONPATH"] = str(ROOT)
    if db == "postgres":
        env["DATABASE_URL"] = PG_URL
    else:
        env.pop("DATABASE_URL", None)
    return env


def thaothiam(db: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", "thaothiam", *args], cwd=ROOT, env=env_for(db), check=check,
                          text=True, capture_output=True)


def prepare(db: str, rebuild: bool) -> float | None:
    """Build the data set unless an identical one exists; returns the demo time when built."""
    (CACHE / db).mkdir(parents=True, exist_ok=True)
    stamp = CACHE / db / "fingerprint"
    current = fingerprint()
    thaothiam(db, "collectstatic", "--no-input", "-v", "0")  # pages and PDFs use the hashed names
    if not rebuild and stamp.exists() and stamp.read_text() == current:
        print(f"[{db}] reusing the bma data set ({current})")
        return None
    if db == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS thaothiam_bench WITH (FORCE)")
            conn.execute("CREATE DATABASE thaothiam_bench")
    else:
        for suffix in ("", "-wal", "-shm"):
            (CACHE / db / f"thaothiam.sqlite3{suffix}").unlink(missing_ok=True)
    print(f"[{db}] migrating")
    thaothiam(db, "migrate", "--no-input", "-v", "0")
    print(f"[{db}] building the bma data set (thaothiam demo --scale bma --reset)")
    started = time.perf_counter()
    result = thaothiam(db, "demo", "--scale", "bma", "--reset", check=False)
    elapsed = time.perf_counter() - started
    print(result.stdout)
    if result.returncode != 0:
        print(result.stderr)
        raise SystemExit(f"[{db}] demo --scale bma failed")
    stamp.write_text(current)
    return elapsed


def measure(db: str, name: str, repeat: int) -> list[dict]:
    result = subprocess.run(
        [PYTHON, str(BENCH / "measure.py"), name, "--repeat", str(repeat)],
        cwd=ROOT, env=env_for(db), text=True, capture_output=True,
    )
    if result.returncode != 0:
        print(result.stdout[-2000:], result.stderr[-4000:], sep="\n")
        return [{"name": budget, "error": f"{name} failed (exit {result.returncode})"} for budget in budgets_of(name)]
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    return [json.loads(line) for line in lines]


def budgets_of(measurement: str) -> list[str]:
    return {
        "pages": ["executive_dashboard", "completeness_matrix", "agency_report_page", "survey_results_all",
                  "survey_results_by_sex", "survey_results_two_way", "explorer_one_way", "explorer_two_way",
                  "complaint_case_list", "complaint_trends"],
        "survey_submissions": ["survey_submissions"],
        "year_end_report": ["year_end_pdf", "year_end_xlsx"],
        "disclosure_audit": ["disclosure_audit"],
        "survey_xlsx_export": ["survey_xlsx_export"],
        "survey_release": ["survey_release"],
        "workforce_import": ["import_csv_100k", "import_csv_100k_memory", "import_xlsx_100k", "import_xlsx_100k_memory"],
        "learning_pages": ["learning_reach"],
        "quiz_submissions": ["quiz_submissions"],
        "attendance_import": ["attendance_import_10k"],
        "sign_in": ["first_sign_ins_per_min", "oidc_round_trip"],
        "api_snapshot_push": ["api_snapshot_push_100k", "api_snapshot_push_100k_memory"],
    }[measurement]


def judge(row: dict, db: str) -> dict:
    budget = BUDGETS[row["name"]]
    value = row.get("value")
    if value is None:
        passed = False
    elif budget["better"] == "higher":
        passed = value >= budget["budget"]
    else:
        passed = value <= budget["budget"]
    return {"name": row["name"], "database": db, "value": value, "unit": budget["unit"],
            "budget": budget["budget"], "pass": passed,
            **{k: v for k, v in row.items() if k not in {"name", "value"}}}


def print_table(rows: list[dict]) -> None:
    header = f"{'measurement':<26} {'db':<9} {'value':>10} {'budget':>9} {'unit':<6} {'result':<6} notes"
    print("\n" + header + "\n" + "-" * len(header))
    for row in rows:
        value = "—" if row["value"] is None else f"{row['value']:.1f}"
        notes = row.get("error", "")
        if "raw_sql_ms" in row:
            notes = f"raw SQL {row['raw_sql_ms']:.1f} ms, page/SQL ×{row['ratio']:.1f}"
        print(f"{row['name']:<26} {row['database']:<9} {value:>10} {row['budget']:>9} {row['unit']:<6} "
              f"{'PASS' if row['pass'] else 'FAIL':<6} {notes}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--only", nargs="*", choices=MEASUREMENTS, default=MEASUREMENTS)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the data set even if unchanged")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per page (after 3 warm-ups)")
    args = parser.parse_args()
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    rows: list[dict] = []
    for db in databases:
        demo_seconds = prepare(db, args.rebuild)
        if demo_seconds is not None:
            rows.append(judge({"name": "demo_bma", "value": demo_seconds}, db))
        for name in args.only:
            print(f"[{db}] measuring {name}")
            rows.extend(judge(row, db) for row in measure(db, name, args.repeat))
    print_table(rows)
    out = {
        "machine": {"host": platform.node(), "cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "fingerprint": fingerprint(),
        "results": rows,
    }
    (BENCH / "results").mkdir(exist_ok=True)
    (BENCH / "results" / "latest.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    failed = [row for row in rows if not row["pass"]]
    print(f"\n{len(rows) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
