"""Rendering an evaluation as PDF with WeasyPrint.

The worker renders the PDF (WeasyPrint takes seconds to import: it is loaded once
per worker process, see ``peerworks.celery``). A web request only renders the page's
HTML, to fingerprint it (``core.pdfs.pdf_fingerprint``); WeasyPrint is imported by
``core.pdfs.pdf_bytes`` alone, when it is called.
"""

from django.conf import settings

from core.pdfs import pdf_bytes, pdf_fingerprint, pdf_html

from ..models import Evaluation, Rating
from ..selectors import amendments_acknowledged, evaluation_with_contents, rating_counts

TEMPLATE = "evaluations/pdf/evaluation.html"


def _context(evaluation: Evaluation) -> dict:
    evaluation = evaluation_with_contents(queryset=Evaluation.objects.all(), pk=evaluation.pk)
    return {
        "evaluation": evaluation,
        "sections": evaluation.sections_list,
        "summary": rating_counts(evaluation.sections_list),
        "ratings": list(Rating),
        "show_self": evaluation.self_assessment == Evaluation.SelfAssessment.SUBMITTED,
        "amendments": amendments_acknowledged(
            amendments=list(evaluation.amendments.select_related("by")),
            history=list(evaluation.transitions.all()),
        ),
        "is_draft": evaluation.state != Evaluation.State.FINALIZED,
        "agency_name": settings.AGENCY_NAME,
    }


def evaluation_pdf_fingerprint(*, evaluation: Evaluation) -> str:
    """What the evaluation's PDF would show now, as a hash (see ``core.pdfs``)."""
    return pdf_fingerprint(TEMPLATE, _context(evaluation))


def evaluation_pdf_bytes(*, evaluation: Evaluation) -> bytes:
    return pdf_bytes(pdf_html(TEMPLATE, _context(evaluation)))
