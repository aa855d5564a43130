"""Cell-key perturbation (docs/decisions/0022): a record key per person and, in the cube, the sum of
the keys and the largest salary of each row. Existing people get their keys here; the cube rows are
regrouped from the people. The key derivation is frozen in this file (core.cellkey may change later)."""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations, models

KEYS = 1000


def _key(secret: str, pseudonym: str) -> int:
    message = f"person|{pseudonym}".encode()
    digest = hmac.new(secret.encode(), b"cell-key|" + message, hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") % KEYS


def fill_keys(apps, schema_editor):
    Person = apps.get_model("workforce", "Person")
    WorkforceCell = apps.get_model("workforce", "WorkforceCell")
    secret = settings.PSEUDONYM_KEY
    fields = ("agency_id", "sex", "gender_identity", "personnel_type", "position_type", "position_level",
              "is_executive", "age_band")
    for snapshot_id in Person.objects.values_list("snapshot_id", flat=True).distinct():
        cells: dict[tuple, list] = {}
        batch = []
        for pk, pseudonym, salary, *dims in (Person.objects.filter(snapshot_id=snapshot_id)
                                             .values_list("pk", "pseudonym", "salary", *fields).iterator()):
            key = _key(secret, pseudonym)
            batch.append(Person(pk=pk, record_key=key))
            dims[2] = dims[2] or "U"  # the cube writes "U" for an undisclosed gender identity
            entry = cells.setdefault(tuple(dims), [0, None])
            entry[0] += key
            if salary is not None:
                entry[1] = salary if entry[1] is None else max(entry[1], salary)
        quote = schema_editor.connection.ops.quote_name
        with schema_editor.connection.cursor() as cursor:  # executemany: bulk_update's CASE is slow at 100,000
            cursor.executemany(f"UPDATE {quote(Person._meta.db_table)} SET record_key = %s WHERE id = %s",  # noqa: S608 — our table
                               [(p.record_key, p.pk) for p in batch])
            updates = []
            for cell in WorkforceCell.objects.filter(snapshot_id=snapshot_id).only("pk", *fields):
                entry = cells.get(tuple(getattr(cell, f) for f in fields))
                if entry is not None:
                    updates.append((entry[0], entry[1], cell.pk))
            sql = f"UPDATE {quote(WorkforceCell._meta.db_table)} SET key_sum = %s, salary_max = %s WHERE id = %s"  # noqa: S608
            cursor.executemany(sql, updates)


class Migration(migrations.Migration):
    dependencies = [("workforce", "0001_initial")]

    operations = [
        migrations.AddField("person", "record_key", models.PositiveSmallIntegerField(default=0)),
        migrations.AddField("workforcecell", "key_sum", models.BigIntegerField(default=0)),
        migrations.AddField("workforcecell", "salary_max",
                            models.DecimalField(decimal_places=2, max_digits=10, null=True)),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
