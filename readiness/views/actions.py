"""Views of a cycle's action plan: the leadership-challenge form and the actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError, form_add_errors, messages_add_errors
from people.selectors import employed_people

from ..access import manages
from ..forms import (
    ActionForm,
    ChallengeForm,
)
from ..models import Action, Challenge
from ..rules import ACTION_LABELS, ACTION_TABLE
from ..selectors import (
    action_plan,
    competencies_weakest_first,
    competency_names,
)
from ..services import (
    action_add,
    action_move,
    challenge_record,
)
from .cycles import MANAGE, CycleObjectMixin


class CycleActionsView(CycleObjectMixin, TemplateView):
    """The organisation's action plan from a cycle: the challenges analysed and the actions,
    each with its owner, due date and status."""

    template_name = "readiness/cycle_actions.html"

    def get_context_data(self, **kwargs):
        cycle = kwargs.pop("cycle", None) or self.get_cycle()
        user = self.request.user
        challenges, actions = action_plan(cycle=cycle)
        admin = manages(user)
        names = competency_names()
        if admin:
            kwargs.setdefault(
                "form",
                ActionForm(
                    competencies=competencies_weakest_first(cycle=cycle), people=employed_people()
                ),
            )
        return super().get_context_data(
            cycle=cycle,
            manages=admin,
            challenges=[(c, names.get(c.competency_code, "")) for c in challenges],
            areas=dict(Challenge.Area.choices),
            actions=[
                (
                    a,
                    names.get(a.competency_code, ""),
                    [(move, ACTION_LABELS[move]) for move in ACTION_TABLE.allowed(row=a, by=user)],
                )
                for a in actions
            ],
            **kwargs,
        )

    def post(self, request, pk):
        cycle = self.get_cycle()
        if not manages(request.user):
            raise PermissionDenied("Only a program admin adds actions.")
        form = ActionForm(
            request.POST,
            competencies=competencies_weakest_first(cycle=cycle),
            people=employed_people(),
        )
        if form.is_valid():
            try:
                action_add(cycle=cycle, by=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, "Action added to the plan.")
                return redirect("readiness:cycle-actions", pk=cycle.pk)
        return self.render_to_response(self.get_context_data(cycle=cycle, form=form), status=400)


class CycleChallengeView(CycleObjectMixin, TemplateView):
    permission_required = MANAGE
    template_name = "readiness/cycle_challenge.html"

    def _form(self, cycle, data=None):
        return ChallengeForm(
            data,
            competencies=competencies_weakest_first(cycle=cycle),
            areas=Challenge.Area.choices,
        )

    def get_context_data(self, **kwargs):
        cycle = kwargs.pop("cycle", None) or self.get_cycle()
        kwargs.setdefault("form", self._form(cycle))
        return super().get_context_data(cycle=cycle, **kwargs)

    def post(self, request, pk):
        cycle = self.get_cycle()
        form = self._form(cycle, request.POST)
        if form.is_valid():
            try:
                challenge_record(
                    cycle=cycle,
                    competency_code=form.cleaned_data["competency_code"],
                    current_situation=form.cleaned_data["current_situation"],
                    causes=form.causes(),
                    by=request.user,
                )
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, "Challenge analysed. Add the actions it calls for.")
                return redirect("readiness:cycle-actions", pk=cycle.pk)
        return self.render_to_response(self.get_context_data(cycle=cycle, form=form), status=400)


class ActionMoveView(CycleObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, action_pk):
        cycle = self.get_cycle()
        action = get_object_or_404(Action.objects.filter(cycle=cycle), pk=action_pk)
        move = request.POST.get("move", "")
        if move not in ACTION_TABLE.actions:
            raise Http404
        try:
            action_move(action=action, move=move, by=request.user)
        except ApplicationError as exc:
            messages_add_errors(request, exc)
        else:
            messages.success(request, f"{ACTION_LABELS[move]}: done.")
        return redirect("readiness:cycle-actions", pk=cycle.pk)
