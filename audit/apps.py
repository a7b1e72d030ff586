from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        from core.access import register_access_recorder
        from core.db import register_sqlite_guards

        from .guards import sqlite_triggers
        from .registry import register_audited_models
        from .services import audit_access

        register_audited_models()
        register_sqlite_guards(sqlite_triggers)
        # Core's generic views (PDF downloads) record reads through it.
        register_access_recorder(audit_access)
