"""The complaint logs are append-only in the database itself, not only in the ORM.

``AccessEntry`` (who opened which case) and ``CaseEvent`` (the case's trail) refuse UPDATE and DELETE
through triggers (and TRUNCATE on PostgreSQL), so a queryset ``update()``/``delete()``, raw SQL from the
application or a bug cannot rewrite who read a case. The migration ``0002_append_only_triggers`` creates
them; the one sanctioned way to erase these rows is erasing the whole database (``thaothiam flush``, used
by ``demo --reset`` and by the test harness), which our ``flush`` command does by lifting the triggers for
that one operation and setting them again (docs/decisions/0160-append-only-in-the-database.md).
An insider who owns the database can drop a trigger; that is a visible schema change, not a silent edit.
"""

from __future__ import annotations

TABLES = ("complaints_accessentry", "complaints_caseevent")
FUNCTION = "complaints_refuse_change"


def _sqlite_create(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'append-only: {table} rows cannot be changed'); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'append-only: {table} rows cannot be deleted'); END",
    ]


def _postgres_create(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
    ]


POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'restrict_violation',
        MESSAGE = 'append-only: ' || TG_TABLE_NAME || ' rows cannot be changed or deleted';
END
$$
"""


def create_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [POSTGRES_FUNCTION] + [s for t in TABLES for s in _postgres_create(t)]
    if vendor == "sqlite":
        return [s for t in TABLES for s in _sqlite_create(t)]
    raise NotImplementedError(f"append-only triggers are written for SQLite and PostgreSQL, not {vendor}")


def drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {t}_{s} ON {t}" for t in TABLES for s in ("append_only", "no_truncate")]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {t}_{s}" for t in TABLES for s in ("no_update", "no_delete")]
    raise NotImplementedError(vendor)


def _tables_exist(connection) -> bool:
    existing = set(connection.introspection.table_names())
    return all(t in existing for t in TABLES)


def create(connection) -> None:
    if not _tables_exist(connection):
        return
    with connection.cursor() as cursor:
        for statement in create_sql(connection.vendor):
            cursor.execute(statement)


def drop(connection) -> None:
    if not _tables_exist(connection):
        return
    with connection.cursor() as cursor:
        for statement in drop_sql(connection.vendor):
            cursor.execute(statement)


def installed(connection) -> set[str]:
    """The names of the guard triggers present (for tests and checks)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall() if row[0].startswith(TABLES)}
