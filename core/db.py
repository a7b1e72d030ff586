"""Database helpers: a query shape the indexes can answer, and migration operations for
guards only PostgreSQL can give."""

from django.db import migrations
from django.db.models import Q, QuerySet


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
    """Run ``sql`` on PostgreSQL, nothing elsewhere.

    The zero-config SQLite mode has no PL/pgSQL; there the services' own checks
    are the guard, and the PostgreSQL triggers are the second line in production."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # No parameters: the trigger bodies' own % placeholders stay as written.
            schema_editor.execute(sql, params=None)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(reverse_sql, params=None)

    return migrations.RunPython(forwards, backwards)
