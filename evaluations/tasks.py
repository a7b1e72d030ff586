"""Celery tasks: each takes ids, fetches, and calls a service. All are safe to run twice."""

from celery import Task, shared_task

from .services.notifications import evaluation_notify
from .services.pdf import evaluation_pdf_fail, evaluation_pdf_store


@shared_task(
    bind=True,
    autoretry_for=(OSError, ConnectionError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def send_evaluation_notice(self, evaluation_id: int, kind: str, recipient_id: int, round: int = 0):
    return evaluation_notify(
        evaluation_id=evaluation_id, kind=kind, recipient_id=recipient_id, round=round
    )


class _RenderTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Called once retries are exhausted: the PDF is marked failed and the
        # person who asked is told; no partial file was ever published.
        evaluation_pdf_fail(pdf_id=args[0], error=f"{type(exc).__name__}: {exc}")


@shared_task(
    base=_RenderTask,
    bind=True,
    autoretry_for=(Exception,),
    retry_backoff=2,
    max_retries=3,
    acks_late=True,
)
def render_evaluation_pdf(self, pdf_id: int):
    return evaluation_pdf_store(pdf_id=pdf_id).status
