from django.apps import AppConfig


class TrainingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trainings"

    def ready(self):
        # What core's daily reminders, notice outboxes and PDFs need of this app.
        from core.pdfs import pdf_export_register
        from core.queueing import register_notice_outbox
        from core.reminders import register_reminder_source

        from . import reminders
        from .models import TrainingNotice
        from .pdf import TRAINING_PDF
        from .tasks import send_training_notice

        register_reminder_source(reminders.pending)
        register_notice_outbox(TrainingNotice, task=send_training_notice)
        pdf_export_register(TRAINING_PDF)
