"""PDF exports: asked for in the web request, rendered by a Celery task, served privately."""

from django.core.files import File
from django.db import transaction

from core.pdfs import (
    pdf_is_stored,
    pdf_mark_failed,
    pdf_queue_render,
    pdf_store,
    pdf_stored_file,
)

from ..models import Evaluation, EvaluationNotice, EvaluationPdf
from .notifications import evaluation_notice_queue

FOLDER = "evaluations"


def pdf_open(pdf: EvaluationPdf) -> File | None:
    """The ready PDF's file, open for reading; None if it is not there (export it again)."""
    return pdf_stored_file(pdf, FOLDER)


@transaction.atomic
def evaluation_pdf_request(*, evaluation: Evaluation, by) -> EvaluationPdf:
    """Queue a PDF of the evaluation as it is now; an export showing exactly the same is reused.

    The revision alone does not say that: submitting the self-assessment, acknowledging
    or amending changes what the PDF shows, so the page's fingerprint is compared."""
    from .pdf_render import evaluation_pdf_fingerprint

    fingerprint = evaluation_pdf_fingerprint(evaluation=evaluation)
    existing = (
        EvaluationPdf.objects.filter(
            evaluation=evaluation,
            fingerprint=fingerprint,
            status__in=[EvaluationPdf.Status.PENDING, EvaluationPdf.Status.READY],
        )
        .order_by("-pk")
        .first()
    )
    if existing is not None:
        return existing
    pdf = EvaluationPdf.objects.create(
        evaluation=evaluation,
        requested_by=by,
        evaluation_revision=evaluation.revision,
        fingerprint=fingerprint,
    )
    from ..tasks import render_evaluation_pdf

    pdf_queue_render(task=render_evaluation_pdf, pdf_id=pdf.pk)
    return pdf


def evaluation_pdf_store(*, pdf_id: int) -> EvaluationPdf:
    """Render and store one requested PDF. Idempotent: a ready PDF is left as it is."""
    from .pdf_render import evaluation_pdf_bytes, evaluation_pdf_fingerprint

    pdf = EvaluationPdf.objects.select_related("evaluation").get(pk=pdf_id)
    if not pdf_is_stored(pdf, FOLDER):
        # Taken before the content is read: see core.pdfs.pdf_store.
        fingerprint = evaluation_pdf_fingerprint(evaluation=pdf.evaluation)
        pdf_store(
            record=pdf,
            folder=FOLDER,
            file_name=f"evaluation-{pdf.evaluation_id}-{pdf.pk}.pdf",
            content=evaluation_pdf_bytes(evaluation=pdf.evaluation),
            fingerprint=fingerprint,
        )
    return pdf


def evaluation_pdf_fail(*, pdf_id: int, error: str) -> None:
    """Record a PDF that could not be rendered after its retries, and tell whoever asked."""
    pdf = EvaluationPdf.objects.get(pk=pdf_id)
    if not pdf_mark_failed(record=pdf, error=error):
        return
    evaluation_notice_queue(
        evaluation_id=pdf.evaluation_id,
        kind=EvaluationNotice.Kind.PDF_FAILED,
        recipient_id=pdf.requested_by_id,
        round=pdf.pk,
    )
