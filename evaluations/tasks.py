"""Celery tasks: each takes ids, fetches, and calls a service. All are safe to run twice."""

from celery import shared_task

from core.pdfs import PdfRenderTask
from core.tasks import RETRY

from .services.notifications import evaluation_notify
from .services.pdf import evaluation_pdf_store


@shared_task(bind=True, **RETRY)
def send_evaluation_notice(self, evaluation_id: int, kind: str, recipient_id: int, round: int = 0):
    return evaluation_notify(
        evaluation_id=evaluation_id, kind=kind, recipient_id=recipient_id, round=round
    )


class _RenderTask(PdfRenderTask):
    fail_service = "evaluations.services.pdf.evaluation_pdf_fail"


@shared_task(base=_RenderTask, bind=True, **RETRY)
def render_evaluation_pdf(self, pdf_id: int):
    return evaluation_pdf_store(pdf_id=pdf_id).status
