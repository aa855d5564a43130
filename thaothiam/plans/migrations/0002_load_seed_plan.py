from django.db import migrations


def load(apps, schema_editor):
    from thaothiam.plans.seed import load_plan

    load_plan(apps.get_model("plans", "Plan"), apps.get_model("plans", "Pillar"), apps.get_model("plans", "PlanItem"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
