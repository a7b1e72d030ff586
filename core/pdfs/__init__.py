"""Generated PDFs: one pipeline, and the exports the apps declare to it.

An app describes its document once, as a ``PdfExport`` (its record model, what the page
shows, who may see it, the name it downloads under) and registers it in its
``AppConfig.ready()`` with ``pdf_export_register``. Everything else is here and the same
for every export: the request service, the render task (``core.tasks.render_pdf``, by
export name and record id), the views (``core.pdfs.views``), the status page, the
``export_pdf`` command and the sweep.

A request creates a record (pending) and queues a render once it commits (with no
worker, tasks run eagerly: the render then runs in a thread beside the request,
``PDF_RENDER_BESIDE_REQUEST``, so the request answers at once and the status page shows
its progress); the task stores
the file in ``storages["documents"]`` (``core.storage``: a local folder, or an object store
every machine shares), whole or not at all, so a broken or partial file is never offered;
after its retries a failed render marks the record failed. Records are any model with
``status`` (pending, ready, failed), ``requested_at``, ``file_name``, ``size``,
``finished_at``, ``error`` and ``fingerprint`` (``core.models.GeneratedPdf``).

A PDF is reused only while nothing it shows has changed: ``pdf_fingerprint`` hashes the
page's HTML as it would render now, less the time it was made, and a request reuses a
pending or ready record only if its fingerprint is the same. Hashing the page itself,
rather than a list of fields, covers whatever the template shows: content,
self-assessment, signatures, amendments, and the template's own wording. A finalized
evaluation's page does not change until it is amended, so it is rendered once.

The database, not Redis, is the source of truth for what is still to render: Redis keeps
nothing on disk, so ``pdf_requeue_stale`` (every five minutes, see
``CELERY_BEAT_SCHEDULE``) queues again whatever is still pending.

The renderer (``renderer.pdf_bytes``) loads nothing but the app's own static files.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import models, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from ..errors import full_clean
from ..queueing import queue_after_commit, queue_beside_request
from .renderer import pdf_bytes, pdf_fingerprint, pdf_html

PENDING, READY, FAILED = "pending", "ready", "failed"

# A render takes seconds; one still pending after this lost its message (or waits behind
# a long queue, when queuing it again costs one skipped run).
STALE_AFTER = timedelta(minutes=10)
# Past this, whoever asked is told it failed and can ask again, rather than wait forever.
GIVE_UP_AFTER = timedelta(days=1)


def _nothing(record) -> None:
    return None


@dataclass(frozen=True)
class PdfExport:
    """One kind of PDF an app offers. Every callable takes the record (a ``GeneratedPdf``);
    ``source`` and ``may_see`` are also given one not saved yet, when it is being asked for.
    """

    # The export's name: the render task's argument and the documents folder.
    name: str
    model: type[models.Model]
    # The record's foreign key to what the PDF shows: stored files and the command use it.
    subject: str
    # The page's template and context, built from the record's subject as it is now.
    source: Callable[[models.Model], tuple[str, dict]]
    # Whether the user may ask for, watch and download this record (its subject missing:
    # the views treat ``DoesNotExist`` as no).
    may_see: Callable[[models.Model, models.Model], bool]
    # The name the file downloads under: the person's name and the document's.
    file_name: Callable[[models.Model], str]
    # The status page: its heading, the way back (URL, label), and what a failure means.
    heading: Callable[[models.Model], str]
    back: Callable[[models.Model], tuple[str, str]]
    failed_note: str
    # Route names of the status page and the download, and which URL argument gives which
    # of the record's fields (``{"pk": "evaluation_id", "pdf_pk": "pk"}``).
    status_url: str
    download_url: str
    url_fields: dict[str, str]
    # What a download is recorded against in the audit trail, and with what detail.
    audited: Callable[[models.Model], tuple[models.Model, str]]
    # Relations the views and the render read (``select_related``).
    related: tuple[str, ...] = ()
    # Sets fields the record keeps about its subject when asked for (a revision).
    stamp: Callable[[models.Model], None] = _nothing
    # Runs once a record is marked failed after its retries (to tell whoever asked).
    failed: Callable[[models.Model], None] = _nothing
    # The record's own fields naming the document (with ``subject``): what a reused export
    # must match before its fingerprint is compared.
    identity: tuple[str, ...] = ()

    def url_kwargs(self, record) -> dict:
        return {arg: getattr(record, name) for arg, name in self.url_fields.items()}

    def subject_id(self, record) -> int:
        return getattr(record, f"{self.subject}_id")


_EXPORTS: dict[str, PdfExport] = {}


def pdf_export_register(export: PdfExport) -> PdfExport:
    """Add an app's export (from its ``AppConfig.ready()``); a name is registered once."""
    registered = _EXPORTS.setdefault(export.name, export)
    if registered is not export:
        raise ValueError(f"A PDF export named {export.name!r} is already registered.")
    return export


