"""Generated PDFs, shared by every app that exports one.

A request creates a record (pending) and queues a render task once it commits;
the task stores the file in ``storages["documents"]`` (``core.storage``: a local folder,
or an object store every machine shares), whole or not at all, so a broken or partial
file is never offered; after its retries a failed render marks the record failed. Records are any model with
``status`` (pending, ready, failed), ``requested_at``, ``file_name``, ``size``,
``finished_at``, ``error`` and ``fingerprint`` (``core.models.GeneratedPdf``).

A PDF is reused only while nothing it shows has changed: ``pdf_fingerprint`` hashes
the page's HTML as it would render now, less the time it was made, and a request
reuses a pending or ready record only if its fingerprint is the same. Hashing the
page itself, rather than a list of fields, covers whatever the template shows:
content, self-assessment, signatures, amendments, and the template's own wording.

The database, not Redis, is the source of truth for what is still to render:
Redis keeps nothing on disk, so ``pdf_requeue_stale`` (every five minutes, see
``CELERY_BEAT_SCHEDULE``) queues again whatever is still pending.

The renderer (``pdf_bytes``) loads nothing but the app's own static files.
"""

import hashlib
import logging
import mimetypes
from datetime import timedelta
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from celery import Task
from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string
from django_scopes import scopes_disabled

from .queueing import queue_after_commit

logger = logging.getLogger(__name__)

PENDING, READY, FAILED = "pending", "ready", "failed"

# Every PDF export: its record model and its render task.
PDF_EXPORTS = [
    ("evaluations.EvaluationPdf", "evaluations.tasks.render_evaluation_pdf"),
    ("workplans.WorkPlanPdf", "workplans.tasks.render_workplan_pdf"),
    ("trainings.TrainingPdf", "trainings.tasks.render_training_pdf"),
]
# A render takes seconds; one still pending after this lost its message (or waits behind
# a long queue, when queuing it again costs one skipped run).
STALE_AFTER = timedelta(minutes=10)
# Past this, whoever asked is told it failed and can ask again, rather than wait forever.
GIVE_UP_AFTER = timedelta(days=1)


def documents() -> Storage:
    """The storage generated documents live in (``core.storage``)."""
    return storages["documents"]


def document_name(folder: str, file_name: str) -> str:
    return f"{folder}/{file_name}"


def pdf_is_stored(record, folder: str) -> bool:
    """A ready record whose file is still there: rendering it again would change nothing."""
    return (
        record.status == READY
        and bool(record.file_name)
        and documents().exists(document_name(folder, record.file_name))
    )


def pdf_fingerprint(template_name: str, context: dict) -> str:
    """SHA-256 of the page's HTML as rendered from ``context`` now, without ``generated_at``.

    Two exports with the same fingerprint show the same thing; only their time of making
    differs, so the earlier one can be handed out again."""
    html = render_to_string(template_name, {**context, "generated_at": None})
    return hashlib.sha256(html.encode()).hexdigest()


def pdf_html(template_name: str, context: dict) -> str:
    """The page as it goes into the PDF, stamped with the time it is made."""
    return render_to_string(template_name, {**context, "generated_at": timezone.localtime()})


def pdf_stored_file(record, folder: str) -> File | None:
    """A ready record's file, open for reading; None if it is not ready or is gone."""
    if record.status != READY or not record.file_name:
        return None
    try:
        return documents().open(document_name(folder, record.file_name), "rb")
    except FileNotFoundError:
        return None


@transaction.atomic
def pdf_store(
    *, record, folder: str, file_name: str, content: bytes, fingerprint: str | None = None
) -> bool:
    """Store the file and mark the record ready; False if it was stored already.

    The record is locked while the file is written, so two runs of one render (a message
    delivered again after a worker died, or a sweep's extra copy) leave one file and mark
    the record ready once. The file appears whole or not at all (a local folder renames it
    into place; an object store publishes an upload only once it is complete).
    ``fingerprint`` is that of what was rendered, taken before the content was read: it
    may be older than the file, which costs a render, never newer, which would hand out a
    stale file."""
    locked = type(record).objects.select_for_update().get(pk=record.pk)
    if pdf_is_stored(locked, folder):
        record.refresh_from_db()
        return False
    documents().save(document_name(folder, file_name), ContentFile(content))
    locked.file_name, locked.status, locked.size = file_name, READY, len(content)
    locked.finished_at, locked.error = timezone.now(), ""
    fields = ["status", "file_name", "size", "finished_at", "error"]
    if fingerprint is not None:
        locked.fingerprint = fingerprint
        fields.append("fingerprint")
    locked.save(update_fields=fields)
    record.refresh_from_db()
    return True


