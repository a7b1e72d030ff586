from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.access import AccessRequiredMixin
from core.errors import ApplicationError

from ..forms import EvaluationTemplateForm
from ..models import EvaluationTemplate
from ..services.templates import evaluation_template_create


class EvaluationTemplateListView(AccessRequiredMixin, TemplateView):
    permission_required = "evaluations.view_evaluationtemplate"
    template_name = "evaluations/template_list.html"

    def get_context_data(self, **kwargs):
        templates = EvaluationTemplate.objects.select_related("framework").prefetch_related(
            "domains"
        )
        return super().get_context_data(templates=templates, **kwargs)


class EvaluationTemplateCreateView(AccessRequiredMixin, TemplateView):
    permission_required = "evaluations.add_evaluationtemplate"
    template_name = "evaluations/template_form.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", EvaluationTemplateForm())
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = EvaluationTemplateForm(request.POST)
        if form.is_valid():
            try:
                evaluation_template_create(
                    organisation=request.user.organisation,
                    name=form.cleaned_data["name"],
                    framework=form.cleaned_data["framework"],
                    domains=list(form.cleaned_data["domains"]),
                    is_default=form.cleaned_data["is_default"],
                )
            except ApplicationError as exc:
                form.add_error("domains", str(exc))
            else:
                messages.success(request, "Template created.")
                return redirect("evaluations:template-list")
        return self.render_to_response(self.get_context_data(form=form), status=400)
