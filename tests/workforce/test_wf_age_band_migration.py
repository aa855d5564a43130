"""Issue 17 §2, decision 0153: workforce/0004 moves people and the cube from <25/25–34/…/55+ to the core
vocabulary's ten-year bands. People keep their age, so both directions regroup exactly: backwards gives
the old bands by age, forwards gives back the very cube an import builds."""

import datetime as dt
from collections import Counter

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("workforce", "0003_import_review")]
CELL = ("agency_id", "sex", "gender_identity", "personnel_type", "position_type", "position_level", "is_executive",
        "age_band", "headcount", "salary_count", "salary_sum", "key_sum", "salary_max")
AGES = [18, 24, 25, 29, 30, 34, 35, 39, 40, 44, 45, 49, 50, 54, 55, 59, 60, 63]


def _old_band(age: int) -> str:  # the workforce's bands before 0004, written out
    return "<25" if age < 25 else "25-34" if age < 35 else "35-44" if age < 45 else "45-54" if age < 55 else "55+"


def _migrate(target):
    MigrationExecutor(connection).migrate(target)
    return MigrationExecutor(connection).loader.project_state(target).apps


def _cube(model) -> Counter:
    return Counter(tuple(row) for row in model.objects.values_list(*CELL))


@pytest.mark.django_db(transaction=True)
def test_people_and_cube_regroup_by_age_both_ways():
    from wf_files import person_rows

    from thaothiam.agencies.models import Agency
    from thaothiam.core import vocabulary
    from thaothiam.core.demodata import load_reference_data
    from thaothiam.workforce.models import Person, Snapshot, WorkforceCell
    from thaothiam.workforce.services import workforce_snapshot_load

    if not Agency.objects.exists():
        load_reference_data()  # an earlier transactional test may have flushed what the migrations loaded
    a, b = (Agency.objects.get(code=c).pk for c in ("DIS-1001", "DIS-1002"))
    rows = []
    for i, age in enumerate(AGES):
        rows += person_rows(a if i % 3 else b, women=1 + i % 3, men=i % 2, prefix=f"a{age}", age=age,
                            age_band=vocabulary.age_band(age), gender_identity="D" if i % 4 == 0 else "")
    workforce_snapshot_load(as_of=dt.date(2025, 9, 30), rows=rows)
    imported = _cube(WorkforceCell)  # what an import builds with the ten-year bands
    assert {r.age_band for r in rows} == {t.code for t in vocabulary.AGE_BANDS}

    old = _migrate(BEFORE)
    try:
        OldPerson, OldCell = old.get_model("workforce", "Person"), old.get_model("workforce", "WorkforceCell")  # noqa: N806
        assert all(band == _old_band(age) for age, band in OldPerson.objects.values_list("age", "age_band"))
        by_band = Counter()
        for band, n in OldCell.objects.values_list("age_band", "headcount"):
            by_band[band] += n
        assert by_band == Counter(_old_band(r.age) for r in rows)
        assert sum(OldCell.objects.values_list("key_sum", flat=True)) == sum(Person.objects.values_list("record_key", flat=True))
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert _cube(WorkforceCell) == imported  # regrouped from the people: the same cube as the import's
    assert all(p.age_band == vocabulary.age_band(p.age) for p in Person.objects.all())
    assert Snapshot.objects.filter(columns__isnull=False).count() == 0  # rebuilt from the people when read
