"""Generated PDFs, shared by every app that exports one.

A request creates a record (pending) and queues a render task; the task writes
the file under ``PRIVATE_MEDIA_ROOT`` through a temporary name renamed into
place, so a broken or partial file is never offered; after its retries a failed
render marks the record failed. Records are any model with ``status`` (pending,
ready, failed), ``file_name``, ``size``, ``finished_at`` and ``error``.
"""

from pathlib import Path

from celery import Task
from django.conf import settings
from django.utils import timezone

READY, FAILED = "ready", "failed"


def private_path(folder: str, file_name: str) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / folder / file_name


def pdf_is_stored(record, folder: str) -> bool:
    """A ready record whose file is still there: rendering it again would change nothing."""
    return (
        record.status == READY
        and bool(record.file_name)
        and private_path(folder, record.file_name).exists()
    )


def pdf_store(*, record, folder: str, file_name: str, content: bytes) -> None:
    """Write the file atomically, then mark the record ready."""
    target = private_path(folder, file_name)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    with open(partial, "wb") as handle:
        handle.write(content)
        handle.flush()
    partial.replace(target)
    record.file_name, record.status, record.size = file_name, READY, len(content)
    record.finished_at, record.error = timezone.now(), ""
    record.save(update_fields=["status", "file_name", "size", "finished_at", "error"])


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
