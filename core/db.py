"""Migration operations for guards only PostgreSQL can give."""

from django.db import migrations


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
