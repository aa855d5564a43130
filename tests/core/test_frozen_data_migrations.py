"""Data migrations are frozen (decision 0152): they never import our live code, whose later changes
would silently change what a fresh database gets; their data sits in a file beside them."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "thaothiam"
DATA_MIGRATIONS = sorted(p for p in ROOT.glob("*/migrations/0*.py") if "RunPython" in p.read_text(encoding="utf-8"))


def test_there_are_data_migrations():
    assert len(DATA_MIGRATIONS) >= 8


@pytest.mark.parametrize("path", DATA_MIGRATIONS, ids=[f"{p.parts[-3]}/{p.stem}" for p in DATA_MIGRATIONS])
def test_a_data_migration_imports_none_of_our_code(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    ours = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("thaothiam")):
            ours.append(node.module)
        elif isinstance(node, ast.Import):
            ours += [a.name for a in node.names if a.name.startswith("thaothiam")]
    assert not ours, f"{path.name} imports {ours}: copy what it needs into the migration"


@pytest.mark.parametrize("path", DATA_MIGRATIONS, ids=[f"{p.parts[-3]}/{p.stem}" for p in DATA_MIGRATIONS])
def test_a_frozen_data_file_is_there(path):
    """A migration that reads a file beside it (``Path(__file__).with_suffix``) finds it."""
    text = path.read_text(encoding="utf-8")
    if "with_suffix(" in text:
        suffix = text.split("with_suffix(")[1].split(")")[0].strip("\"'")
        assert path.with_suffix(suffix).is_file()


def test_a_fresh_database_holds_the_shipped_reference_data(db):
    """The test database is built by the migrations: what they loaded is what the live loaders load today."""
    from thaothiam.agencies.models import Agency
    from thaothiam.agencies.registry import read_registry
    from thaothiam.learning.models import Course
    from thaothiam.learning.starter import CODE, QUESTIONS
    from thaothiam.plans.models import Indicator, PlanItem
    from thaothiam.surveys.models import Instrument, Item

    rows = read_registry()
    assert sorted(Agency.objects.values_list("code", "name_th", "parent__code")) == sorted(
        (r["code"], r["name_th"], r["parent_code"] or None) for r in rows)
    assert PlanItem.objects.filter(pillar__plan__is_current=True).count() > 10
    assert Indicator.objects.count() > 10
    assert set(Instrument.objects.values_list("code", flat=True)) >= {"opinion-2568", "work-environment-2568"}
    assert Item.objects.filter(instrument__code="opinion-2568").exclude(position=None).count() > 5
    assert Course.objects.get(code=CODE).questions.count() == len(QUESTIONS)
