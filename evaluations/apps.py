from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluations"

    def ready(self):
        from core.pdfs import pdf_export_register

        from .pdf import EVALUATION_PDF

        pdf_export_register(EVALUATION_PDF)
