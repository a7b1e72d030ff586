"""Celery tasks: each takes ids, fetches, and calls a service. All are safe to run twice."""

from celery import shared_task

from core.pdfs import PdfRenderTask

from .services.notifications import training_notify
from .services.pdf import training_pdf_store


@shared_task(
    bind=True,
    autoretry_for=(OSError, ConnectionError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def send_training_notice(self, enrolment_id: int, kind: str):
    return training_notify(enrolment_id=enrolment_id, kind=kind)


class _RenderTask(PdfRenderTask):
    fail_service = "trainings.services.pdf.training_pdf_fail"


@shared_task(
    base=_RenderTask,
    bind=True,
    autoretry_for=(Exception,),
    retry_backoff=2,
    max_retries=3,
    acks_late=True,
)
def render_training_pdf(self, pdf_id: int):
    return training_pdf_store(pdf_id=pdf_id).status
