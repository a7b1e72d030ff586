"""Celery tasks: each takes ids, fetches, and calls a service. All are safe to run twice."""

from celery import Task, shared_task

from .services.notifications import training_notify
from .services.pdf import training_pdf_fail, training_pdf_store


@shared_task(
    bind=True,
    autoretry_for=(OSError, ConnectionError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def send_training_notice(self, enrolment_id: int, kind: str):
    return training_notify(enrolment_id=enrolment_id, kind=kind)


class _RenderTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Called once retries are exhausted: the PDF is marked failed, no partial file was published.
        training_pdf_fail(pdf_id=args[0], error=f"{type(exc).__name__}: {exc}")


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
