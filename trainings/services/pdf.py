"""Certificates and transcripts as PDF: asked for in the web request, rendered by a Celery task."""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from people.models import User

from ..models import Enrolment, TrainingPdf


def pdf_path(pdf: TrainingPdf) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "trainings" / pdf.file_name


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

    transaction.on_commit(lambda: render_training_pdf.delay(pdf.pk))
    return pdf


def training_pdf_store(*, pdf_id: int) -> TrainingPdf:
    """Render and store one requested PDF. Idempotent: a ready PDF is left as it is.

    Written under a temporary name and renamed into place, so a partial file is never served.
    """
    from .pdf_render import training_pdf_bytes

    pdf = TrainingPdf.objects.select_related("person").get(pk=pdf_id)
    if pdf.status == TrainingPdf.Status.READY and pdf_path(pdf).exists():
        return pdf
    content = training_pdf_bytes(pdf=pdf)
    pdf.file_name = f"{pdf.kind}-{pdf.person_id}-{pdf.pk}.pdf"
    target = pdf_path(pdf)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    with open(partial, "wb") as handle:
        handle.write(content)
        handle.flush()
    partial.replace(target)
    pdf.status = TrainingPdf.Status.READY
    pdf.size = len(content)
    pdf.finished_at = timezone.now()
    pdf.error = ""
    pdf.save(update_fields=["status", "file_name", "size", "finished_at", "error"])
    return pdf


def training_pdf_fail(*, pdf_id: int, error: str) -> None:
    """Record a PDF that could not be rendered after its retries; its status page says so."""
    pdf = TrainingPdf.objects.get(pk=pdf_id)
    if pdf.status == TrainingPdf.Status.READY:
        return
    pdf.status = TrainingPdf.Status.FAILED
    pdf.error = error[:2000]
    pdf.finished_at = timezone.now()
    pdf.save(update_fields=["status", "error", "finished_at"])
