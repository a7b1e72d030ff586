"""SQLite guards for the audit trail (``core.db``): as on PostgreSQL, entries are never
changed or deleted."""

from core.db import sqlite_append_only, table_columns


def sqlite_triggers(connection) -> dict[str, str]:
    if table_columns(connection, "auditlog_logentry") is None:
        return {}
    return sqlite_append_only("auditlog_logentry", "Audit entries cannot be changed or deleted.")
