from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView

from audit.services import audit_access

from ..models import EvaluationPdf
from ..services.pdf import evaluation_pdf_request, pdf_open
from .base import EvaluationObjectMixin


class EvaluationPdfRequestView(EvaluationObjectMixin, View):
    """Queue a PDF; the web request never renders it."""

    http_method_names = ["post"]

    def post(self, request, pk):
        evaluation = self.get_evaluation()
        pdf = evaluation_pdf_request(evaluation=evaluation, by=request.user)
        return redirect("evaluations:evaluation-pdf-status", pk=pk, pdf_pk=pdf.pk)


class EvaluationPdfStatusView(EvaluationObjectMixin, TemplateView):
    """Shows the export being prepared (htmx polls this) and offers the download when ready."""

    # The polls keep no idle session alive (people.middleware.IdleSessionMiddleware).
    polled_by_htmx = True

    template_name = "evaluations/pdf_status.html"

    def get_template_names(self):
        return ["evaluations/_pdf_status.html"] if self.request.htmx else [self.template_name]

    def get_context_data(self, **kwargs):
        evaluation = self.get_evaluation()
        pdf = get_object_or_404(EvaluationPdf, pk=self.kwargs["pdf_pk"], evaluation=evaluation)
        return super().get_context_data(evaluation=evaluation, pdf=pdf, **kwargs)


class EvaluationPdfDownloadView(EvaluationObjectMixin, View):
    def get(self, request, pk, pdf_pk):
        evaluation = self.get_evaluation()
        pdf = get_object_or_404(
            EvaluationPdf, pk=pdf_pk, evaluation=evaluation, status=EvaluationPdf.Status.READY
        )
        stored = pdf_open(pdf)
        if stored is None:
            raise Http404("The file is no longer available; export it again.")
        filename = f"evaluation-{evaluation.peer.username}-{evaluation.period_end:%Y-%m-%d}.pdf"
        audit_access(instance=evaluation, kind="downloaded", detail=f"PDF {pdf.pk}")
        return FileResponse(
            stored, as_attachment=True, filename=filename, content_type="application/pdf"
        )
