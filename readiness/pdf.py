"""The cycle's report for the board, declared to ``core.pdfs`` (which requests, renders,
stores and serves it) and registered in ``ReadinessConfig.ready()``."""

from django.urls import reverse
from django.utils import timezone

from core.pdfs import PdfExport

from .access import cycles_visible_to, manages
from .models import Cycle, CyclePdf
from .report import cycle_report


def _source(pdf: CyclePdf) -> tuple[str, dict]:
    cycle = Cycle.objects.select_related("opened_by").get(pk=pdf.cycle_id)
    return "readiness/pdf/cycle.html", cycle_report(
        cycle=cycle, user=pdf.requested_by, today=timezone.localdate()
    )


def _may_see(user, pdf: CyclePdf) -> bool:
    return manages(user) and cycles_visible_to(user).filter(pk=pdf.cycle_id).exists()


def _file_name(pdf: CyclePdf) -> str:
    return f"Agency self-assessment – {pdf.cycle.name}.pdf"


CYCLE_PDF = PdfExport(
    name="readiness",
    model=CyclePdf,
    subject="cycle",
    source=_source,
    may_see=_may_see,
    file_name=_file_name,
    heading=lambda pdf: f"PDF of the self-assessment {pdf.cycle.name}",
    back=lambda pdf: (
        reverse("readiness:cycle-detail", args=[pdf.cycle_id]),
        "Back to the cycle",
    ),
    failed_note="Nothing is wrong with the cycle; please try again later.",
    status_url="readiness:cycle-pdf-status",
    download_url="readiness:cycle-pdf-download",
    url_fields={"pk": "cycle_id", "pdf_pk": "pk"},
    audited=lambda pdf: (pdf.cycle, f"PDF {pdf.pk}"),
    related=("cycle",),
)
