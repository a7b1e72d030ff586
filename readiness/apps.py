from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "readiness"
    verbose_name = "Agency self-assessment"

    def ready(self):
        # The daily reminder job reminds the owners of the action plan's actions.
        from core.notices import NoticeKind, notice_kind_register
        from core.pdfs import pdf_export_register
        from core.reminders import register_reminder_source

        from . import reminders
        from .pdf import CYCLE_PDF

        register_reminder_source(reminders.pending)
        # The cycle's report for the board goes through the one PDF pipeline.
        pdf_export_register(CYCLE_PDF)
        notice_kind_register(
            NoticeKind(
                "readiness.handoffs",
                "the agency's self-assessment asking for your answers",
                order=60,
            )
        )
        # The action plan's reminders are this kind (their template's folder): without it
        # the daily job could not ask its default and would stop.
        notice_kind_register(
            NoticeKind(
                "readiness.reminders",
                "actions of the self-assessment's plan that are due",
                reminder=True,
                order=60,
            )
        )
