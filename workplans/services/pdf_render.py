"""Rendering a work plan as PDF with WeasyPrint, in the worker only; a web request renders
only the page's HTML, to fingerprint it (``core.pdfs.pdf_fingerprint``)."""

from django.conf import settings

from core.pdfs import pdf_bytes, pdf_fingerprint, pdf_html

from ..models import WorkPlan
from ..selectors import guide_sections, plan_sections, workplan_with_contents

TEMPLATE = "workplans/pdf/workplan.html"


def _context(plan: WorkPlan) -> dict:
    plan = workplan_with_contents(queryset=WorkPlan.objects.all(), pk=plan.pk)
    return {
        "plan": plan,
        "sections": plan_sections(plan, guide_sections()),
        "agency_name": settings.AGENCY_NAME,
    }


def workplan_pdf_fingerprint(*, plan: WorkPlan) -> str:
    """What the plan's PDF would show now, as a hash (see ``core.pdfs``)."""
    return pdf_fingerprint(TEMPLATE, _context(plan))


def workplan_pdf_bytes(*, plan: WorkPlan) -> bytes:
    return pdf_bytes(pdf_html(TEMPLATE, _context(plan)))
