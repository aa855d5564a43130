"""`thaothiam import-workforce` run as a user would run it, on real CSV and XLSX files."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from wf_files import people, person, write_csv, write_xlsx

pytestmark = pytest.mark.own_sqlite

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("wf-cli")
    result = _run(path, "migrate", "-v", "0")
    assert result.returncode == 0, result.stderr
    return path


def _run(var_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("THAOTHIAM_", "DJANGO_", "PYTEST"))}
    env.pop("DATABASE_URL", None)
    env["THAOTHIAM_VAR_DIR"] = str(var_dir)
    return subprocess.run([sys.executable, "-m", "thaothiam", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def _count(var_dir: Path, sql: str) -> int:
    with sqlite3.connect(var_dir / "thaothiam.sqlite3") as db:
        return db.execute(sql).fetchone()[0]


def test_good_csv_then_good_xlsx_for_one_agency(var_dir, tmp_path):
    good = write_csv(tmp_path / "good.csv", people(20, "DIS-1001") + people(10, "DIS-1002", start=100))
    result = _run(var_dir, "import-workforce", str(good), "--as-of", "2025-09-30")
    assert result.returncode == 0, result.stderr
    assert "Imported 30 people" in result.stdout
    assert "100%" in result.stderr  # the progress bar
    assert _count(var_dir, "SELECT COUNT(*) FROM workforce_person") == 30
    xlsx = write_xlsx(tmp_path / "dusit.xlsx", people(7, "DIS-1002", start=300))
    result = _run(var_dir, "import-workforce", str(xlsx), "--as-of", "2025-09-30", "--agency", "DIS-1002")
    assert result.returncode == 0, result.stderr
    assert _count(var_dir, "SELECT COUNT(*) FROM workforce_person") == 27
    assert _count(var_dir, "SELECT SUM(headcount) FROM workforce_workforcecell") == 27


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_a_bad_file_is_refused_with_its_errors_and_changes_nothing(var_dir, tmp_path, writer):
    before = _count(var_dir, "SELECT COUNT(*) FROM workforce_person")
    rows = people(5, start=700) + [person(800, sex="unknown"), person(801, agency="NOPE")]
    path = writer(tmp_path / f"bad.{'csv' if writer is write_csv else 'xlsx'}", rows)
    result = _run(var_dir, "import-workforce", str(path), "--as-of", "2025-09-30")
    assert result.returncode != 0
    assert "line 7, column sex" in result.stderr and "line 8, column agency_code" in result.stderr
    assert "Refused: 2 problem(s) in 2 row(s)" in result.stderr
    assert _count(var_dir, "SELECT COUNT(*) FROM workforce_person") == before
    again = _run(var_dir, "import-workforce", str(path), "--as-of", "2026-09-30", "--valid-only")
    assert again.returncode == 0, again.stderr
    assert "Imported 5 people" in again.stdout and "skipped 2 invalid row(s)" in again.stdout


def test_a_file_that_is_not_a_table_and_bad_arguments(var_dir, tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook")
    result = _run(var_dir, "import-workforce", str(fake), "--as-of", "2025-09-30")
    assert result.returncode != 0 and "could not be read as a CSV or XLSX" in result.stderr
    good = write_csv(tmp_path / "g.csv", people(3))
    assert "YYYY-MM-DD" in _run(var_dir, "import-workforce", str(good), "--as-of", "30/9/2568").stderr
    assert "Unknown agency" in _run(var_dir, "import-workforce", str(good), "--as-of", "2025-09-30",
                                    "--agency", "XYZ").stderr
