"""Celery tasks: each takes ids, fetches, and calls a service. All are safe to run twice."""

from celery import shared_task

from core.pdfs import PdfRenderTask
from core.tasks import RETRY

from .services.notifications import training_notify
from .services.pdf import training_pdf_store


@shared_task(bind=True, **RETRY)
def send_training_notice(self, enrolment_id: int, kind: str):
    return training_notify(enrolment_id=enrolment_id, kind=kind)


class _RenderTask(PdfRenderTask):
    fail_service = "trainings.services.pdf.training_pdf_fail"


@shared_task(base=_RenderTask, bind=True, **RETRY)
def render_training_pdf(self, pdf_id: int):
    return training_pdf_store(pdf_id=pdf_id).status