def pdf_mark_failed(*, record, error: str) -> bool:
    """Mark a record failed after its retries; False if it was ready after all."""
    if record.status == READY:
        return False
    record.status, record.error, record.finished_at = FAILED, error[:2000], timezone.now()
    record.save(update_fields=["status", "error", "finished_at"])
    return True


class PdfRenderTask(Task):
    """Base for render tasks: once retries are exhausted, ``fail_service(pdf_id=…, error=…)`` runs.

    Subclasses name the service as ``fail_service`` (a dotted path, imported lazily)."""

    fail_service: str = ""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        from django.utils.module_loading import import_string

        pdf_id = kwargs.get("pdf_id", args[0] if args else None)
        import_string(self.fail_service)(pdf_id=pdf_id, error=f"{type(exc).__name__}: {exc}")


def pdf_queue_render(*, task, pdf_id: int) -> None:
    """Queue the render once the current transaction commits (the worker must find the record).

    Publishing waits for Redis while it restarts (``CELERY_TASK_PUBLISH_RETRY_POLICY``);
    if it is down for longer, the request still succeeds and the record stays pending
    until ``pdf_requeue_stale`` queues it."""
    queue_after_commit(task, pdf_id)


# A sweep across organisations (a system job): each PDF it queues again runs unscoped.
@scopes_disabled()
def pdf_requeue_stale(*, now=None, stale_after: timedelta = STALE_AFTER) -> int:
    """Queue again every PDF pending for longer than ``stale_after``; returns how many.

    Its message may have been lost with Redis. Rendering is idempotent, so a message
    that was not lost after all costs one skipped run. A PDF pending for longer than
    ``GIVE_UP_AFTER`` is marked failed through its app (which may tell whoever asked)."""
    now = now or timezone.now()
    queued = 0
    for model_label, task_path in PDF_EXPORTS:
        model, task = apps.get_model(model_label), import_string(task_path)
        pending = model.objects.filter(status=PENDING, requested_at__lte=now - stale_after)
        for pdf_id in pending.filter(requested_at__gt=now - GIVE_UP_AFTER).values_list(
            "pk", flat=True
        ):
            pdf_queue_render(task=task, pdf_id=pdf_id)
            queued += 1
        fail = import_string(task.fail_service)
        for pdf_id in pending.filter(requested_at__lte=now - GIVE_UP_AFTER).values_list(
            "pk", flat=True
        ):
            fail(pdf_id=pdf_id, error="Not prepared within a day; ask for it again.")
    return queued


class PdfResourceRefused(ValueError):
    """A PDF asked for something other than one of the app's own static files."""


def _static_prefix() -> str:
    # PDFs render with SITE_URL as their address, so {% static %} paths resolve under it.
    return urljoin(settings.SITE_URL + "/", settings.STATIC_URL)


def static_file_for(url: str) -> Path:
    """The file behind ``url`` if it names one of the app's static files, found through the
    staticfiles finders (as collectstatic would); ``PdfResourceRefused`` for anything else:
    ``file://``, other sites, other schemes, paths that climb out with ``..``."""
    prefix = _static_prefix()
    scheme = urlsplit(url).scheme.lower()
    if scheme == "file":
        raise PdfResourceRefused(f"PDFs may not read local files: {url}")
    if not url.startswith(prefix):
        raise PdfResourceRefused(
            f"PDFs load only PeerWorks's own static files (under {prefix}), not {url}"
        )
    relative = unquote(urlsplit(url[len(prefix) :]).path)
    parts = relative.split("/")
    if (
        not relative
        or "\\" in relative
        or "\x00" in relative
        or any(part in ("", ".", "..") for part in parts)
    ):
        raise PdfResourceRefused(f"Not a static file path: {url}")
    found = finders.find(relative)
    if not found:
        raise PdfResourceRefused(f"No such static file: {url}")
    return Path(found)


@cache
def _fetcher_class():
    # WeasyPrint takes seconds to import: only the worker pays it, at render time.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        """Serves the app's own static files from disk; refuses every other URL."""

        def __init__(self):
            # Any refusal stops the render: a PDF silently missing a part is worse.
            super().__init__(fail_on_errors=True)

        def fetch(self, url, headers=None):
            path = static_file_for(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    return StaticFilesOnly


def static_files_fetcher():
    """The URL fetcher every PeerWorks PDF renders with."""
    return _fetcher_class()()


def pdf_bytes(html: str) -> bytes:
    """Render HTML to PDF, loading only the app's own static files (``static_file_for``)."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    try:
        return HTML(
            string=html, base_url=settings.SITE_URL + "/", url_fetcher=static_files_fetcher()
        ).write_pdf()
    except FatalURLFetchingError as error:
        # WeasyPrint's fatal error is a BaseException: give the task an ordinary one.
        raise PdfResourceRefused(str(error.__cause__ or error)) from None
