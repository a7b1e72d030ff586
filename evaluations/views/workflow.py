from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError, form_add_errors, messages_add_errors

from ..forms import AcknowledgeForm, AmendmentAcknowledgeForm, TakeBackForm
from ..models import Evaluation
from ..services.workflow import (
    amendment_awaiting_acknowledgement,
    evaluation_acknowledge,
    evaluation_acknowledge_amendment,
    evaluation_finalize,
    evaluation_take_back,
)
from .base import EvaluationObjectMixin


class _MoveView(EvaluationObjectMixin, View):
    """POST-only: one workflow move; refusals come back as messages on the detail page."""

    http_method_names = ["post"]
    success_message = ""

    def move(self, evaluation):
        raise NotImplementedError

    def post(self, request, pk):
        evaluation = self.get_evaluation()
        try:
            self.move(evaluation)
        except ApplicationError as exc:
            messages_add_errors(request, exc)
        else:
            messages.success(request, self.success_message)
        return redirect("evaluations:evaluation-detail", pk=pk)


class EvaluationTakeBackView(_MoveView):
    success_message = "Taken back to draft. The peer no longer sees it until you submit it again."

    def move(self, evaluation):
        form = TakeBackForm(self.request.POST)
        if not form.is_valid():
            # Nothing is taken back: the note says why, so it must fit and be storable.
            raise ApplicationError(f"The note: {' '.join(form.errors['note'])}")
        evaluation_take_back(
            evaluation=evaluation, by=self.request.user, note=form.cleaned_data["note"]
        )


class EvaluationFinalizeView(_MoveView):
    success_message = "Finalized. The evaluation is now locked; later changes are amendments."

    def move(self, evaluation):
        evaluation_finalize(evaluation=evaluation, by=self.request.user)


class EvaluationAcknowledgeView(EvaluationObjectMixin, TemplateView):
    """The peer signs: the evaluation as submitted or, once finalized, its amended version."""

    template_name = "evaluations/evaluation_acknowledge.html"

    @staticmethod
    def _amended(evaluation) -> bool:
        return evaluation.state == Evaluation.State.FINALIZED

    def get_context_data(self, **kwargs):
        evaluation = kwargs.pop("evaluation", None) or self.get_evaluation()
        if evaluation.peer_id != self.request.user.pk:
            raise PermissionDenied("Only the peer acknowledges their evaluation.")
        amended = self._amended(evaluation)
        form_class = AmendmentAcknowledgeForm if amended else AcknowledgeForm
        kwargs.setdefault("form", form_class(initial={"revision": evaluation.revision}))
        return super().get_context_data(
            evaluation=evaluation,
            amendment=amendment_awaiting_acknowledgement(evaluation) if amended else None,
            **kwargs,
        )

    def _already_signed(self, evaluation) -> bool:
        """The peer signed what this page offers (a second click, a resent form, an old tab)."""
        if evaluation.peer_id != self.request.user.pk:
            return False
        if evaluation.state == Evaluation.State.ACKNOWLEDGED:
            return True
        return self._amended(evaluation) and amendment_awaiting_acknowledgement(evaluation) is None

    def _signed_answer(self, pk):
        messages.info(self.request, "You have already signed this evaluation.")
        return redirect("evaluations:evaluation-detail", pk=pk)

    def get(self, request, *args, **kwargs):
        evaluation = self.get_evaluation()
        if self._already_signed(evaluation):
            return self._signed_answer(evaluation.pk)
        return self.render_to_response(self.get_context_data(evaluation=evaluation))

    def post(self, request, pk):
        evaluation = self.get_evaluation()
        if self._already_signed(evaluation):
            return self._signed_answer(pk)
        amended = self._amended(evaluation)
        form = (AmendmentAcknowledgeForm if amended else AcknowledgeForm)(request.POST)
        sign = evaluation_acknowledge_amendment if amended else evaluation_acknowledge
        if form.is_valid():
            try:
                sign(evaluation=evaluation, by=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                evaluation = self.get_evaluation()
                # The page shows the evaluation as it is now; a signature sent from it is
                # for this version, and what was typed is kept.
                data = request.POST.copy()
                data["revision"] = str(evaluation.revision)
                form = type(form)(data)
                form.is_valid()
                form_add_errors(form, exc)
            else:
                messages.success(
                    request,
                    "Thank you. Your signature of the amended version is recorded."
                    if amended
                    else "Thank you. Your acknowledgement is recorded and your supervisor has been told.",
                )
                return redirect("evaluations:evaluation-detail", pk=pk)
        return self.render_to_response(
            self.get_context_data(evaluation=evaluation, form=form), status=400
        )
