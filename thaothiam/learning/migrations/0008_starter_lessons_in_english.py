"""The starter course's lessons get their English text where it is still empty (central's edits are kept).

The text is frozen in the JSON file beside this migration (a copy of learning/starter_en.py as it was),
so later edits to the live module cannot change what this migration does (decision 0152)."""

import json
from pathlib import Path

from django.db import migrations


def add_english(apps, schema_editor):
    data = json.loads((Path(__file__).parent / "0008_starter_lessons_in_english.json").read_text(encoding="utf-8"))
    Lesson = apps.get_model("learning", "Lesson")
    for number, body in enumerate(data["bodies_en"], start=1):
        Lesson.objects.filter(course__code=data["code"], number=number, body_en="").update(body_en=body)


class Migration(migrations.Migration):
    dependencies = [("learning", "0007_reach_index_with_keys")]

    operations = [migrations.RunPython(add_english, migrations.RunPython.noop)]
