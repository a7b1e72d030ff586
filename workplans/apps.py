from django.apps import AppConfig


class WorkplansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workplans"
    verbose_name = "Work plans"

    def ready(self):
        # What core's reminders, chain of sealed records, SQLite guards and PDFs need of this app.
        from core.db import register_sqlite_guards
        from core.integrity import register_sealed_record
        from core.notices import NoticeKind, notice_kind_register
        from core.pdfs import pdf_export_register
        from core.reminders import register_reminder_source
        from people.person_page import PersonSection, register_section

        from . import guards, reminders
        from .models import WorkPlan
        from .pdf import WORKPLAN_PDF
        from .selectors import person_page_workplans
        from .services.plans import signed_workplan_ids, workplan_states

        register_reminder_source(reminders.pending)
        notice_kind_register(
            NoticeKind(
                "workplans.handoffs",
                "work plans ready to sign, signed by the other person, or locked",
                order=40,
            )
        )
        notice_kind_register(
            NoticeKind(
                "workplans.reminders",
                "work-plan meetings and plans about to end",
                reminder=True,
                order=40,
            )
        )
        register_sealed_record(WorkPlan, states=workplan_states, locked_ids=signed_workplan_ids)
        register_sqlite_guards(guards.sqlite_triggers)
        pdf_export_register(WORKPLAN_PDF)

        register_section(
            PersonSection(
                key="workplans",
                title="Work plans",
                template="workplans/person_section.html",
                context=person_page_workplans,
                order=20,
            )
        )
