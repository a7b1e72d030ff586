"""Celery tasks: each takes ids, fetches, and calls a service. Safe to run twice."""

from celery import Task, shared_task

from .services.pdf import workplan_pdf_fail, workplan_pdf_store


class _RenderTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Called once retries are exhausted: the PDF is marked failed; no partial
        # file was ever published.
        workplan_pdf_fail(pdf_id=args[0], error=f"{type(exc).__name__}: {exc}")


@shared_task(
    base=_RenderTask,
    bind=True,
    autoretry_for=(Exception,),
    retry_backoff=2,
    max_retries=3,
    acks_late=True,
)
def render_workplan_pdf(self, pdf_id: int):
    return workplan_pdf_store(pdf_id=pdf_id).status
