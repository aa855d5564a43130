"""One set of age bands (issue 17 §2, decision 0153): the workforce's <25, 25–34, …, 55+ become the core
vocabulary's ten-year bands <30, 30–39, 40–49, 50–59, 60+, the bands the surveys ask. People keep their
age, so every person (and every draft person of an import waiting for review) gets the band of that
age, and each snapshot's cube is regrouped from its people exactly as an import builds it (headcount,
salaries, the sum of record keys, the largest salary). The stored NumPy columns of a snapshot are
dropped (the explorer reads the people until the next import rewrites them). Reversible: the way back
regroups with the old bands.

Frozen (decision 0152): the bands are copied here, nothing of ours is imported.
"""

from decimal import Decimal

from django.db import migrations
from django.db.models import Count, Max, Sum
from django.utils import timezone

OLD = ((25, "<25"), (35, "25-34"), (45, "35-44"), (55, "45-54"), (None, "55+"))
NEW = ((30, "<30"), (40, "30-39"), (50, "40-49"), (60, "50-59"), (None, "60+"))
FIELDS = ("agency_id", "sex", "gender_identity", "personnel_type", "position_type", "position_level",
          "is_executive", "age_band")


def _band(age: int, bands) -> str:
    for limit, code in bands:
        if limit is None or age < limit:
            return code
    raise AssertionError("unreachable")


def _regroup(apps, bands) -> None:
    Person = apps.get_model("workforce", "Person")
    DraftPerson = apps.get_model("workforce", "DraftPerson")
    Snapshot = apps.get_model("workforce", "Snapshot")
    WorkforceCell = apps.get_model("workforce", "WorkforceCell")
    for model in (Person, DraftPerson):
        for age in model.objects.values_list("age", flat=True).distinct():
            model.objects.filter(age=age).update(age_band=_band(age, bands))
    for snapshot_id, fiscal_year in Snapshot.objects.values_list("pk", "fiscal_year"):
        cells: dict[tuple, list] = {}
        rows = (Person.objects.filter(snapshot_id=snapshot_id).values(*FIELDS)
                .annotate(n=Count("id"), sn=Count("salary"), ss=Sum("salary"), ks=Sum("record_key"), mx=Max("salary"))
                .order_by())
        for row in rows:
            key = tuple(row[f] or "U" if f == "gender_identity" else row[f] for f in FIELDS)
            entry = cells.setdefault(key, [0, 0, Decimal(0), 0, None])
            entry[0] += row["n"]
            entry[1] += row["sn"]
            entry[2] += row["ss"] or Decimal(0)
            entry[3] += row["ks"] or 0
            if row["mx"] is not None:
                entry[4] = row["mx"] if entry[4] is None else max(entry[4], row["mx"])
        WorkforceCell.objects.filter(snapshot_id=snapshot_id).delete()
        WorkforceCell.objects.bulk_create(
            [WorkforceCell(snapshot_id=snapshot_id, fiscal_year=fiscal_year, **dict(zip(FIELDS, key, strict=True)),
                           headcount=n, salary_count=sn, salary_sum=ss, key_sum=ks, salary_max=mx)
             for key, (n, sn, ss, ks, mx) in cells.items()], batch_size=500)
    Snapshot.objects.update(columns=None, updated_at=timezone.now())


def to_ten_year_bands(apps, schema_editor):
    _regroup(apps, NEW)


def to_old_bands(apps, schema_editor):
    _regroup(apps, OLD)


class Migration(migrations.Migration):
    dependencies = [("workforce", "0003_import_review")]
    operations = [migrations.RunPython(to_ten_year_bands, to_old_bands)]
