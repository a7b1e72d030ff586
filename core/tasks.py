"""Celery tasks shared by the apps, and the retry policy every task uses.

Every task is idempotent (running it twice sends one email, writes one file) and is
acknowledged late (``CELERY_TASK_ACKS_LATE``): a worker that dies mid-task leaves it
to run again.
"""

from celery import Task, shared_task
from celery.signals import task_postrun, task_prerun
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django_scopes.state import state

from .notices import notice_send
from .pdfs import pdf_export, pdf_fail, pdf_render, pdf_requeue_stale
from .queueing import SCOPE_HEADER, notices_requeue_unsent
from .reminders import send_daily_reminders

# What may go away for a moment and come back: the mail server and the network (OSError),
# PostgreSQL restarting (OperationalError; InterfaceError for a connection already closed).
# Anything else is a bug that retrying would only repeat.
TRANSIENT_ERRORS = (OSError, OperationalError, InterfaceError)

# Retries wait 0–2 s, 0–4 s, … 0–64 s (full jitter, so workers that failed together do not
# retry together): about a minute in all, longer than a PostgreSQL or Redis restart.
RETRY = {
    "acks_late": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 6,
}


@task_prerun.connect
def _enter_queued_scope(task_id, task, **kwargs):
    """A task runs in the scope it was queued in (``queue_after_commit`` sends it along).

    Run eagerly, it is already inside that scope. Run by a worker without one (beat's
    jobs, a message queued some other way), it runs in none: a scoped query then raises,
    so a system job must say ``scopes_disabled()`` itself."""
    if task.request.is_eager:
        return
    carried = task.request.get(SCOPE_HEADER) or {"_enabled": True}
    task.request.scope_token = state.set(dict(carried))


@task_postrun.connect
def _leave_queued_scope(task_id, task, **kwargs):
    token = getattr(task.request, "scope_token", None)
    if token is not None:
        state.reset(token)
        task.request.scope_token = None


@shared_task(**RETRY)
def send_reminders():
    """The daily reminder job (django-celery-beat runs it at 07:00 agency time)."""
    return len(send_daily_reminders(today=timezone.localdate()))


class _PdfRenderTask(Task):
    """Once a render's retries are exhausted, its record is marked failed (``pdf_fail``)."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        name = args[0] if args else kwargs["export"]
        pdf_id = args[1] if len(args) > 1 else kwargs["pdf_id"]
        pdf_fail(export=pdf_export(name), pdf_id=pdf_id, error=f"{type(exc).__name__}: {exc}")


@shared_task(base=_PdfRenderTask, bind=True, **RETRY)
def render_pdf(self, export: str, pdf_id: int):
    """Render any registered export's PDF (``core.pdfs``); safe to run twice."""
    return pdf_render(export=pdf_export(export), pdf_id=pdf_id).status


@shared_task(**RETRY)
def requeue_stale_pdfs():
    """Queue again the PDFs whose message was lost (beat runs it every five minutes)."""
    return pdf_requeue_stale()


@shared_task(**RETRY)
def send_notice(notice_id: int):
    """Send one hand-off email (``core.notices``); safe to run twice."""
    return notice_send(notice_id=notice_id)


@shared_task(**RETRY)
def requeue_unsent_notices():
    """Queue again the notices whose message was lost (beat runs it every five minutes)."""
    return notices_requeue_unsent()
