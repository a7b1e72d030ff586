"""Views of the anonymous staff survey: the rounds, closing one, and the emailed link."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from core.access import AccessRequiredMixin
from core.errors import ApplicationError, form_add_errors, messages_add_errors

from ..forms import (
    SurveyAnswerForm,
    SurveyOpenForm,
)
from ..models import SurveyRound
from ..selectors import (
    MIN_GROUP,
    SCALE,
    survey_items,
    survey_links_owed,
    survey_list,
    survey_results,
)
from ..services import (
    survey_answer,
    survey_close,
    survey_invitations_resume,
    survey_open,
    survey_ticket_for,
)
from .cycles import MANAGE


class SurveyListView(AccessRequiredMixin, TemplateView):
    permission_required = MANAGE
    template_name = "readiness/survey_list.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", SurveyOpenForm())
        return super().get_context_data(
            surveys=survey_list(queryset=SurveyRound.objects.all()), **kwargs
        )

    def post(self, request):
        form = SurveyOpenForm(request.POST)
        if form.is_valid():
            try:
                survey = survey_open(
                    organisation=request.user.organisation,
                    name=form.cleaned_data["name"],
                    by=request.user,
                    today=timezone.localdate(),
                )
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"The survey's links are being sent to {survey.invited} people; "
                    "this page shows how many are still to go.",
                )
                return redirect("readiness:survey-detail", pk=survey.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SurveyDetailView(AccessRequiredMixin, TemplateView):
    permission_required = MANAGE
    template_name = "readiness/survey_detail.html"

    def get_context_data(self, **kwargs):
        survey = get_object_or_404(SurveyRound.objects.all(), pk=self.kwargs["pk"])
        return super().get_context_data(
            results=survey_results(survey=survey),
            links_owed=survey_links_owed(survey=survey),
            min_group=MIN_GROUP,
            **kwargs,
        )


class SurveyCloseView(AccessRequiredMixin, View):
    permission_required = MANAGE
    http_method_names = ["post"]

    def post(self, request, pk):
        survey = get_object_or_404(SurveyRound.objects.all(), pk=pk)
        try:
            survey_close(survey=survey, by=request.user, today=timezone.localdate())
        except ApplicationError as exc:
            messages_add_errors(request, exc)
        else:
            messages.success(request, "The survey is closed; unused links no longer work.")
        return redirect("readiness:survey-detail", pk=survey.pk)


class SurveySendView(AccessRequiredMixin, View):
    """Send the links still owed again, after the mail server was away for long."""

    permission_required = MANAGE
    http_method_names = ["post"]

    def post(self, request, pk):
        survey = get_object_or_404(SurveyRound.objects.all(), pk=pk)
        try:
            owed = survey_invitations_resume(survey=survey, by=request.user)
        except ApplicationError as exc:
            messages_add_errors(request, exc)
        else:
            messages.success(request, f"Sending the {owed} links still to send.")
        return redirect("readiness:survey-detail", pk=survey.pk)


class SurveyAnswerView(TemplateView):
    """The single-use link, opened signed in or not. The token comes in the query string
    and goes back in the form's body, so it is never part of a logged path; the page reads
    nothing of the person and records nothing of them."""

    template_name = "readiness/survey_answer.html"

    def _form(self, data=None, token=""):
        return SurveyAnswerForm(
            data, initial={"token": token}, instruments=survey_items(), scale=SCALE
        )

    def get(self, request):
        token = request.GET.get("t", "")
        ticket = survey_ticket_for(token=token) if token else None
        if ticket is None:
            return self._gone()
        return self.render_to_response(
            self.get_context_data(form=self._form(token=token), survey=ticket.round)
        )

    def post(self, request):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                survey_answer(token=form.cleaned_data["token"], answers=form.answers())
            except ApplicationError:
                return self._gone()
            return TemplateResponse(request, "readiness/survey_thanks.html")
        ticket = survey_ticket_for(token=request.POST.get("token", ""))
        if ticket is None:
            return self._gone()
        return self.render_to_response(
            self.get_context_data(form=form, survey=ticket.round), status=400
        )

    def _gone(self):
        return TemplateResponse(self.request, "readiness/survey_gone.html", status=404)


# --- From findings to action ----------------------------------------------------------
