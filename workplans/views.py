from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from audit.services import audit_access
from core.access import AccessRequiredMixin
from core.errors import ApplicationError, ConflictError, form_add_errors, messages_add_errors
from evaluations.access import evaluations_visible_to
from people.selectors import employed_reports

from .access import can_edit, workplans_visible_to
from .forms import MeetingForm, SignForm, StepForm, WorkPlanCreateForm, WorkPlanForm
from .models import FollowUpMeeting, ImmediateStep, WorkPlan
from .rules import LOCKED_MESSAGE
from .selectors import (
    guide_sections,
    plan_differences,
    plan_sections,
    workplan_list,
    workplan_with_contents,
)
from .services.plans import (
    signed_text_fingerprint,
    workplan_create,
    workplan_create_from_evaluation,
    workplan_meeting_save,
    workplan_sign,
    workplan_step_add,
    workplan_step_mark,
    workplan_step_remove,
    workplan_update,
)

PAGE_SIZE = 25
# A plan started from an evaluation runs for 90 days unless the manager changes the dates.
DEFAULT_LENGTH = timedelta(days=90)


class WorkPlanObjectMixin(AccessRequiredMixin):
    """Loads the plan named in the URL, or answers 404 if this person may not see it."""

    manager_only = False

    def get_plan(self) -> WorkPlan:
        try:
            plan = workplan_with_contents(
                queryset=workplans_visible_to(self.request.user), pk=self.kwargs["pk"]
            )
        except WorkPlan.DoesNotExist as exc:
            raise Http404 from exc
        if self.manager_only and not can_edit(self.request.user, plan):
            raise PermissionDenied("Only the plan's manager changes it.")
        return plan


class WorkPlanListView(AccessRequiredMixin, TemplateView):
    template_name = "workplans/workplan_list.html"

    def get_context_data(self, **kwargs):
        plans = workplan_list(user=self.request.user)
        page = Paginator(plans, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page=page,
            querystring="",
            can_create=WorkPlanCreateView.user_can_access(self.request.user),
            **kwargs,
        )


