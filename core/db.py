"""Database helpers: a query shape the indexes can answer, and the guards that refuse to
rewrite history, on both engines.

PostgreSQL's guards are PL/pgSQL functions created by the apps' migrations. SQLite's are
generated here from each table's columns as they are now (each app's ``guards.py``,
registered from its ``AppConfig.ready()`` with ``register_sqlite_guards``), and
installed after every ``migrate``: SQLite rebuilds a table to alter it, and the
rebuild drops the table's triggers.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import migrations
from django.db.models import Q, QuerySet

# Functions (connection) -> {trigger name: CREATE TRIGGER statement} for SQLite.
SQLITE_GUARDS: list[Callable[..., dict[str, str]]] = []


def register_sqlite_guards(triggers: Callable[..., dict[str, str]]) -> None:
    """Install ``triggers(connection)``'s statements with every SQLite guard (once, however
    often it is called)."""
    if triggers not in SQLITE_GUARDS:
        SQLITE_GUARDS.append(triggers)


def matching_any(queryset: QuerySet, *conditions: Q) -> QuerySet:
    """The rows of ``queryset`` that match any of ``conditions``, each found by its own index.

    One WHERE with an OR, once a term reaches through a join (a team's people through
    their profiles), is answered by no index: the database reads every row of the table,
    so a supervisor's list grows with the agency. A UNION of one lookup per condition
    reads only the rows that match, and the outer query keeps its joins and order."""
    parts = [
        queryset.model._default_manager.filter(condition).order_by().values("pk")
        for condition in conditions
    ]
    return queryset.filter(pk__in=parts[0].union(*parts[1:]))


def postgresql_only(*, sql: str, reverse_sql: str) -> migrations.RunPython:
    """Run ``sql`` on PostgreSQL, nothing elsewhere (SQLite's guards: ``sqlite_guards_install``)."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # No parameters: the trigger bodies' own % placeholders stay as written.
            schema_editor.execute(sql, params=None)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(reverse_sql, params=None)

    return migrations.RunPython(forwards, backwards)


def table_columns(connection, table: str) -> list[str] | None:
    """The table's columns as the database has them; None if there is no such table."""
    with connection.cursor() as cursor:
        if table not in connection.introspection.table_names(cursor):
            return None
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def changed(columns, *, ignore=()) -> str:
    """SQL true when any of ``columns`` (but those ignored) differs between OLD and NEW."""
    return " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in columns if c not in ignore)


def refuse(message: str) -> str:
    return "SELECT RAISE(ABORT, '" + message.replace("'", "''") + "');"


def sqlite_append_only(table: str, message: str) -> dict[str, str]:
    """Triggers refusing every UPDATE and DELETE on ``table``."""
    return {
        f"{table}_append_only_{op.lower()}": (
            f'CREATE TRIGGER "{table}_append_only_{op.lower()}" BEFORE {op} ON "{table}" '
            f"FOR EACH ROW BEGIN {refuse(message)} END"
        )
        for op in ("UPDATE", "DELETE")
    }


def _sqlite_triggers(connection) -> dict[str, str]:
    triggers = {}
    for guards in SQLITE_GUARDS:
        triggers.update(guards(connection))
    return triggers


def sqlite_guards_install(connection) -> None:
    """(Re)create every SQLite guard trigger; nothing on other engines."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name, sql in _sqlite_triggers(connection).items():
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            cursor.execute(sql)


def sqlite_guards_drop(connection) -> None:
    with connection.cursor() as cursor:
        for name in _sqlite_triggers(connection):
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


@contextmanager
def sqlite_guards_lifted(connection) -> Iterator[None]:
    """Drop SQLite's guards for the statements inside, then put them back.

    Only for replacing the whole database (a restore loading a backup, emptying the
    test database): the SQLite counterpart of PostgreSQL's TRUNCATE and pg_restore,
    which no row trigger sees either. Nested uses put them back once, at the end."""
    if connection.vendor != "sqlite":
        yield
        return
    depth = getattr(connection, "_peerworks_guards_lifted", 0)
    if depth == 0:
        sqlite_guards_drop(connection)
    connection._peerworks_guards_lifted = depth + 1
    try:
        yield
    finally:
        connection._peerworks_guards_lifted = depth
        if depth == 0:
            sqlite_guards_install(connection)
