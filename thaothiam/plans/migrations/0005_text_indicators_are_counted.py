"""A text indicator has no numeric roll-up: it is counted (agencies that reported it) and has no target.

Databases migrated before this had the default text indicator (3.3 findings) on the "share of agencies
achieving" rule: move every text indicator to the new "reported" rule and drop its targets, then
enforce the rule with a check constraint.
"""

from django.db import migrations, models


def count_text_indicators(apps, schema_editor):
    Indicator = apps.get_model("plans", "Indicator")
    Target = apps.get_model("plans", "Target")
    text = Indicator.objects.filter(kind="text")
    Target.objects.filter(indicator__in=text).delete()
    text.exclude(aggregation="reported").update(aggregation="reported")


def back_to_share(apps, schema_editor):
    Indicator = apps.get_model("plans", "Indicator")
    Indicator.objects.filter(kind="text", aggregation="reported").update(aggregation="share")


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_load_default_indicators")]

    operations = [
        migrations.RemoveConstraint(model_name="indicator", name="indicator_text_is_not_summed"),
        migrations.AlterField(
            model_name="indicator",
            name="aggregation",
            field=models.CharField(
                choices=[("sum", "Sum of agencies"), ("mean", "Mean of agencies"),
                         ("share", "Share of agencies achieving their target"),
                         ("reported", "Number of agencies that reported (text)")],
                default="sum", max_length=8, verbose_name="aggregation to the BMA"),
        ),
        migrations.RunPython(count_text_indicators, back_to_share),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.CheckConstraint(
                condition=models.Q(models.Q(("aggregation", "reported"), ("kind", "text")),
                                   models.Q(models.Q(("kind", "text"), _negated=True),
                                            models.Q(("aggregation", "reported"), _negated=True)), _connector="OR"),
                name="indicator_text_is_counted"),
        ),
    ]
