"""Triggers that make the access log and the case trail append-only in the database (dbguard.py)."""

from django.db import migrations

from thaothiam.complaints import dbguard


def forwards(apps, schema_editor):
    for statement in dbguard.create_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in dbguard.drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
