from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        from core.db import register_sqlite_guards

        from .guards import sqlite_triggers
        from .registry import register_audited_models

        register_audited_models()
        register_sqlite_guards(sqlite_triggers)
