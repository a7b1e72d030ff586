"""Views of a cycle: the list, opening one, its team, the answers and the agreed ones."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from core.access import AccessRequiredMixin
from core.errors import ApplicationError, form_add_errors, messages_add_errors
from people.selectors import employed_people

from ..access import cycles_visible_to, manages
from ..evidence import evidence_by_question
from ..forms import (
    AnswersForm,
    CycleForm,
    MemberForm,
)
from ..models import Cycle, TeamMember
from ..report import scores_chart
from ..rules import ACTION_LABELS, CYCLE_TABLE
from ..selectors import (
    agreed_answers,
    assessment_questions,
    cycle_list,
    cycle_results,
    cycle_with_team,
    member_for,
    own_answers,
)
from ..services import (
    TEAM_OPEN,
    agreed_answers_save,
    answers_save,
    cycle_member_add,
    cycle_member_remove,
    cycle_move,
    cycle_open,
    cycle_share,
)

MANAGE = "readiness.manage_cycles"


def _grouped(form: AnswersForm, results=None, evidence=None) -> list[dict]:
    """The form's fields under each competency's "Assess your program's …" heading, with
    the team's answers and the evidence from PeerWorks' records beside each question."""
    fields = form.by_question()
    team = {r.question.pk: r for c in results or [] for r in c.questions}
    groups = []
    for q in form.questions:
        if not groups or groups[-1]["code"] != q.domain.code:
            groups.append({"code": q.domain.code, "heading": q.domain.title, "rows": []})
        answer, note = fields[q.pk]
        groups[-1]["rows"].append(
            {
                "question": q,
                "answer": answer,
                "note": note,
                "team": team.get(q.pk),
                "evidence": (evidence or {}).get(q.code, []),
            }
        )
    return groups


def _answers_post(view, *, cycle, existing, save, saved_message: str):
    """A member's own answers and the team's agreed ones are posted alike: one answer per
    question, saved by their service, the page shown again with what was refused."""
    form = AnswersForm(view.request.POST, questions=assessment_questions(), existing=existing)
    if form.is_valid():
        try:
            saved = save(form.answers())
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(view.request, saved_message.format(saved))
            return redirect("readiness:cycle-detail", pk=cycle.pk)
    return view.render_to_response(view.get_context_data(cycle=cycle, form=form), status=400)


class CycleObjectMixin(AccessRequiredMixin):
    """The cycle named in the URL, or 404 when this person may not see it."""

    def get_cycle(self) -> Cycle:
        try:
            return cycle_with_team(
                queryset=cycles_visible_to(self.request.user), pk=self.kwargs["pk"]
            )
        except Cycle.DoesNotExist as exc:
            raise Http404 from exc


class CycleListView(AccessRequiredMixin, TemplateView):
    permission_required = MANAGE
    template_name = "readiness/cycle_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cycles=cycle_list(queryset=cycles_visible_to(self.request.user)), **kwargs
        )


class CycleCreateView(AccessRequiredMixin, TemplateView):
    permission_required = MANAGE
    template_name = "readiness/cycle_create.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", CycleForm())
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = CycleForm(request.POST)
        if form.is_valid():
            try:
                cycle = cycle_open(
                    organisation=request.user.organisation,
                    name=form.cleaned_data["name"],
                    by=request.user,
                    today=timezone.localdate(),
                )
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, "Cycle opened. Now invite the team.")
                return redirect("readiness:cycle-team", pk=cycle.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CycleDetailView(CycleObjectMixin, TemplateView):
    template_name = "readiness/cycle_detail.html"

    def get_context_data(self, **kwargs):
        cycle = self.get_cycle()
        user = self.request.user
        admin = manages(user)
        # The team's answers are shown once they close, so no one answers to match others.
        show_results = cycle.state in (Cycle.State.AGREEING, Cycle.State.FINISHED)
        results = cycle_results(cycle=cycle, with_team=admin) if show_results else []
        evidence = []
        if admin:
            found = evidence_by_question(user=user, today=timezone.localdate())
            evidence = [(q, found[q.code]) for q in assessment_questions() if q.code in found]
        return super().get_context_data(
            cycle=cycle,
            member=member_for(cycle=cycle, user=user),
            manages=admin,
            team_open=cycle.state in TEAM_OPEN,
            actions=[(a, ACTION_LABELS[a]) for a in CYCLE_TABLE.allowed(row=cycle, by=user)],
            results=results,
            chart=scores_chart(cycle=cycle, results=results) if results else None,
            question_count=len(assessment_questions()),
            evidence=evidence,
            **kwargs,
        )


class CycleShareView(CycleObjectMixin, View):
    permission_required = MANAGE
    http_method_names = ["post"]

    def post(self, request, pk):
        share = request.POST.get("share") == "yes"
        try:
            cycle_share(cycle=self.get_cycle(), share=share, by=request.user)
        except ApplicationError as exc:
            messages_add_errors(request, exc)
        else:
            messages.success(
                request,
                "Shared with the network." if share else "No longer shared with the network.",
            )
        return redirect("readiness:cycle-detail", pk=pk)


class CycleTeamView(CycleObjectMixin, TemplateView):
    permission_required = MANAGE
    template_name = "readiness/cycle_team.html"

    def get_context_data(self, **kwargs):
        cycle = kwargs.pop("cycle", None) or self.get_cycle()
        kwargs.setdefault("form", MemberForm(people=employed_people()))
        return super().get_context_data(cycle=cycle, team_open=cycle.state in TEAM_OPEN, **kwargs)

    def post(self, request, pk):
        cycle = self.get_cycle()
        form = MemberForm(request.POST, people=employed_people())
        if form.is_valid():
            try:
                member = cycle_member_add(cycle=cycle, by=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, f"{member.person} joins the team.")
                return redirect("readiness:cycle-team", pk=cycle.pk)
        return self.render_to_response(self.get_context_data(cycle=cycle, form=form), status=400)


class CycleMemberRemoveView(CycleObjectMixin, View):
    permission_required = MANAGE
    http_method_names = ["post"]

    def post(self, request, pk, member_pk):
        cycle = self.get_cycle()
        member = get_object_or_404(TeamMember.objects.filter(cycle=cycle), pk=member_pk)
        try:
            cycle_member_remove(member=member, by=request.user)
        except ApplicationError as exc:
            messages_add_errors(request, exc)
        else:
            messages.success(request, f"{member.person} left the team.")
        return redirect("readiness:cycle-team", pk=cycle.pk)


class CycleMoveView(CycleObjectMixin, View):
    permission_required = MANAGE
    http_method_names = ["post"]

    def post(self, request, pk):
        cycle = self.get_cycle()
        action = request.POST.get("action", "")
        if action not in CYCLE_TABLE.actions:
            raise Http404
        try:
            cycle_move(cycle=cycle, action=action, by=request.user, today=timezone.localdate())
        except ApplicationError as exc:
            messages_add_errors(request, exc)
        else:
            messages.success(request, f"{ACTION_LABELS[action]}: done.")
        return redirect("readiness:cycle-detail", pk=cycle.pk)


class CycleAnswerView(CycleObjectMixin, TemplateView):
    """A team member's own answers; only members have one (others: 404)."""

    template_name = "readiness/cycle_answer.html"

    def get_member(self, cycle):
        member = member_for(cycle=cycle, user=self.request.user)
        if member is None:
            raise Http404
        return member

    def get_context_data(self, **kwargs):
        cycle = kwargs.pop("cycle", None) or self.get_cycle()
        member = self.get_member(cycle)
        form = kwargs.pop("form", None) or AnswersForm(
            questions=assessment_questions(), existing=own_answers(member=member)
        )
        return super().get_context_data(
            cycle=cycle,
            form=form,
            groups=_grouped(form),
            editable=cycle.state == Cycle.State.ANSWERING,
            **kwargs,
        )

    def post(self, request, pk):
        cycle = self.get_cycle()
        member = self.get_member(cycle)
        return _answers_post(
            self,
            cycle=cycle,
            existing=own_answers(member=member),
            save=lambda answers: answers_save(member=member, answers=answers, by=request.user),
            saved_message="Your answers are saved ({} answered).",
        )


class CycleAgreeView(CycleObjectMixin, TemplateView):
    """The team's meeting: each question with how the team answered, and the agreed answer."""

    permission_required = MANAGE
    template_name = "readiness/cycle_agree.html"

    def get_context_data(self, **kwargs):
        cycle = kwargs.pop("cycle", None) or self.get_cycle()
        form = kwargs.pop("form", None) or AnswersForm(
            questions=assessment_questions(), existing=agreed_answers(cycle=cycle)
        )
        results = cycle_results(cycle=cycle, with_team=True)
        return super().get_context_data(
            cycle=cycle,
            form=form,
            groups=_grouped(
                form,
                results,
                evidence_by_question(user=self.request.user, today=timezone.localdate()),
            ),
            editable=cycle.state == Cycle.State.AGREEING,
            **kwargs,
        )

    def post(self, request, pk):
        cycle = self.get_cycle()
        return _answers_post(
            self,
            cycle=cycle,
            existing=agreed_answers(cycle=cycle),
            save=lambda answers: agreed_answers_save(cycle=cycle, answers=answers, by=request.user),
            saved_message="Agreed answers saved ({} answered).",
        )


# --- The anonymous staff survey -------------------------------------------------------
