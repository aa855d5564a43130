"""The BMA agency registry as it was shipped with this migration.

Frozen (docs/decisions/0152-frozen-data-migrations.md): the rows are ``0002_load_registry.csv`` beside
this file, a copy of agencies/data/bma_agencies.csv taken then, and the loading logic is copied here, so
a later change to the live registry file or to agencies/registry.py never changes what this migration
does. Registry changes after this are new migrations."""

import csv
from pathlib import Path

from django.db import migrations

ROWS = Path(__file__).with_suffix(".csv")


def load(apps, schema_editor):
    Agency = apps.get_model("agencies", "Agency")
    with ROWS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_code = {}
    for row in rows:
        agency, _created = Agency.objects.update_or_create(
            code=row["code"],
            defaults={"name_th": row["name_th"], "name_en": row["name_en"], "kind": row["kind"],
                      "geocode": row.get("geocode") or ""},
        )
        by_code[agency.code] = agency
    for row in rows:
        if row.get("parent_code"):
            agency = by_code[row["code"]]
            agency.parent = by_code[row["parent_code"]]
            agency.save(update_fields=["parent"])


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
