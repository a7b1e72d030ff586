"""Rendering an evaluation as PDF with WeasyPrint.

Imported by the worker (WeasyPrint takes seconds to import: it is loaded once
per worker process, see ``peerworks.celery``), never by a web request.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from core.pdfs import pdf_bytes

from ..models import Evaluation, Rating
from ..selectors import amendments_acknowledged, evaluation_with_contents, rating_counts


def evaluation_pdf_bytes(*, evaluation: Evaluation) -> bytes:
    evaluation = evaluation_with_contents(queryset=Evaluation.objects.all(), pk=evaluation.pk)
    self_visible = evaluation.self_assessment == Evaluation.SelfAssessment.SUBMITTED
    html = render_to_string(
        "evaluations/pdf/evaluation.html",
        {
            "evaluation": evaluation,
            "sections": evaluation.sections_list,
            "summary": rating_counts(evaluation.sections_list),
            "ratings": list(Rating),
            "show_self": self_visible,
            "amendments": amendments_acknowledged(
                amendments=list(evaluation.amendments.select_related("by")),
                history=list(evaluation.transitions.all()),
            ),
            "is_draft": evaluation.state != Evaluation.State.FINALIZED,
            "agency_name": settings.AGENCY_NAME,
            "generated_at": timezone.localtime(),
        },
    )
    return pdf_bytes(html)
