"""Record keys for learning records (core.cellkey, docs/decisions/0028). The key derivation is frozen
here as it was written (HMAC-SHA256 of "cell-key|..." under the pseudonymisation key, first 8 bytes
modulo 1000), so later changes to live helpers cannot change what this migration did."""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations, models


def _key(secret: bytes, *parts) -> int:
    message = "|".join(str(p) for p in parts).encode()
    return int.from_bytes(hmac.new(secret, b"cell-key|" + message, hashlib.sha256).digest()[:8], "big") % 1000


def fill(apps, schema_editor):
    Completion = apps.get_model("learning", "Completion")
    secret = settings.PSEUDONYM_KEY.encode()
    batch = []
    for c in Completion.objects.only("pk", "learner_key", "course_id", "session_id", "agency_id", "sex",
                                     "fiscal_year", "people").iterator(chunk_size=5000):
        if c.learner_key:
            c.record_key = _key(secret, "learner", c.learner_key)
        else:
            c.record_key = _key(secret, "counts", c.course_id, c.session_id, c.agency_id, c.sex, c.fiscal_year,
                                c.people)
        batch.append(c)
        if len(batch) == 5000:
            Completion.objects.bulk_update(batch, ["record_key"])
            batch = []
    Completion.objects.bulk_update(batch, ["record_key"])


class Migration(migrations.Migration):
    dependencies = [("learning", "0005_lesson_file_type")]

    operations = [
        migrations.AddField("completion", "record_key", models.PositiveSmallIntegerField(default=0)),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
