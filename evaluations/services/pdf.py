"""PDF exports: asked for in the web request, rendered by a Celery task, served privately."""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Evaluation, EvaluationNotice, EvaluationPdf


def pdf_path(pdf: EvaluationPdf) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "evaluations" / pdf.file_name


@transaction.atomic
def evaluation_pdf_request(*, evaluation: Evaluation, by) -> EvaluationPdf:
    """Queue a PDF of the evaluation as it is now; an export of the same revision is reused."""
    existing = (
        EvaluationPdf.objects.filter(
            evaluation=evaluation,
            evaluation_revision=evaluation.revision,
            status__in=[EvaluationPdf.Status.PENDING, EvaluationPdf.Status.READY],
        )
        .order_by("-pk")
        .first()
    )
    if existing is not None:
        return existing
    pdf = EvaluationPdf.objects.create(
        evaluation=evaluation, requested_by=by, evaluation_revision=evaluation.revision
    )
    from ..tasks import render_evaluation_pdf

    transaction.on_commit(lambda: render_evaluation_pdf.delay(pdf.pk))
    return pdf


def evaluation_pdf_store(*, pdf_id: int) -> EvaluationPdf:
    """Render and store one requested PDF. Idempotent: a ready PDF is left as it is.

    The file is written under a temporary name and renamed into place, so a
    broken or partial file is never offered for download.
    """
    from .pdf_render import evaluation_pdf_bytes

    pdf = EvaluationPdf.objects.select_related("evaluation").get(pk=pdf_id)
    if pdf.status == EvaluationPdf.Status.READY and pdf_path(pdf).exists():
        return pdf
    content = evaluation_pdf_bytes(evaluation=pdf.evaluation)
    pdf.file_name = f"evaluation-{pdf.evaluation_id}-{pdf.pk}.pdf"
    target = pdf_path(pdf)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    with open(partial, "wb") as handle:
        handle.write(content)
        handle.flush()
    partial.replace(target)
    pdf.status = EvaluationPdf.Status.READY
    pdf.size = len(content)
    pdf.finished_at = timezone.now()
    pdf.error = ""
    pdf.save(update_fields=["status", "file_name", "size", "finished_at", "error"])
    return pdf


def evaluation_pdf_fail(*, pdf_id: int, error: str) -> None:
    """Record a PDF that could not be rendered after its retries, and tell whoever asked."""
    from ..tasks import send_evaluation_notice

    pdf = EvaluationPdf.objects.get(pk=pdf_id)
    if pdf.status == EvaluationPdf.Status.READY:
        return
    pdf.status = EvaluationPdf.Status.FAILED
    pdf.error = error[:2000]
    pdf.finished_at = timezone.now()
    pdf.save(update_fields=["status", "error", "finished_at"])
    transaction.on_commit(
        lambda: send_evaluation_notice.delay(
            pdf.evaluation_id, EvaluationNotice.Kind.PDF_FAILED, pdf.requested_by_id, pdf.pk
        )
    )
