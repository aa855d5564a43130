from django.db import migrations


def load(apps, schema_editor):
    from thaothiam.agencies.registry import load_registry

    load_registry(apps.get_model("agencies", "Agency"))


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
