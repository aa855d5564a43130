from django.db import migrations


def load(apps, schema_editor):
    from thaothiam.surveys.instruments import load_shipped

    load_shipped(apps.get_model("surveys", "Instrument"), apps.get_model("surveys", "Section"),
                 apps.get_model("surveys", "Item"))


def unload(apps, schema_editor):
    apps.get_model("surveys", "Instrument").objects.filter(
        code__in=["opinion-2568", "work-environment-2568"], campaigns__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
