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
    """Queue a certificate (one per completed enrolment, reused) or a transcript as of now."""
    if kind == TrainingPdf.Kind.CERTIFICATE and (
        enrolment is None or enrolment.status != Enrolment.Status.COMPLETED
    ):
        raise ValueError("A certificate is for a completed enrolment.")
    reusable = (
        [TrainingPdf.Status.PENDING, TrainingPdf.Status.READY]
        if kind == TrainingPdf.Kind.CERTIFICATE
        else [TrainingPdf.Status.PENDING]
    )
    existing = (
        TrainingPdf.objects.filter(
            kind=kind, person=person, enrolment=enrolment, status__in=reusable
        )
        .order_by("-pk")
        .first()
    )
    if existing is not None:
        return existing
    pdf = TrainingPdf(kind=kind, person=person, enrolment=enrolment, requested_by=by)
    pdf.full_clean()
    pdf.save()
    from ..tasks import render_training_pdf

    pdf_queue_render(task=render_training_pdf, pdf_id=pdf.pk)
    return pdf


def training_pdf_store(*, pdf_id: int) -> TrainingPdf:
    """Render and store one requested PDF. Idempotent: a ready PDF is left as it is."""
    from .pdf_render import training_pdf_bytes

    pdf = TrainingPdf.objects.select_related("person").get(pk=pdf_id)
    if not pdf_is_stored(pdf, FOLDER):
        pdf_store(
            record=pdf,
            folder=FOLDER,
            file_name=f"{pdf.kind}-{pdf.person_id}-{pdf.pk}.pdf",
            content=training_pdf_bytes(pdf=pdf),
        )
    return pdf


def training_pdf_fail(*, pdf_id: int, error: str) -> None:
    """Record a PDF that could not be rendered after its retries; its status page says so."""
    pdf_mark_failed(record=TrainingPdf.objects.get(pk=pdf_id), error=error)
