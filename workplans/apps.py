from django.apps import AppConfig


class WorkplansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workplans"
    verbose_name = "Work plans"

    def ready(self):
        from core.pdfs import pdf_export_register

        from .pdf import WORKPLAN_PDF

        pdf_export_register(WORKPLAN_PDF)
