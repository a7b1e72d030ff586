"""Rendering a work plan as PDF with WeasyPrint, in the worker only (never in a web request)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from core.pdfs import pdf_bytes

from ..models import WorkPlan
from ..selectors import guide_sections, plan_sections, workplan_with_contents


def workplan_pdf_bytes(*, plan: WorkPlan) -> bytes:
    plan = workplan_with_contents(queryset=WorkPlan.objects.all(), pk=plan.pk)
    html = render_to_string(
        "workplans/pdf/workplan.html",
        {
            "plan": plan,
            "sections": plan_sections(plan, guide_sections()),
            "agency_name": settings.AGENCY_NAME,
            "generated_at": timezone.localtime(),
        },
    )
    return pdf_bytes(html)
