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

from ..models import WorkPlan, WorkPlanPdf

FOLDER = "workplans"


def pdf_open(pdf: WorkPlanPdf) -> File | None:
    """The ready PDF's file, open for reading; None if it is not there (export it again)."""
    return pdf_stored_file(pdf, FOLDER)


@transaction.atomic
def workplan_pdf_request(*, plan: WorkPlan, by) -> WorkPlanPdf:
    """Queue a PDF of the plan as it is now; an export showing exactly the same is reused
    (signatures and meetings change what it shows as much as the text does)."""
    from .pdf_render import workplan_pdf_fingerprint

    fingerprint = workplan_pdf_fingerprint(plan=plan)
    existing = (
        WorkPlanPdf.objects.filter(
            plan=plan,
            fingerprint=fingerprint,
            status__in=[WorkPlanPdf.Status.PENDING, WorkPlanPdf.Status.READY],
        )
        .order_by("-pk")
        .first()
    )
    if existing is not None:
        return existing
    pdf = WorkPlanPdf.objects.create(
        plan=plan, requested_by=by, plan_revision=plan.revision, fingerprint=fingerprint
    )
    from ..tasks import render_workplan_pdf

    pdf_queue_render(task=render_workplan_pdf, pdf_id=pdf.pk)
    return pdf


def workplan_pdf_store(*, pdf_id: int) -> WorkPlanPdf:
    """Render and store one requested PDF. Idempotent: a ready PDF is left as it is."""
    from .pdf_render import workplan_pdf_bytes, workplan_pdf_fingerprint

    pdf = WorkPlanPdf.objects.select_related("plan").get(pk=pdf_id)
    if not pdf_is_stored(pdf, FOLDER):
        # Taken before the content is read: see core.pdfs.pdf_store.
        fingerprint = workplan_pdf_fingerprint(plan=pdf.plan)
        pdf_store(
            record=pdf,
            folder=FOLDER,
            file_name=f"workplan-{pdf.plan_id}-{pdf.pk}.pdf",
            content=workplan_pdf_bytes(plan=pdf.plan),
            fingerprint=fingerprint,
        )
    return pdf


def workplan_pdf_fail(*, pdf_id: int, error: str) -> None:
    """Record a PDF that could not be rendered after its retries; the status page says so."""
    pdf_mark_failed(record=WorkPlanPdf.objects.get(pk=pdf_id), error=error)
