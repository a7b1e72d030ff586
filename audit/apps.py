from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        from auditlog.models import LogEntry
        from django.db.models.signals import pre_save

        from core.access import register_access_recorder
        from core.db import register_sqlite_guards

        from .guards import sqlite_triggers
        from .registry import register_audited_models
        from .services import audit_access, entry_record_organisation

        register_audited_models()
        register_sqlite_guards(sqlite_triggers)
        # Core's generic views (PDF downloads) record reads through it.
        register_access_recorder(audit_access)
        # Each entry belongs to the organisation it was written in (its own trail).
        pre_save.connect(entry_record_organisation, sender=LogEntry, dispatch_uid="audit-org")
