from django.apps import AppConfig


class TrainingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trainings"

    def ready(self):
        # What core's daily reminders, notice outboxes and PDFs need of this app.
        from core.notices import NoticeKind, notice_kind_register
        from core.pdfs import pdf_export_register
        from core.queueing import register_notice_outbox
        from core.reminders import register_reminder_source
        from people.person_page import PersonSection, register_section

        from . import reminders
        from .access import can_see_suggestions, can_view_person
        from .models import TrainingNotice
        from .pdf import TRAINING_PDF
        from .selectors import person_page_suggestions, person_page_trainings
        from .tasks import send_training_notice

        register_reminder_source(reminders.pending)
        notice_kind_register(
            NoticeKind(
                "trainings.handoffs",
                "training sessions: a seat for you, a session cancelled or changed",
                order=30,
            )
        )
        notice_kind_register(
            NoticeKind(
                "trainings.reminders", "training sessions coming up", reminder=True, order=30
            )
        )
        register_notice_outbox(TrainingNotice, task=send_training_notice)
        pdf_export_register(TRAINING_PDF)

        register_section(
            PersonSection(
                key="trainings",
                title="Trainings",
                template="trainings/person_section.html",
                context=person_page_trainings,
                visible=can_view_person,
                order=50,
            )
        )
        register_section(
            PersonSection(
                key="suggested-trainings",
                title="Suggested trainings",
                template="trainings/person_suggestions_section.html",
                context=person_page_suggestions,
                visible=can_see_suggestions,
                order=60,
            )
        )
