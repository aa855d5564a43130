from django.db import migrations


def load(apps, schema_editor):
    from thaothiam.plans.indicator_data import load_default_indicators

    load_default_indicators(
        apps.get_model("plans", "Plan"), apps.get_model("plans", "PlanItem"),
        apps.get_model("plans", "Indicator"), apps.get_model("plans", "Target"),
    )


class Migration(migrations.Migration):
    dependencies = [("plans", "0003_indicators_and_targets")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