class WorkPlanCreateView(AccessRequiredMixin, TemplateView):
    permission_required = "workplans.add_workplan"
    template_name = "workplans/workplan_create.html"

    def team(self):
        return employed_reports(supervisor=self.request.user)

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            today = timezone.localdate()
            kwargs["form"] = WorkPlanCreateForm(
                team=self.team(),
                initial={"start_date": today, "end_date": today + DEFAULT_LENGTH},
            )
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = WorkPlanCreateForm(request.POST, team=self.team())
        if form.is_valid():
            try:
                plan = workplan_create(manager=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, "Work plan started. Fill in each section together.")
                return redirect("workplans:workplan-edit", pk=plan.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class WorkPlanFromEvaluationView(AccessRequiredMixin, View):
    """POST-only: start a plan whose section III lists the evaluation's Developing items."""

    permission_required = "workplans.add_workplan"
    http_method_names = ["post"]

    def post(self, request, evaluation_pk):
        evaluation = get_object_or_404(
            evaluations_visible_to(request.user).select_related("peer__profile"), pk=evaluation_pk
        )
        today = timezone.localdate()
        try:
            plan = workplan_create_from_evaluation(
                evaluation=evaluation,
                by=request.user,
                start_date=today,
                end_date=today + DEFAULT_LENGTH,
            )
        except ApplicationError as exc:
            messages_add_errors(request, exc)
            return redirect("evaluations:evaluation-detail", pk=evaluation_pk)
        messages.success(request, "Work plan started from the evaluation's Developing items.")
        return redirect("workplans:workplan-edit", pk=plan.pk)


class WorkPlanDetailView(WorkPlanObjectMixin, TemplateView):
    template_name = "workplans/workplan_detail.html"

    def get_context_data(self, **kwargs):
        plan = self.get_plan()
        user = self.request.user
        audit_access(instance=plan)
        signer = {plan.manager_id: "manager", plan.employee_id: "employee"}.get(user.pk)
        return super().get_context_data(
            plan=plan,
            sections=plan_sections(plan, guide_sections()),
            can_edit=can_edit(user, plan),
            can_sign=signer is not None and not getattr(plan, f"{signer}_signed_at"),
            scheduled=plan.scheduled_meeting_dates(),
            pdfs=plan.pdfs.select_related("requested_by")[:5],
            **kwargs,
        )


class WorkPlanEditView(WorkPlanObjectMixin, TemplateView):
    template_name = "workplans/workplan_edit.html"
    manager_only = True

    def get(self, request, pk):
        plan = self.get_plan()
        if plan.is_locked:
            messages.error(request, LOCKED_MESSAGE)
            return redirect("workplans:workplan-detail", pk=pk)
        return self.render_to_response(self.get_context_data(form=WorkPlanForm(plan=plan)))

    def get_context_data(self, **kwargs):
        form = kwargs["form"]
        return super().get_context_data(
            plan=form.plan, sections=plan_sections(form.plan, guide_sections(), form), **kwargs
        )

    def post(self, request, pk):
        plan = self.get_plan()
        form = WorkPlanForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                workplan_update(
                    plan=plan,
                    by=request.user,
                    answers=form.answers(),
                    revision=form.cleaned_data["revision"],
                    **form.content(),
                )
            except ConflictError as exc:
                return self.conflict(form, exc)
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, "Work plan saved.")
                return redirect("workplans:workplan-detail", pk=pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def conflict(self, form, exc):
        """Keep what the person typed, list where the plan now differs, and let them save over it."""
        current = self.get_plan()
        data = self.request.POST.copy()
        data["revision"] = str(current.revision)
        again = WorkPlanForm(data, plan=current)
        form_add_errors(again, exc)
        return self.render_to_response(
            self.get_context_data(form=again, differences=plan_differences(current, form)),
            status=409,
        )


class _PlanFormView(WorkPlanObjectMixin, TemplateView):
    """A small form about one plan: shown with GET, saved with POST, refusals shown on the form."""

    manager_only = True
    form_class = None
    success_message = ""
    # Pages that only change what was agreed say so up front once both have signed.
    refuse_when_locked = False

    def make_form(self, plan, data=None):
        return self.form_class(data, plan=plan, initial=self.initial(plan))

    def initial(self, plan):
        return {}

    def get(self, request, **kwargs):
        plan = self.get_plan()
        if self.refuse_when_locked and plan.is_locked:
            messages.error(request, LOCKED_MESSAGE)
            return redirect("workplans:workplan-detail", pk=plan.pk)
        return self.render_to_response(self.get_context_data(plan=plan, form=self.make_form(plan)))

    def post(self, request, **kwargs):
        plan = self.get_plan()
        form = self.make_form(plan, request.POST)
        if form.is_valid():
            try:
                self.save(plan, form.cleaned_data)
            except ConflictError as exc:
                # Keep what was typed, now against the current version: saving again keeps it.
                plan = self.get_plan()
                data = request.POST.copy()
                data["revision"] = str(plan.revision)
                form = self.make_form(plan, data)
                form.is_valid()
                form_add_errors(form, exc)
                return self.render_to_response(
                    self.get_context_data(plan=plan, form=form), status=409
                )
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, self.success_message)
                return redirect("workplans:workplan-detail", pk=plan.pk)
        return self.render_to_response(self.get_context_data(plan=plan, form=form), status=400)


class WorkPlanStepCreateView(_PlanFormView):
    template_name = "workplans/step_form.html"
    form_class = StepForm
    success_message = "Step added."

    refuse_when_locked = True

    def save(self, plan, data):
        workplan_step_add(plan=plan, by=self.request.user, **data)


class WorkPlanMeetingCreateView(_PlanFormView):
    template_name = "workplans/meeting_form.html"
    form_class = MeetingForm
    success_message = "Meeting saved."

    def save(self, plan, data):
        workplan_meeting_save(plan=plan, by=self.request.user, **data)


