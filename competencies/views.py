from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from core.access import AccessRequiredMixin
from core.errors import ApplicationError, form_add_errors, messages_add_errors

from . import selectors
from .forms import AlignmentForm, CatalogueUploadForm, ItemSearchForm
from .models import Alignment, CatalogueImport, Framework, Item
from .services.alignments import alignment_create, alignment_delete
from .services.catalogue_data import CatalogueFileError
from .services.catalogue_export import framework_export_csv, framework_export_json
from .services.imports import (
    catalogue_import_apply,
    catalogue_import_create,
    catalogue_import_discard,
    catalogue_import_preview,
)

SEARCH_PAGE_SIZE = 25


class FrameworkListView(AccessRequiredMixin, TemplateView):
    template_name = "competencies/framework_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(frameworks=selectors.framework_summaries(), **kwargs)


class FrameworkDetailView(AccessRequiredMixin, TemplateView):
    template_name = "competencies/framework_detail.html"

    def get_context_data(self, **kwargs):
        try:
            framework = selectors.framework_with_contents(pk=self.kwargs["pk"])
        except Framework.DoesNotExist as exc:
            raise Http404 from exc
        return super().get_context_data(framework=framework, **kwargs)


class FrameworkExportView(AccessRequiredMixin, View):
    def get(self, request, pk):
        framework = get_object_or_404(Framework, pk=pk)
        file_format = request.GET.get("format", "json")
        name = f"{framework.slug}-v{framework.version}"
        if file_format == "csv":
            response = HttpResponse(
                framework_export_csv(framework=framework), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        elif file_format == "json":
            response = HttpResponse(
                framework_export_json(framework=framework), content_type="application/json"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        else:
            raise Http404("Unknown export format")
        return response


class ItemDetailView(AccessRequiredMixin, TemplateView):
    template_name = "competencies/item_detail.html"

    def get_context_data(self, **kwargs):
        try:
            item = selectors.item_detail(pk=self.kwargs["pk"])
        except Item.DoesNotExist as exc:
            raise Http404 from exc
        context = super().get_context_data(
            item=item, alignments=selectors.alignments_for_item(item=item), **kwargs
        )
        if AlignmentCreateView.user_can_access(self.request.user):
            context["alignment_form"] = kwargs.get("alignment_form") or AlignmentForm()
        context["can_delete_alignments"] = AlignmentDeleteView.user_can_access(self.request.user)
        return context


class ItemSearchView(AccessRequiredMixin, TemplateView):
    template_name = "competencies/item_search.html"

    def get_context_data(self, **kwargs):
        form = ItemSearchForm(self.request.GET or None)
        context = super().get_context_data(form=form, **kwargs)
        if form.is_valid() and form.cleaned_data["q"].strip():
            framework = form.cleaned_data["framework"]
            results = selectors.item_search(
                query=form.cleaned_data["q"], framework_id=framework.pk if framework else None
            )
            page = Paginator(results, SEARCH_PAGE_SIZE).get_page(self.request.GET.get("page"))
            context.update(page=page, query=form.cleaned_data["q"])
            params = self.request.GET.copy()
            params.pop("page", None)
            context["querystring"] = params.urlencode()
        return context


class CatalogueImportCreateView(AccessRequiredMixin, TemplateView):
    permission_required = "competencies.import_catalogue"
    template_name = "competencies/import_form.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", CatalogueUploadForm())
        kwargs["recent"] = CatalogueImport.objects.select_related("created_by")[:10]
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = CatalogueUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        try:
            record, _ = catalogue_import_create(
                user=request.user,
                filename=upload.name,
                content=upload.read(),
                as_new_version=form.cleaned_data["as_new_version"],
            )
        except CatalogueFileError as exc:
            return self.render_to_response(self.get_context_data(form=form, file_errors=exc.errors))
        return redirect("competencies:import-detail", pk=record.pk)


class CatalogueImportDetailView(AccessRequiredMixin, TemplateView):
    permission_required = "competencies.import_catalogue"
    template_name = "competencies/import_detail.html"

    def get_context_data(self, **kwargs):
        record = get_object_or_404(
            CatalogueImport.objects.select_related("created_by"), pk=self.kwargs["pk"]
        )
        context = super().get_context_data(record=record, **kwargs)
        if record.status == CatalogueImport.Status.PREVIEWED:
            try:
                context["plan"] = catalogue_import_preview(record=record)
            except CatalogueFileError as exc:
                context["file_errors"] = exc.errors
        return context


class CatalogueImportApplyView(AccessRequiredMixin, View):
    permission_required = "competencies.import_catalogue"

    def post(self, request, pk):
        record = get_object_or_404(CatalogueImport, pk=pk)
        try:
            plan = catalogue_import_apply(record=record)
        except CatalogueFileError as exc:
            for error in exc.errors:
                messages.error(request, error)
            return redirect("competencies:import-detail", pk=pk)
        messages.success(request, "Imported: " + "; ".join(plan.summary_lines()))
        return redirect("competencies:framework-list")


class CatalogueImportDiscardView(AccessRequiredMixin, View):
    permission_required = "competencies.import_catalogue"

    def post(self, request, pk):
        catalogue_import_discard(record=get_object_or_404(CatalogueImport, pk=pk))
        messages.info(request, "The import was discarded; nothing was changed.")
        return redirect("competencies:import-create")


class AlignmentCreateView(AccessRequiredMixin, View):
    permission_required = "competencies.add_alignment"

    def post(self, request, pk):
        item = get_object_or_404(Item, pk=pk)
        form = AlignmentForm(request.POST)
        if form.is_valid():
            try:
                alignment_create(
                    source=item,
                    target=form.cleaned_data["target"],
                    note=form.cleaned_data["note"],
                    organisation=request.user.organisation,
                )
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, "Alignment added.")
                return redirect("competencies:item-detail", pk=pk)
        view = ItemDetailView(request=request, kwargs={"pk": pk})
        return view.render_to_response(
            view.get_context_data(pk=pk, alignment_form=form), status=400
        )


class AlignmentDeleteView(AccessRequiredMixin, View):
    permission_required = "competencies.delete_alignment"

    def post(self, request, pk):
        alignment = get_object_or_404(Alignment, pk=pk)
        back = request.POST.get("item")
        try:
            alignment_delete(alignment=alignment, organisation=request.user.organisation)
        except ApplicationError as exc:
            messages_add_errors(request, exc)
        else:
            messages.success(request, "Alignment removed.")
        if back and back.isdigit():
            return redirect("competencies:item-detail", pk=int(back))
        return redirect(reverse("competencies:framework-list"))
