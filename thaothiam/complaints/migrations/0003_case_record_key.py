"""Each case gets a random record key for cell-key perturbation (decision 0161). Frozen (decision 0152):
the key is drawn here with the standard library, not through the model's live default."""

import secrets

from django.db import migrations, models

KEYS = 1000  # core.cellkey.KEYS when this migration was written


def fill_keys(apps, schema_editor):
    """Existing cases each get their own random key (AddField gave them all one value)."""
    Case = apps.get_model("complaints", "Case")
    for pk in Case.objects.values_list("pk", flat=True):
        Case.objects.filter(pk=pk).update(record_key=secrets.randbelow(KEYS))


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0002_append_only_triggers'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='record_key',
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
