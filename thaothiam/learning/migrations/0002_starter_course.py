from django.db import migrations


def load(apps, schema_editor):
    from thaothiam.learning.starter import load as load_starter

    load_starter(apps.get_model("learning", "Course"), apps.get_model("learning", "Lesson"),
                 apps.get_model("learning", "Question"), apps.get_model("learning", "Choice"),
                 apps.get_model("plans", "PlanItem"))


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial"), ("plans", "0006_name_labels")]
    # Reversing keeps the course (loading is idempotent); unapplying 0001 drops the tables anyway.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
