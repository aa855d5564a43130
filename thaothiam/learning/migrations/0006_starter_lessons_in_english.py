"""The starter course's lessons get their English text where it is still empty (central's edits are kept)."""

from django.db import migrations


def add_english(apps, schema_editor):
    from thaothiam.learning.starter import CODE
    from thaothiam.learning.starter_en import BODIES_EN

    Lesson = apps.get_model("learning", "Lesson")
    for number, body in enumerate(BODIES_EN, start=1):
        Lesson.objects.filter(course__code=CODE, number=number, body_en="").update(body_en=body)


class Migration(migrations.Migration):
    dependencies = [("learning", "0005_lesson_file_type")]

    operations = [migrations.RunPython(add_english, migrations.RunPython.noop)]
