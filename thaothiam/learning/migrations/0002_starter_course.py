from django.db import migrations


def load(apps, schema_editor):
    from thaothiam.learning.starter import load as load_starter

    load_starter(apps.get_model("learning", "Course"), apps.get_model("learning", "Lesson"),
                 apps.get_model("learning", "Question"), apps.get_model("learning", "Choice"),
                 apps.get_model("plans", "PlanItem"))


def unload(apps, schema_editor):
    from thaothiam.learning.starter import CODE

    apps.get_model("learning", "Course").objects.filter(code=CODE, completions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial"), ("plans", "0006_name_labels")]
    operations = [migrations.RunPython(load, unload)]
