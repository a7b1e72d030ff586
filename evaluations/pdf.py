"""The evaluation's PDF export, declared to ``core.pdfs`` (which requests, renders, stores
and serves it) and registered in ``EvaluationsConfig.ready()``."""

from django.conf import settings
from django.urls import reverse

from core.pdfs import PdfExport

from .access import evaluations_visible_to
from .models import Evaluation, EvaluationNotice, EvaluationPdf, Rating
from .selectors import (
    amendments_acknowledged,
    evaluation_with_contents,
    history_until,
    rating_counts,
)
from .services.notifications import evaluation_notice_queue


def _source(pdf: EvaluationPdf) -> tuple[str, dict]:
    evaluation = evaluation_with_contents(queryset=Evaluation.objects.all(), pk=pdf.evaluation_id)
    return "evaluations/pdf/evaluation.html", {
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
        # What the person who asked for the PDF may see of the person's earlier evaluations;
        # one exported by the operator's command (no one asked) draws no history rather
        # than guess whose view of it to show.
        "history": (
            history_until(user=pdf.requested_by, evaluation=evaluation)
            if pdf.requested_by_id
            else []
        ),
        "agency_name": settings.AGENCY_NAME,
    }


def _may_see(user, pdf: EvaluationPdf) -> bool:
    return evaluations_visible_to(user).filter(pk=pdf.evaluation_id).exists()


def _file_name(pdf: EvaluationPdf) -> str:
    evaluation, peer = pdf.evaluation, pdf.evaluation.peer
    return (
        f"{peer.get_full_name() or peer.username} – "
        f"{evaluation.get_kind_display()} evaluation {evaluation.period_end:%Y}.pdf"
    )


def _stamp(pdf: EvaluationPdf) -> None:
    pdf.evaluation_revision = pdf.evaluation.revision


def _failed(pdf: EvaluationPdf) -> None:
    evaluation_notice_queue(
        evaluation_id=pdf.evaluation_id,
        kind=EvaluationNotice.Kind.PDF_FAILED,
        recipient_id=pdf.requested_by_id,
        round=pdf.pk,
    )


EVALUATION_PDF = PdfExport(
    name="evaluations",
    model=EvaluationPdf,
    subject="evaluation",
    source=_source,
    may_see=_may_see,
    file_name=_file_name,
    heading=lambda pdf: f"PDF of the evaluation of {pdf.evaluation.peer}",
    back=lambda pdf: (
        reverse("evaluations:evaluation-detail", args=[pdf.evaluation_id]),
        "Back to the evaluation",
    ),
    failed_note=(
        "Nothing is wrong with the evaluation; please try again later."
        " You have been emailed about it."
    ),
    status_url="evaluations:evaluation-pdf-status",
    download_url="evaluations:evaluation-pdf-download",
    url_fields={"pk": "evaluation_id", "pdf_pk": "pk"},
    audited=lambda pdf: (pdf.evaluation, f"PDF {pdf.pk}"),
    related=("evaluation__peer",),
    stamp=_stamp,
    failed=_failed,
)
