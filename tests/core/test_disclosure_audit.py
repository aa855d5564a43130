"""`thaothiam disclosure-audit` on the demo (the real CLI), and the audit on fixtures built to leak
through linked tables: the product's outputs give nothing away, while tables hidden one by one would."""

import datetime as dt
import os
import subprocess
import sys

import pytest

from tests.reports.reports_helpers import accepted_report, add_value
from tests.workforce.wf_files import person_rows
from thaothiam.agencies.models import Agency
from thaothiam.core import disclosure_audit
from thaothiam.core.intervals import Entry, audit
from thaothiam.reporting.selectors import indicator_results
from thaothiam.workforce.services import workforce_snapshot_load


def _cli(*args, var):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("THAOTHIAM_", "DJANGO_", "PYTEST"))}
    env.pop("DATABASE_URL", None)
    env["THAOTHIAM_VAR_DIR"] = str(var)
    return subprocess.run([sys.executable, "-m", "thaothiam", *args], env=env, capture_output=True, text=True,
                          timeout=600)


@pytest.mark.own_sqlite
def test_the_audit_finds_nothing_on_the_demo(tmp_path):
    assert _cli("migrate", "-v", "0", var=tmp_path).returncode == 0
    assert _cli("demo", var=tmp_path).returncode == 0
    result = _cli("disclosure-audit", "--fy", "2568", var=tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert any(line.startswith("workforce FY 2568") and line.endswith(": ok") for line in lines)
    assert any(line.startswith("indicator values FY 2568") and line.endswith(": ok") for line in lines)
    for population in ("participants", "complaints", "learning reach", "survey opinion-2568",
                       "survey work-environment-2568"):  # the demo has each in 2568
        assert any(line.startswith(f"{population} FY 2568") and line.endswith(": ok") for line in lines), population
    assert "no findings" in lines[-1]
    hidden = int(lines[-1].split(" hidden")[0].split(", ")[-1])
    assert hidden > 0  # the demo has small indicator values: the interval audit had work to do


# --- indicator values: one agency's small count and the BMA sum -----------------------------------

@pytest.fixture
def small_values(users, reference_data):
    """'Trained' (people, summed over agencies): one district reports 2, one 1, the others 40+."""
    values = {"DIS-1001": 2, "DIS-1002": 41, "DIS-1003": 52, "DIS-1004": 1, "EDU": 60, "FIR": 45}
    for code, n in values.items():
        add_value(accepted_report(code, users), "1-1-trained", n, female=n // 2, male=n - n // 2)
    return values


def test_a_small_agency_value_cannot_be_had_from_the_bma_total(small_values):
    """Issue 10, attack 2 on indicator values: the BMA sum minus every other agency."""
    ids = {code: Agency.objects.get(code=code).pk for code in small_values}

    def value(**scope):
        return next(r.value for r in indicator_results(2568, **scope) if r.indicator.code == "1-1-trained")

    shown = {code: value(agency_id=pk) for code, pk in ids.items()}
    assert shown["DIS-1001"] is None and shown["DIS-1004"] is None
    # Hiding only the two small values would leave 2 + 1 = BMA − the rest: each is 1 or 2, narrowed.
    naive = [Entry("agency", code, frozenset({code}), None if n < 5 else n) for code, n in small_values.items()]
    naive.append(Entry("BMA", "", frozenset(small_values), sum(small_values.values())))
    assert {f.entry.label for f in audit(naive)} == {"DIS-1001", "DIS-1004"}
    # The product's figures, all of them together (each agency, each kind, the BMA): nothing narrowed.
    report = disclosure_audit.run(fiscal_year=2568)
    assert report.ok, report.problems
    assert report.hidden >= 3  # the two small values and at least one more to protect them


# --- the workforce: personnel type → position type → level, by sex, small cells everywhere ------

@pytest.fixture
def linked_workforce(reference_data):
    a = {code: Agency.objects.get(code=code).pk for code in ("DIS-1001", "DIS-1002", "EDU")}
    rows = []
    shapes = [("civil", "general", "general.operational", 40, 31), ("civil", "general", "general.experienced", 3, 12),
              ("civil", "academic", "academic.practitioner", 25, 2), ("civil", "academic", "academic.professional", 1, 1),
              ("civil", "director", "director.low", 6, 1), ("civil", "director", "director.high", 2, 9),
              ("teacher", "teaching", "teaching.professional", 4, 3)]
    for k, (ptype, kind, level, women, men) in enumerate(shapes):
        for code, pk in a.items():
            rows += person_rows(pk, women=women, men=men, prefix=f"l{k}{code}", personnel_type=ptype,
                                position_type=kind, position_level=level, is_executive=kind == "director")
    workforce_snapshot_load(as_of=dt.date(2025, 9, 30), rows=rows)


def test_linked_workforce_tables_publish_no_small_count_and_agree_with_each_other(linked_workforce):
    report = disclosure_audit.run(fiscal_year=2568)
    assert report.ok, report.problems
    assert report.figures > 200


def test_the_audit_reports_a_perturbed_table_that_breaks_its_rules():
    from django.utils import translation

    people = frozenset({1, 2, 3, 4, 5, 6, 7})
    with translation.override("en"):
        problems = disclosure_audit.check_perturbed([
            Entry("a", "women", people, 7), Entry("b", "women", people, 8), Entry("c", "men", frozenset({9}), 2)])
    assert len(problems) == 2
    assert "b · women = 8, but the same people are 7 in a · women" in problems[0] or "8" in problems[1]
    assert any("a perturbed count of 2" in p for p in problems)


def test_a_failed_background_run_says_so_and_findings_read_in_thai(users, client_for, monkeypatch):
    from django.utils import translation

    from thaothiam.core import tasks
    from thaothiam.core.models import DisclosureAuditRun

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("thaothiam.core.disclosure_audit.disclosure_audit_run", broken)
    run = DisclosureAuditRun.objects.create(fiscal_year=2568, requested_by=users["central"])
    tasks.run_audit(run.pk)
    run.refresh_from_db()
    assert run.state == "failed" and "database went away" in run.error and run.finished_at is not None
    page = client_for("central").get(f"/workforce/open-data/audit/{run.pk}/").content.decode()
    assert 'data-testid="audit-failed"' in page and "refresh" not in page
    with translation.override("th"):
        problems = disclosure_audit.check_perturbed([Entry("ตาราง ก", "หญิง", frozenset({1, 2}), 3)])
    assert problems == ["ตาราง ก · หญิง: ตัวเลขที่ปรับค่าแล้วเป็น 3 (ต้องไม่เผยแพร่ค่า 1–4)"]
