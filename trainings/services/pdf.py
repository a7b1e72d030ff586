"""Certificates and transcripts as PDF: asked for in the web request, rendered by a Celery task."""

from django.core.files import File
from django.db import transaction

from core.pdfs import (
    pdf_is_stored,
    pdf_mark_failed,
    pdf_queue_render,
    pdf_store,
    pdf_stored_file,
)
from people.models import User

from ..models import Enrolment, TrainingPdf

FOLDER = "trainings"


def pdf_open(pdf: TrainingPdf) -> File | None:
    """The ready PDF's file, open for reading; None if it is not there (export it again)."""
    return pdf_stored_file(pdf, FOLDER)


@transaction.atomic
def training_pdf_request(
    *, kind: str, person: User, by: User, enrolment: Enrolment | None = None
) -> TrainingPdf:
    """Queue a certificate of a completed enrolment or a transcript as of today; an earlier
    one is reused only while it shows exactly the same (a transcript changes with hours)."""
    from .pdf_render import training_pdf_fingerprint

    if kind == TrainingPdf.Kind.CERTIFICATE and (
        enrolment is None or enrolment.status != Enrolment.Status.COMPLETED
    ):
        raise ValueError("A certificate is for a completed enrolment.")
    fingerprint = training_pdf_fingerprint(
        kind=kind, person=person, enrolment_id=enrolment.pk if enrolment else None
    )
    existing = (
        TrainingPdf.objects.filter(
            kind=kind,
            person=person,
            enrolment=enrolment,
            fingerprint=fingerprint,
            status__in=[TrainingPdf.Status.PENDING, TrainingPdf.Status.READY],
        )
        .order_by("-pk")
        .first()
    )
    if existing is not None:
        return existing
    pdf = TrainingPdf(
        kind=kind, person=person, enrolment=enrolment, requested_by=by, fingerprint=fingerprint
    )
    pdf.full_clean()
    pdf.save()
    from ..tasks import render_training_pdf

    pdf_queue_render(task=render_training_pdf, pdf_id=pdf.pk)
    return pdf


def training_pdf_store(*, pdf_id: int) -> TrainingPdf:
    """Render and store one requested PDF. Idempotent: a ready PDF is left as it is."""
    from .pdf_render import training_pdf_bytes, training_pdf_fingerprint

    pdf = TrainingPdf.objects.select_related("person").get(pk=pdf_id)
    if not pdf_is_stored(pdf, FOLDER):
        # Taken before the content is read: see core.pdfs.pdf_store.
        fingerprint = training_pdf_fingerprint(
            kind=pdf.kind, person=pdf.person, enrolment_id=pdf.enrolment_id
        )
        pdf_store(
            record=pdf,
            folder=FOLDER,
            file_name=f"{pdf.kind}-{pdf.person_id}-{pdf.pk}.pdf",
            content=training_pdf_bytes(pdf=pdf),
            fingerprint=fingerprint,
        )
    return pdf


def training_pdf_fail(*, pdf_id: int, error: str) -> None:
    """Record a PDF that could not be rendered after its retries; its status page says so."""
    pdf_mark_failed(record=TrainingPdf.objects.get(pk=pdf_id), error=error)
