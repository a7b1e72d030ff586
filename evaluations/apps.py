from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluations"

    def ready(self):
        # What core's daily jobs, chain of sealed records, SQLite guards and PDFs need of this app.
        from core.db import register_sqlite_guards
        from core.integrity import register_sealed_record
        from core.notices import NoticeKind, notice_kind_register
        from core.pdfs import pdf_export_register
        from core.queueing import register_notice_outbox
        from core.reminders import register_reminder_source
        from people.person_page import PersonSection, register_section

        from . import guards, reminders
        from .models import Evaluation, EvaluationNotice
        from .pdf import EVALUATION_PDF
        from .selectors import person_page_evaluations
        from .services.sealing import evaluation_states, finalized_evaluation_ids
        from .tasks import send_evaluation_notice

        register_reminder_source(reminders.pending)
        notice_kind_register(
            NoticeKind(
                "evaluations.handoffs",
                "evaluations shared with you, signed, finalized, amended or taken back",
                order=10,
            )
        )
        notice_kind_register(
            NoticeKind("evaluations.reminders", "evaluations that are due", reminder=True, order=10)
        )
        register_sealed_record(
            Evaluation, states=evaluation_states, locked_ids=finalized_evaluation_ids
        )
        register_notice_outbox(EvaluationNotice, task=send_evaluation_notice)
        register_sqlite_guards(guards.sqlite_triggers)
        pdf_export_register(EVALUATION_PDF)

        register_section(
            PersonSection(
                key="evaluations",
                title="Evaluations and self-assessments",
                template="evaluations/person_section.html",
                context=person_page_evaluations,
                order=10,
            )
        )