class WorkPlanMeetingEditView(_PlanFormView):
    template_name = "workplans/meeting_form.html"
    form_class = MeetingForm
    success_message = "Meeting notes saved."

    def meeting(self, plan) -> FollowUpMeeting:
        for meeting in plan.meetings_list:
            if meeting.pk == self.kwargs["meeting_pk"]:
                return meeting
        raise Http404

    def initial(self, plan):
        meeting = self.meeting(plan)
        fields = ("date", "notes", "employee_attended", "manager_attended", "others_attending")
        return {name: getattr(meeting, name) for name in fields}

    def save(self, plan, data):
        workplan_meeting_save(plan=plan, by=self.request.user, meeting=self.meeting(plan), **data)


class _StepActionView(WorkPlanObjectMixin, View):
    """POST-only: one change to a step; refusals come back as messages on the detail page."""

    http_method_names = ["post"]

    def revision(self) -> int | None:
        """The plan's version the detail page showed (the service refuses a missing one)."""
        value = self.request.POST.get("revision", "")
        return int(value) if value.isdigit() else None

    def post(self, request, pk, step_pk):
        plan = self.get_plan()
        step = next((s for s in plan.steps_list if s.pk == step_pk), None)
        if step is None:
            raise Http404
        try:
            message = self.act(step)
        except ConflictError:
            messages.error(
                request,
                "This work plan was changed since you opened the page, so nothing was "
                "changed. Here is the current version: try again if it still needs doing.",
            )
            return redirect("workplans:workplan-detail", pk=pk)
        except ApplicationError as exc:
            messages_add_errors(request, exc)
        else:
            messages.success(request, message)
        return redirect("workplans:workplan-detail", pk=pk)


class WorkPlanStepDoneView(_StepActionView):
    def act(self, step: ImmediateStep) -> str:
        done = self.request.POST.get("done", "1") == "1"
        workplan_step_mark(step=step, by=self.request.user, revision=self.revision(), done=done)
        return "Step marked done." if done else "Step marked not done."


class WorkPlanStepDeleteView(_StepActionView):
    def act(self, step: ImmediateStep) -> str:
        workplan_step_remove(step=step, by=self.request.user, revision=self.revision())
        return "Step removed."


class WorkPlanSignView(WorkPlanObjectMixin, TemplateView):
    template_name = "workplans/workplan_sign.html"

    def signer_plan(self):
        plan = self.get_plan()
        if self.request.user.pk not in (plan.manager_id, plan.employee_id):
            raise PermissionDenied("Only the employee and the manager sign the plan.")
        return plan

    def make_form(self, plan, data=None):
        return SignForm(
            data,
            with_comments=self.request.user.pk == plan.employee_id,
            initial={"fingerprint": signed_text_fingerprint(plan)},
        )

    def already_signed(self, plan):
        """A second click on Sign (or an old tab): it went through the first time."""
        role = "manager" if self.request.user.pk == plan.manager_id else "employee"
        if getattr(plan, f"{role}_signed_at") is None:
            return None
        messages.info(self.request, "You have already signed this plan.")
        return redirect("workplans:workplan-detail", pk=plan.pk)

    def get(self, request, pk):
        plan = self.signer_plan()
        return self.already_signed(plan) or self.render_to_response(
            self.get_context_data(plan=plan, form=self.make_form(plan))
        )

    def post(self, request, pk):
        plan = self.signer_plan()
        signed = self.already_signed(plan)
        if signed:
            return signed
        form = self.make_form(plan, request.POST)
        if form.is_valid():
            try:
                plan = workplan_sign(plan=plan, by=request.user, **form.cleaned_data)
            except ConflictError as exc:
                # Show the current version afresh: that is what they would be signing.
                messages_add_errors(request, exc)
                return redirect("workplans:workplan-sign", pk=pk)
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(
                    request,
                    "Signed. The plan is now agreed and locked."
                    if plan.is_locked
                    else "Signed. The plan is agreed once you have both signed.",
                )
                return redirect("workplans:workplan-detail", pk=pk)
        return self.render_to_response(self.get_context_data(plan=plan, form=form), status=400)
