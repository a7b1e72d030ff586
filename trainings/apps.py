from django.apps import AppConfig


class TrainingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trainings"

    def ready(self):
        from core.pdfs import pdf_export_register

        from .pdf import TRAINING_PDF

        pdf_export_register(TRAINING_PDF)