def pdf_export(name: str) -> PdfExport:
    """The export registered under ``name`` (``KeyError`` for none)."""
    return _EXPORTS[name]


def pdf_exports() -> list[PdfExport]:
    return list(_EXPORTS.values())


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


def pdf_stored_file(record, folder: str) -> File | None:
    """A ready record's file, open for reading; None if it is not ready or is gone."""
    if record.status != READY or not record.file_name:
        return None
    try:
        return documents().open(document_name(folder, record.file_name), "rb")
    except FileNotFoundError:
        return None


def pdf_content(*, export: PdfExport, record) -> bytes:
    """The PDF of ``record``'s subject as it is now (the worker and the command call this)."""
    return pdf_bytes(pdf_html(*export.source(record)))


@transaction.atomic
def pdf_request(*, export: PdfExport, by, **identity) -> models.Model:
    """Queue a PDF of what ``identity`` names (the record's subject and its own identifying
    fields) as it is now; an earlier export showing exactly the same is handed out instead.

    The record is validated (``full_clean``) before it is saved, so a model's own rules
    (a certificate only for a completed training) hold here too."""
    record = export.model(requested_by=by, **identity)
    record.fingerprint = pdf_fingerprint(*export.source(record))
    names = {export.subject, *export.identity}
    existing = (
        export.model.objects.filter(
            **{name: getattr(record, name) for name in names},
            fingerprint=record.fingerprint,
            status__in=[PENDING, READY],
        )
        .order_by("-pk")
        .first()
    )
    if existing is not None:
        return existing
    export.stamp(record)
    full_clean(record)
    record.save()
    _queue_render(export=export, pdf_id=record.pk)
    return record


def _queue_render(*, export: PdfExport, pdf_id: int) -> None:
    """Queue the render once the current transaction commits (the worker must find the record).

    Publishing waits for Redis while it restarts (``CELERY_TASK_PUBLISH_RETRY_POLICY``);
    if it is down for longer, the request still succeeds and the record stays pending
    until ``pdf_requeue_stale`` queues it."""
    from ..tasks import render_pdf  # core.tasks imports this module for the sweep

    if settings.PDF_RENDER_BESIDE_REQUEST:
        # No worker: render in a thread so the request answers at once (queueing).
        queue_beside_request(render_pdf, export.name, pdf_id)
    else:
        queue_after_commit(render_pdf, export.name, pdf_id)


def pdf_render(*, export: PdfExport, pdf_id: int):
    """Render and store one requested PDF. Idempotent: a ready PDF is left as it is."""
    record = export.model.objects.select_related(*export.related).get(pk=pdf_id)
    if not pdf_is_stored(record, export.name):
        # Taken before the content is read: see pdf_store.
        fingerprint = pdf_fingerprint(*export.source(record))
        pdf_store(
            record=record,
            folder=export.name,
            file_name=f"{export.subject}-{export.subject_id(record)}-{record.pk}.pdf",
            content=pdf_content(export=export, record=record),
            fingerprint=fingerprint,
        )
    return record


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


def pdf_fail(*, export: PdfExport, pdf_id: int, error: str) -> bool:
    """Mark a PDF failed after its retries and let its app tell whoever asked; False if it
    was ready after all."""
    record = export.model.objects.get(pk=pdf_id)
    if record.status == READY:
        return False
    record.status, record.error, record.finished_at = FAILED, error[:2000], timezone.now()
    record.save(update_fields=["status", "error", "finished_at"])
    export.failed(record)
    return True


# A sweep across organisations (a system job): each PDF it queues again runs unscoped.
@scopes_disabled()
def pdf_requeue_stale(*, now=None, stale_after: timedelta = STALE_AFTER) -> int:
    """Queue again every PDF pending for longer than ``stale_after``; returns how many.

    Its message may have been lost with Redis. Rendering is idempotent, so a message
    that was not lost after all costs one skipped run. A PDF pending for longer than
    ``GIVE_UP_AFTER`` is marked failed (its app may tell whoever asked)."""
    now = now or timezone.now()
    queued = 0
    for export in pdf_exports():
        pending = export.model.objects.filter(status=PENDING, requested_at__lte=now - stale_after)
        for pdf_id in pending.filter(requested_at__gt=now - GIVE_UP_AFTER).values_list(
            "pk", flat=True
        ):
            _queue_render(export=export, pdf_id=pdf_id)
            queued += 1
        for pdf_id in pending.filter(requested_at__lte=now - GIVE_UP_AFTER).values_list(
            "pk", flat=True
        ):
            pdf_fail(
                export=export, pdf_id=pdf_id, error="Not prepared within a day; ask for it again."
            )
    return queued
