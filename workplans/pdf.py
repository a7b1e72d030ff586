"""The work plan's PDF export, declared to ``core.pdfs`` (which requests, renders, stores and
serves it) and registered in ``WorkplansConfig.ready()``."""

from django.conf import settings
from django.urls import reverse

from core.pdfs import PdfExport

from .access import workplans_visible_to
from .models import WorkPlan, WorkPlanPdf
from .selectors import guide_sections, plan_sections, workplan_with_contents


def _source(pdf: WorkPlanPdf) -> tuple[str, dict]:
    plan = workplan_with_contents(queryset=WorkPlan.objects.all(), pk=pdf.plan_id)
    return "workplans/pdf/workplan.html", {
        "plan": plan,
        "sections": plan_sections(plan, guide_sections()),
        "agency_name": settings.AGENCY_NAME,
    }


def _may_see(user, pdf: WorkPlanPdf) -> bool:
    return workplans_visible_to(user).filter(pk=pdf.plan_id).exists()


def _file_name(pdf: WorkPlanPdf) -> str:
    employee = pdf.plan.employee
    name = employee.get_full_name() or employee.username
    return f"{name} – Work plan {pdf.plan.start_date:%Y-%m-%d}.pdf"


def _stamp(pdf: WorkPlanPdf) -> None:
    pdf.plan_revision = pdf.plan.revision


WORKPLAN_PDF = PdfExport(
    name="workplans",
    model=WorkPlanPdf,
    subject="plan",
    source=_source,
    may_see=_may_see,
    file_name=_file_name,
    heading=lambda pdf: f"PDF of the work plan for {pdf.plan.employee}",
    back=lambda pdf: (
        reverse("workplans:workplan-detail", args=[pdf.plan_id]),
        "Back to the plan",
    ),
    failed_note="Nothing is wrong with the plan; please try again later.",
    status_url="workplans:workplan-pdf-status",
    download_url="workplans:workplan-pdf-download",
    url_fields={"pk": "plan_id", "pdf_pk": "pk"},
    audited=lambda pdf: (pdf.plan, f"PDF {pdf.pk}"),
    related=("plan__employee",),
    stamp=_stamp,
)
