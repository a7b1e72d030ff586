"""The PDF views every export shares; each app routes its own URLs to them with its export:
``PdfRequestView.as_view(export=..., url_fields=...)``, ``PdfStatusView.as_view(export=...)``,
``PdfDownloadView.as_view(export=...)``."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from ..access import AccessRequiredMixin, access_record
from . import READY, PdfExport, pdf_request, pdf_stored_file


def _may_see(export: PdfExport, user, record) -> bool:
    # A record asked for under a subject that does not exist: nothing there to see.
    try:
        return export.may_see(user, record)
    except ObjectDoesNotExist:
        return False


class PdfRequestView(AccessRequiredMixin, View):
    """Queue a PDF; the web request never renders it.

    ``url_fields`` says which URL argument gives which of the record's fields, ``fields``
    adds fixed ones (``{"kind": "transcript"}``). Someone who may not see the subject
    gets 404, as for a subject that does not exist."""

    http_method_names = ["post"]
    export: PdfExport = None
    url_fields: dict[str, str] = {}
    fields: dict = {}

    def post(self, request, **kwargs):
        identity = {name: kwargs[arg] for arg, name in self.url_fields.items()} | self.fields
        if not _may_see(self.export, request.user, self.export.model(**identity)):
            raise Http404
        pdf = pdf_request(export=self.export, by=request.user, **identity)
        return redirect(self.export.status_url, **self.export.url_kwargs(pdf))


class PdfRecordMixin(AccessRequiredMixin):
    """Loads the record the URL names, or answers 404 if this person may not see it."""

    export: PdfExport = None

    def get_pdf(self, **filters):
        lookups = {name: self.kwargs[arg] for arg, name in self.export.url_fields.items()}
        pdf = (
            self.export.model.objects.select_related(*self.export.related)
            .filter(**lookups, **filters)
            .first()
        )
        if pdf is None or not _may_see(self.export, self.request.user, pdf):
            raise Http404
        return pdf


class PdfStatusView(PdfRecordMixin, TemplateView):
    """Shows the PDF being prepared (htmx polls this) and offers the download when ready."""

    # The polls keep no idle session alive (people.middleware.IdleSessionMiddleware).
    polled_by_htmx = True

    template_name = "core/pdf_status.html"

    def get_template_names(self):
        return ["core/_pdf_status.html"] if self.request.htmx else [self.template_name]

    def get_context_data(self, **kwargs):
        pdf, export = self.get_pdf(), self.export
        back_url, back_label = export.back(pdf)
        url_kwargs = export.url_kwargs(pdf)
        return super().get_context_data(
            pdf=pdf,
            heading=export.heading(pdf),
            back_url=back_url,
            back_label=back_label,
            failed_note=export.failed_note,
            status_url=reverse(export.status_url, kwargs=url_kwargs),
            download_url=reverse(export.download_url, kwargs=url_kwargs),
            **kwargs,
        )


class PdfDownloadView(PdfRecordMixin, View):
    """Serves a ready PDF to whoever may see it, and records the download in the audit trail."""

    def get(self, request, **kwargs):
        pdf = self.get_pdf(status=READY)
        stored = pdf_stored_file(pdf, self.export.name)
        if stored is None:
            raise Http404("The file is no longer available; export it again.")
        instance, detail = self.export.audited(pdf)
        access_record(instance=instance, kind="downloaded", detail=detail)
        return FileResponse(
            stored,
            as_attachment=True,
            filename=self.export.file_name(pdf),
            content_type="application/pdf",
        )
