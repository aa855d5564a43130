"""Kept reach cubes were counted with a person once per personnel type on their records; from now on a
person counts once under one type (decision 0166): mark every kept cube stale so it is counted again."""

from django.db import migrations


def stale(apps, schema_editor):
    apps.get_model("learning", "ReachCube").objects.update(built_generation=None)


class Migration(migrations.Migration):

    dependencies = [
        ("learning", "0011_reach_cube"),
    ]

    operations = [migrations.RunPython(stale, migrations.RunPython.noop)]
