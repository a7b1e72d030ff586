from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.generic import TemplateView

from audit.services import audit_access
from core.access import AccessRequiredMixin
from core.errors import ApplicationError, form_add_errors, messages_add_errors
from people.selectors import employed_reports

from ..access import can_see_self_assessment, is_supervisor_of, sees_all
from ..forms import EvaluationCreateForm, EvaluationFilterForm
from ..models import Evaluation
from ..selectors import amendments_acknowledged, evaluation_list, progress, rating_counts
from ..services.evaluations import evaluation_create
from ..services.templates import evaluation_template_default
from ..services.workflow import allowed_transitions
from .base import EvaluationObjectMixin

PAGE_SIZE = 25


class EvaluationListView(AccessRequiredMixin, TemplateView):
    template_name = "evaluations/evaluation_list.html"

    def get_context_data(self, **kwargs):
        filters = EvaluationFilterForm(self.request.GET or None)
        state = (filters.cleaned_data["state"] or None) if filters.is_valid() else None
        evaluations = evaluation_list(user=self.request.user, state=state)
        page = Paginator(evaluations, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page=page,
            filters=filters,
            querystring=f"state={state}" if state else "",
            can_create=EvaluationCreateView.user_can_access(self.request.user),
            **kwargs,
        )


class EvaluationCreateView(AccessRequiredMixin, TemplateView):
    permission_required = "evaluations.add_evaluation"
    template_name = "evaluations/evaluation_create.html"

    def team(self):
        return employed_reports(supervisor=self.request.user)

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            initial = {"peer": self.request.GET.get("peer")}
            try:
                initial["template"] = evaluation_template_default(
                    organisation=self.request.user.organisation
                )
            except ApplicationError as exc:
                messages_add_errors(self.request, exc)
            kwargs["form"] = EvaluationCreateForm(team=self.team(), initial=initial)
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = EvaluationCreateForm(request.POST, team=self.team())
        if form.is_valid():
            try:
                evaluation = evaluation_create(by=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, "Evaluation started. Your ratings are saved as you go.")
                return redirect("evaluations:evaluation-edit", pk=evaluation.pk)
        return self.render_to_response(self.get_context_data(form=form))


class EvaluationDetailView(EvaluationObjectMixin, TemplateView):
    template_name = "evaluations/evaluation_detail.html"

    def get_context_data(self, **kwargs):
        evaluation = self.get_evaluation()
        user = self.request.user
        audit_access(instance=evaluation)
        sections = evaluation.sections_list
        rated, total = progress(sections)
        supervisor = is_supervisor_of(user, evaluation)
        history = list(evaluation.transitions.select_related("by"))
        amendments = amendments_acknowledged(
            amendments=list(evaluation.amendments.select_related("by")), history=history
        )
        return super().get_context_data(
            evaluation=evaluation,
            sections=sections,
            summary=rating_counts(sections),
            rated=rated,
            total=total,
            show_self=can_see_self_assessment(user, evaluation)
            and evaluation.self_assessment == Evaluation.SelfAssessment.SUBMITTED,
            transitions=allowed_transitions(evaluation=evaluation, user=user),
            history=history,
            amendments=amendments,
            pdfs=evaluation.pdfs.select_related("requested_by")[:5],
            is_supervisor=supervisor,
            is_peer=evaluation.peer_id == user.pk,
            can_amend=evaluation.is_locked and (supervisor or sees_all(user)),
            # The peer is asked to sign each amended version.
            can_acknowledge_amendment=evaluation.peer_id == user.pk
            and bool(amendments)
            and amendments[-1].acknowledgement is None,
            **kwargs,
        )
