"""A PDF export declared the way an app declares one, over evaluation PDF records, with its
own small page; and the site's URLs plus the generic PDF views routed to it (the status
page extends base.html, whose navigation reverses the site's own names)."""

from types import SimpleNamespace

from django.urls import path

from core.pdfs import PdfExport
from core.pdfs.views import PdfDownloadView, PdfRequestView, PdfStatusView
from evaluations.models import EvaluationPdf
from peerworks.urls import urlpatterns as site

# What the test page shows (a test changes it to change the page), and the records the
# export's failure hook was called for.
PAGE = {"text": "First version."}
FAILED = []


def _source(pdf):
    # A small page: the status fragment, showing PAGE's text as its failure note.
    return "core/_pdf_status.html", {
        "pdf": SimpleNamespace(status="failed"),
        "failed_note": f"{PAGE['text']} Evaluation {pdf.evaluation_id}.",
    }


def _stamp(pdf):
    pdf.evaluation_revision = 7


EXPORT = PdfExport(
    name="pipeline-test",
    model=EvaluationPdf,
    subject="evaluation",
    source=_source,
    may_see=lambda user, pdf: pdf.evaluation.supervisor_id == user.pk,
    file_name=lambda pdf: f"{pdf.evaluation.peer.get_full_name()} – Test document.pdf",
    heading=lambda pdf: f"A test document for {pdf.evaluation.peer}",
    back=lambda pdf: ("/evaluations/", "Back to the test"),
    failed_note="Nothing is lost by this.",
    status_url="test-pdf-status",
    download_url="test-pdf-download",
    url_fields={"pk": "evaluation_id", "pdf_pk": "pk"},
    audited=lambda pdf: (pdf.evaluation, f"test PDF {pdf.pk}"),
    related=("evaluation__peer",),
    stamp=_stamp,
    failed=lambda pdf: FAILED.append(pdf.pk),
)

urlpatterns = [
    *site,
    path(
        "test-pdfs/<int:pk>/",
        PdfRequestView.as_view(export=EXPORT, url_fields={"pk": "evaluation_id"}),
        name="test-pdf",
    ),
    path(
        "test-pdfs/<int:pk>/<int:pdf_pk>/",
        PdfStatusView.as_view(export=EXPORT),
        name="test-pdf-status",
    ),
    path(
        "test-pdfs/<int:pk>/<int:pdf_pk>/download/",
        PdfDownloadView.as_view(export=EXPORT),
        name="test-pdf-download",
    ),
]
