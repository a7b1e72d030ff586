from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from core.access import AccessRequiredMixin
from core.errors import ApplicationError, form_add_errors, messages_add_errors
from people.selectors import employed_people

from ..access import can_record_check_in, schedules_visible_to
from ..forms import CadenceForm, CheckInForm, ScheduleCreateForm
from ..models import CheckIn, CheckInSchedule
from ..selectors import check_in_detail, question_sets_for, schedule_detail, schedules_for
from ..services.checkins import (
    check_in_record,
    checkin_schedule_change_cadence,
    checkin_schedule_create,
    standard_cadences,
)


class CheckInScheduleListView(AccessRequiredMixin, TemplateView):
    template_name = "onboarding/checkin_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            schedules=schedules_for(user=self.request.user),
            today=timezone.localdate(),
            can_create=CheckInScheduleCreateView.user_can_access(self.request.user),
            **kwargs,
        )


class CheckInScheduleCreateView(AccessRequiredMixin, TemplateView):
    permission_required = ("people.view_team", "onboarding.add_checkinschedule")
    permission_any = True
    template_name = "onboarding/checkin_schedule_form.html"

    def people(self):
        user = self.request.user
        # Those without a schedule in this agency (one from an agency they left does not count).
        scheduled = CheckInSchedule.objects.filter(
            person=OuterRef("pk"), organisation_id=user.organisation_id
        )
        people = employed_people().filter(~Exists(scheduled))
        if not user.has_perm("onboarding.add_checkinschedule"):
            people = people.filter(profile__supervisor=user)
        return people.exclude(profile__supervisor__isnull=True).order_by("last_name", "first_name")

    def get_context_data(self, **kwargs):
        initial = {"person": self.request.GET.get("person"), "starts_on": timezone.localdate()}
        kwargs.setdefault("form", ScheduleCreateForm(people=self.people(), initial=initial))
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = ScheduleCreateForm(request.POST, people=self.people())
        if form.is_valid():
            person, start, pattern = (
                form.cleaned_data[k] for k in ("person", "starts_on", "pattern")
            )
            cadences = (
                standard_cadences(start) if pattern == "standard" else [(pattern, start, None)]
            )
            try:
                schedule = checkin_schedule_create(
                    person=person,
                    supervisor=person.profile.supervisor,
                    by=request.user,
                    cadences=cadences,
                )
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                return redirect("onboarding:checkin-schedule-detail", pk=schedule.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CheckInScheduleDetailView(AccessRequiredMixin, TemplateView):
    template_name = "onboarding/checkin_schedule_detail.html"

    def get_context_data(self, **kwargs):
        try:
            schedule = schedule_detail(user=self.request.user, pk=self.kwargs["pk"])
        except CheckInSchedule.DoesNotExist as exc:
            raise Http404 from exc
        return super().get_context_data(
            schedule=schedule,
            can_record=can_record_check_in(self.request.user, schedule),
            cadence_form=CadenceForm(
                initial={"starts_on": timezone.localdate()}, schedule=schedule
            ),
            question_sets=question_sets_for(person=schedule.person),
            **kwargs,
        )


def _visible_schedule(request, pk) -> CheckInSchedule:
    schedule = (
        schedules_visible_to(request.user)
        .select_related("person", "supervisor")
        .filter(pk=pk)
        .first()
    )
    if schedule is None:
        raise Http404
    return schedule


class CheckInScheduleCadenceView(AccessRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        schedule = _visible_schedule(request, pk)
        form = CadenceForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose a cadence and the date it starts.")
        else:
            try:
                checkin_schedule_change_cadence(
                    schedule=schedule, by=request.user, **form.cleaned_data
                )
            except ApplicationError as exc:
                messages_add_errors(request, exc)
            else:
                messages.success(request, "Cadence changed; the next check-in date is updated.")
        return redirect("onboarding:checkin-schedule-detail", pk=pk)


class CheckInRecordView(AccessRequiredMixin, TemplateView):
    template_name = "onboarding/checkin_form.html"

    def setup_form(self, schedule, data=None):
        # Both come from the request: a NUL or an id that is not a number picks the default.
        # An unknown or missing set means the person's own questions, never another kind's.
        code = ((data or self.request.GET).get("set") or "").replace("\x00", "")
        choices = question_sets_for(person=schedule.person)
        question_set = next((qs for qs in choices if qs.code == code), choices[0])
        if data and data.get("question_set"):
            # Only among the sets this agency sees (its own and the shared ones).
            chosen = str(data["question_set"])
            question_set = next((qs for qs in choices if str(qs.pk) == chosen), question_set)
        people = employed_people().order_by("last_name", "first_name")
        initial = {
            "held_on": timezone.localdate(),
            "participants": [schedule.person_id, schedule.supervisor_id],
        }
        return CheckInForm(data, question_set=question_set, people=people, initial=initial)

    def get_context_data(self, **kwargs):
        schedule = kwargs.pop("schedule", None) or _visible_schedule(
            self.request, self.kwargs["pk"]
        )
        if not can_record_check_in(self.request.user, schedule):
            raise Http404
        form = kwargs.setdefault("form", self.setup_form(schedule))
        # Not ``form.question_set`` in the template: that names the hidden field, not the set.
        kwargs["chosen_set"] = form.question_set
        return super().get_context_data(
            schedule=schedule, question_sets=question_sets_for(person=schedule.person), **kwargs
        )

    def post(self, request, pk):
        schedule = _visible_schedule(request, pk)
        form = self.setup_form(schedule, request.POST)
        if form.is_valid():
            try:
                check_in = check_in_record(
                    schedule=schedule,
                    by=request.user,
                    held_on=form.cleaned_data["held_on"],
                    question_set=form.question_set,
                    participants=list(form.cleaned_data["participants"]),
                    answers=form.answers(),
                    notes=form.cleaned_data["notes"],
                    follow_ups=form.follow_ups(),
                )
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, "Check-in recorded; the next one is scheduled.")
                return redirect("onboarding:checkin-detail", pk=check_in.pk)
        return self.render_to_response(
            self.get_context_data(schedule=schedule, form=form), status=400
        )


class CheckInDetailView(AccessRequiredMixin, TemplateView):
    template_name = "onboarding/checkin_detail.html"

    def get_context_data(self, **kwargs):
        try:
            check_in = check_in_detail(user=self.request.user, pk=self.kwargs["pk"])
        except CheckIn.DoesNotExist as exc:
            raise Http404 from exc
        return super().get_context_data(check_in=check_in, **kwargs)
