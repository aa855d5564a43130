"""Triggers that make the access log and the case trail append-only in the database.

The SQL is frozen here as complaints/dbguard.py wrote it (decision 0152): the live module re-creates the
same triggers after a flush, but later edits to it cannot change what this migration did."""

from django.db import migrations

SQL = {'postgresql': {'create': ['\n'
                           'CREATE OR REPLACE FUNCTION complaints_refuse_change() RETURNS trigger LANGUAGE '
                           'plpgsql AS $$\n'
                           'BEGIN\n'
                           "    RAISE EXCEPTION USING ERRCODE = 'restrict_violation',\n"
                           "        MESSAGE = 'append-only: ' || TG_TABLE_NAME || ' rows cannot be changed "
                           "or deleted';\n"
                           'END\n'
                           '$$\n',
                           'DROP TRIGGER IF EXISTS complaints_accessentry_append_only ON '
                           'complaints_accessentry',
                           'CREATE TRIGGER complaints_accessentry_append_only BEFORE UPDATE OR DELETE ON '
                           'complaints_accessentry FOR EACH ROW EXECUTE FUNCTION complaints_refuse_change()',
                           'DROP TRIGGER IF EXISTS complaints_accessentry_no_truncate ON '
                           'complaints_accessentry',
                           'CREATE TRIGGER complaints_accessentry_no_truncate BEFORE TRUNCATE ON '
                           'complaints_accessentry FOR EACH STATEMENT EXECUTE FUNCTION '
                           'complaints_refuse_change()',
                           'DROP TRIGGER IF EXISTS complaints_caseevent_append_only ON complaints_caseevent',
                           'CREATE TRIGGER complaints_caseevent_append_only BEFORE UPDATE OR DELETE ON '
                           'complaints_caseevent FOR EACH ROW EXECUTE FUNCTION complaints_refuse_change()',
                           'DROP TRIGGER IF EXISTS complaints_caseevent_no_truncate ON complaints_caseevent',
                           'CREATE TRIGGER complaints_caseevent_no_truncate BEFORE TRUNCATE ON '
                           'complaints_caseevent FOR EACH STATEMENT EXECUTE FUNCTION '
                           'complaints_refuse_change()'],
                'drop': ['DROP TRIGGER IF EXISTS complaints_accessentry_append_only ON '
                         'complaints_accessentry',
                         'DROP TRIGGER IF EXISTS complaints_accessentry_no_truncate ON '
                         'complaints_accessentry',
                         'DROP TRIGGER IF EXISTS complaints_caseevent_append_only ON complaints_caseevent',
                         'DROP TRIGGER IF EXISTS complaints_caseevent_no_truncate ON complaints_caseevent']},
 'sqlite': {'create': ['CREATE TRIGGER IF NOT EXISTS complaints_accessentry_no_update BEFORE UPDATE ON '
                       "complaints_accessentry BEGIN SELECT RAISE(ABORT, 'append-only: "
                       "complaints_accessentry rows cannot be changed'); END",
                       'CREATE TRIGGER IF NOT EXISTS complaints_accessentry_no_delete BEFORE DELETE ON '
                       "complaints_accessentry BEGIN SELECT RAISE(ABORT, 'append-only: "
                       "complaints_accessentry rows cannot be deleted'); END",
                       'CREATE TRIGGER IF NOT EXISTS complaints_caseevent_no_update BEFORE UPDATE ON '
                       "complaints_caseevent BEGIN SELECT RAISE(ABORT, 'append-only: complaints_caseevent "
                       "rows cannot be changed'); END",
                       'CREATE TRIGGER IF NOT EXISTS complaints_caseevent_no_delete BEFORE DELETE ON '
                       "complaints_caseevent BEGIN SELECT RAISE(ABORT, 'append-only: complaints_caseevent "
                       "rows cannot be deleted'); END"],
            'drop': ['DROP TRIGGER IF EXISTS complaints_accessentry_no_update',
                     'DROP TRIGGER IF EXISTS complaints_accessentry_no_delete',
                     'DROP TRIGGER IF EXISTS complaints_caseevent_no_update',
                     'DROP TRIGGER IF EXISTS complaints_caseevent_no_delete']}}


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in SQL:
        raise NotImplementedError(f"append-only triggers are written for SQLite and PostgreSQL, not {vendor}")
    for statement in SQL[vendor]["create"]:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in SQL.get(schema_editor.connection.vendor, {}).get("drop", []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
