"""SQLite guards for core's own tables (``core.db``): the chain of sealed records."""

from .db import sqlite_append_only, table_columns


def sqlite_triggers(connection) -> dict[str, str]:
    if table_columns(connection, "core_recordlink") is None:
        return {}
    return sqlite_append_only("core_recordlink", "The chain of sealed records is append-only.")
