"""Celery tasks: each takes ids, fetches, and calls a service. Safe to run twice."""

from celery import shared_task

from core.pdfs import PdfRenderTask
from core.tasks import RETRY

from .services.pdf import workplan_pdf_store


class _RenderTask(PdfRenderTask):
    fail_service = "workplans.services.pdf.workplan_pdf_fail"


@shared_task(base=_RenderTask, bind=True, **RETRY)
def render_workplan_pdf(self, pdf_id: int):
    return workplan_pdf_store(pdf_id=pdf_id).status
