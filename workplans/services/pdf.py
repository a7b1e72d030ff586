"""PDF exports: asked for in the web request, rendered by a Celery task, served privately."""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import WorkPlan, WorkPlanPdf


def pdf_path(pdf: WorkPlanPdf) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "workplans" / pdf.file_name


@transaction.atomic
def workplan_pdf_request(*, plan: WorkPlan, by) -> WorkPlanPdf:
    """Queue a PDF of the plan as it is now; an export of the same revision is reused."""
    existing = (
        WorkPlanPdf.objects.filter(
            plan=plan,
            plan_revision=plan.revision,
            status__in=[WorkPlanPdf.Status.PENDING, WorkPlanPdf.Status.READY],
        )
        .order_by("-pk")
        .first()
    )
    if existing is not None:
        return existing
    pdf = WorkPlanPdf.objects.create(plan=plan, requested_by=by, plan_revision=plan.revision)
    from ..tasks import render_workplan_pdf

    transaction.on_commit(lambda: render_workplan_pdf.delay(pdf.pk))
    return pdf


def workplan_pdf_store(*, pdf_id: int) -> WorkPlanPdf:
    """Render and store one requested PDF. Idempotent: a ready PDF is left as it is.

    The file is written under a temporary name and renamed into place, so a
    broken or partial file is never offered for download.
    """
    from .pdf_render import workplan_pdf_bytes

    pdf = WorkPlanPdf.objects.select_related("plan").get(pk=pdf_id)
    if pdf.status == WorkPlanPdf.Status.READY and pdf_path(pdf).exists():
        return pdf
    content = workplan_pdf_bytes(plan=pdf.plan)
    pdf.file_name = f"workplan-{pdf.plan_id}-{pdf.pk}.pdf"
    target = pdf_path(pdf)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    with open(partial, "wb") as handle:
        handle.write(content)
        handle.flush()
    partial.replace(target)
    pdf.status = WorkPlanPdf.Status.READY
    pdf.size = len(content)
    pdf.finished_at = timezone.now()
    pdf.error = ""
    pdf.save(update_fields=["status", "file_name", "size", "finished_at", "error"])
    return pdf


def workplan_pdf_fail(*, pdf_id: int, error: str) -> None:
    """Record a PDF that could not be rendered after its retries; the status page says so."""
    pdf = WorkPlanPdf.objects.get(pk=pdf_id)
    if pdf.status == WorkPlanPdf.Status.READY:
        return
    pdf.status = WorkPlanPdf.Status.FAILED
    pdf.error = error[:2000]
    pdf.finished_at = timezone.now()
    pdf.save(update_fields=["status", "error", "finished_at"])
