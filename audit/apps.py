from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        from auditlog.models import LogEntry
        from django.db.models.signals import pre_save

        from .registry import register_audited_models
        from .services import entry_record_organisation

        register_audited_models()
        pre_save.connect(entry_record_organisation, sender=LogEntry, dispatch_uid="audit-org")
