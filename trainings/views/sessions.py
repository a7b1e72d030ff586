"""Sessions: listing, scheduling, enrolling, attendance, cancelling."""

from datetime import date
from decimal import ROUND_CEILING, Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from core.access import AccessRequiredMixin
from core.errors import ApplicationError, form_add_errors, messages_add_errors
from core.http import next_url
from people.models import User

from ..access import can_enrol, manages_session, manages_sessions, records_attendance
from ..forms import (
    AttendanceForm,
    CapacityForm,
    EnrolOtherForm,
    SessionDayFormSet,
    SessionForm,
    SessionPlaceForm,
    day_form_helper,
)
from ..ics import session_ics
from ..models import Enrolment, Session
from ..selectors import (
    completion_percent_for,
    courses_catalogue,
    flag_under_minimum,
    month_calendar,
    people_enrollable_by,
    session_detail,
    session_roster,
    upcoming_sessions,
)
from ..services.attendance import Mark, attendance_record
from ..services.enrolment import NOT_YOURS_TO_ENROL, enrolment_cancel, enrolment_create
from ..services.sessions import (
    Day,
    session_cancel,
    session_capacity_change,
    session_create,
    session_update,
)

PAGE_SIZE = 25


class SessionListView(AccessRequiredMixin, TemplateView):
    template_name = "trainings/session_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        page = Paginator(upcoming_sessions(user=user, today=today), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            sessions=flag_under_minimum(list(page), today),
            page=page,
            querystring="",
            can_manage=manages_sessions(user),
            **kwargs,
        )


class SessionCalendarView(AccessRequiredMixin, TemplateView):
    template_name = "trainings/session_calendar.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        try:
            year, month = (int(p) for p in self.request.GET.get("month", "").split("-"))
            if not date.min.year < year < date.max.year:
                raise ValueError("the weeks around this month fall outside the calendar")
            shown = date(year, month, 1)
        except ValueError:
            shown = today.replace(day=1)
        view = month_calendar(user=self.request.user, month=shown, today=today)
        return super().get_context_data(calendar=view, **kwargs)


class CourseListView(AccessRequiredMixin, TemplateView):
    template_name = "trainings/course_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**courses_catalogue(), **kwargs)


class SessionCreateView(AccessRequiredMixin, TemplateView):
    permission_required = "trainings.manage_sessions"
    template_name = "trainings/session_form.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", SessionForm(initial={"course": self.request.GET.get("course")}))
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                session = session_create(by=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, "Session scheduled.")
                return redirect("trainings:session-detail", pk=session.pk)
        return self.render_to_response(self.get_context_data(form=form))


class SessionObjectMixin(AccessRequiredMixin):
    def get_session(self) -> Session:
        try:
            return session_detail(
                pk=self.kwargs["pk"], user=self.request.user, today=timezone.localdate()
            )
        except Session.DoesNotExist as exc:
            raise Http404 from exc


class SessionDetailView(SessionObjectMixin, TemplateView):
    template_name = "trainings/session_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        session = self.get_session()
        people = people_enrollable_by(user=user)
        manager = manages_session(user, session)
        my_enrolment = (
            Enrolment.objects.filter(session=session, person=user)
            .exclude(status=Enrolment.Status.CANCELLED)
            .first()
        )
        slots = list(session.slots.all())
        total = sum((slot.hours for slot in slots), Decimal("0"))
        percent = completion_percent_for(organisation_id=user.organisation_id)
        return super().get_context_data(
            session=session,
            slots=slots,
            total_hours=total,
            completion_percent=percent,
            # Rounded up to the tenth: attending this many hours is always enough.
            hours_to_complete=(total * percent / 100).quantize(Decimal("0.1"), ROUND_CEILING),
            capacity_form=(
                CapacityForm(initial={"capacity": session.capacity}, session=session)
                if manager
                else None
            ),
            my_enrolment=my_enrolment,
            # Each agency's HR sees its own people in a network session (scoped roster).
            roster=session_roster(session=session) if records_attendance(user, session) else None,
            can_manage=manager,
            enrol_form=EnrolOtherForm(people=people, session=session) if people.exists() else None,
            is_open=session.status == Session.Status.SCHEDULED
            and session.enrolment_deadline >= timezone.localdate(),
            **kwargs,
        )


class SessionEnrolView(SessionObjectMixin, View):
    """Enrol oneself, or (supervisors and HR) someone else, in one step."""

    http_method_names = ["post"]

    def post(self, request, pk):
        session = self.get_session()
        person = request.user
        if request.POST.get("person"):
            form = EnrolOtherForm(request.POST, people=User.objects.all())
            if not form.is_valid():
                # An unknown or malformed id gets the service's answer for someone the
                # requester may not enrol, word for word and naming no one, so ids cannot
                # be tried one by one to learn who has an account.
                messages.error(request, NOT_YOURS_TO_ENROL)
                return redirect(next_url(request, session_url(session)))
            person = form.cleaned_data["person"]
        try:
            result = enrolment_create(session=session, person=person, by=request.user)
        except ApplicationError as exc:
            messages_add_errors(request, exc)
        else:
            who = "You are" if person == request.user else f"{person} is"
            if result.waitlisted:
                messages.info(request, f"{who} on the waitlist; we email when a seat opens.")
            else:
                messages.success(request, f"{who} enrolled in {session.course}.")
            for warning in result.warnings:
                messages.warning(request, warning)
        return redirect(next_url(request, session_url(session)))


def session_url(session: Session) -> str:
    return reverse("trainings:session-detail", args=[session.pk])


class SessionIcsView(SessionObjectMixin, View):
    def get(self, request, pk):
        session = self.get_session()
        body = session_ics(session=session, slots=list(session.slots.all()))
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="training-session-{pk}.ics"'
        return response


class SessionCancelView(SessionObjectMixin, View):
    permission_required = "trainings.manage_sessions"
    http_method_names = ["post"]

    def post(self, request, pk):
        session = self.get_session()
        try:
            session_cancel(session=session, by=request.user)
        except ApplicationError as exc:
            messages_add_errors(request, exc)
        else:
            messages.success(request, "Session cancelled; every place in it was released.")
        return redirect("trainings:session-detail", pk=pk)


class SessionUpdateView(SessionObjectMixin, TemplateView):
    """Change a session's place and days; its people are emailed when something changed."""

    permission_required = "trainings.manage_sessions"
    template_name = "trainings/session_edit.html"

    def get_session(self) -> Session:
        session = super().get_session()
        if not manages_session(self.request.user, session):
            raise PermissionDenied
        return session

    def get_context_data(self, **kwargs):
        session = kwargs.pop("session")
        if "form" not in kwargs:
            kwargs["form"] = SessionPlaceForm(
                initial={"location": session.location, "online_url": session.online_url}
            )
            kwargs["days"] = SessionDayFormSet(
                prefix="days",
                initial=[
                    {
                        "day": timezone.localtime(slot.starts_at).date(),
                        "starts": timezone.localtime(slot.starts_at).time(),
                        "ends": timezone.localtime(slot.ends_at).time(),
                    }
                    for slot in session.slots.all()
                ],
            )
        return super().get_context_data(session=session, day_helper=day_form_helper(), **kwargs)

    def get(self, request, pk):
        return self.render_to_response(self.get_context_data(session=self.get_session()))

    def post(self, request, pk):
        session = self.get_session()
        form = SessionPlaceForm(request.POST)
        days = SessionDayFormSet(request.POST, prefix="days")
        if form.is_valid() and days.is_valid():
            kept = [d for d in days.cleaned_data if d and not d.get("DELETE")]
            try:
                changed = session_update(
                    session=session,
                    by=request.user,
                    days=[Day(day=d["day"], starts=d["starts"], ends=d["ends"]) for d in kept],
                    **form.cleaned_data,
                )
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                if changed:
                    messages.success(
                        request, "Session changed; everyone enrolled or waitlisted is emailed."
                    )
                else:
                    messages.info(request, "Nothing changed.")
                return redirect("trainings:session-detail", pk=pk)
        return self.render_to_response(self.get_context_data(session=session, form=form, days=days))


class SessionCapacityView(SessionObjectMixin, View):
    """Change the seats; new seats go to the waitlist in order."""

    permission_required = "trainings.manage_sessions"
    http_method_names = ["post"]

    def post(self, request, pk):
        session = self.get_session()
        form = CapacityForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Give the number of seats: at least 1.")
            return redirect("trainings:session-detail", pk=pk)
        try:
            promoted = session_capacity_change(
                session=session, capacity=form.cleaned_data["capacity"], by=request.user
            )
        except ApplicationError as exc:
            messages_add_errors(request, exc)
        else:
            moved = len(promoted)
            messages.success(
                request,
                f"The session now has {form.cleaned_data['capacity']} seats."
                + (
                    f" {moved} {'person' if moved == 1 else 'people'} moved from the waitlist "
                    "to a seat and emailed."
                    if moved
                    else ""
                ),
            )
        return redirect("trainings:session-detail", pk=pk)


class SessionAttendanceView(SessionObjectMixin, TemplateView):
    permission_required = "trainings.manage_sessions"
    template_name = "trainings/session_attendance.html"

    def get_session(self) -> Session:
        session = super().get_session()
        if not records_attendance(self.request.user, session):
            raise PermissionDenied
        return session

    def get_context_data(self, **kwargs):
        session = self.get_session()
        slots = list(session.slots.all())
        roster = [
            e for e in session_roster(session=session) if e.status != Enrolment.Status.WAITLISTED
        ]
        posted = kwargs.pop("posted", None)
        rows = []
        for enrolment in roster:
            marks = {a.slot_id: a for a in enrolment.attendance.all()}
            cells = []
            for slot in slots:
                key = f"{enrolment.pk}-{slot.pk}"
                record = marks.get(slot.pk)
                status = record.status if record else ""
                hours = record.hours if record and record.status == "partial" else ""
                if posted is not None:
                    status = posted.get(f"status-{key}", "")
                    hours = posted.get(f"hours-{key}", "")
                cells.append({"key": key, "slot": slot, "status": status, "hours": hours})
            rows.append({"enrolment": enrolment, "cells": cells})
        return super().get_context_data(
            session=session, form=AttendanceForm(slots=slots, rows=rows), **kwargs
        )

    def post(self, request, pk):
        session = self.get_session()
        marks = {}
        for name, value in request.POST.items():
            if name.startswith("status-") and value:
                enrolment_id, _, slot_id = name.removeprefix("status-").partition("-")
                if not (enrolment_id.isdecimal() and slot_id.isdecimal()):
                    continue  # not a cell of this form: ignored, as forms ignore unknown fields
                marks[(int(enrolment_id), int(slot_id))] = Mark(
                    status=value, hours=request.POST.get(f"hours-{enrolment_id}-{slot_id}", "")
                )
        try:
            completed = attendance_record(session=session, marks=marks, by=request.user)
        except (ApplicationError, ValueError) as exc:
            messages_add_errors(request, exc)
            return self.render_to_response(self.get_context_data(posted=request.POST))
        messages.success(
            request,
            "Attendance saved."
            + (f" {len(completed)} completed the training." if completed else ""),
        )
        return redirect("trainings:session-attendance", pk=pk)


class EnrolmentCancelView(AccessRequiredMixin, TemplateView):
    """Asks first (a page of its own, so it works without JavaScript), then cancels."""

    template_name = "trainings/enrolment_cancel.html"

    def get_enrolment(self) -> Enrolment:
        enrolment = get_object_or_404(
            Enrolment.objects.select_related("person", "session__course"), pk=self.kwargs["pk"]
        )
        if not can_enrol(self.request.user, enrolment.person):
            raise Http404
        return enrolment

    def get_context_data(self, **kwargs):
        enrolment = self.get_enrolment()
        back = next_url(self.request, session_url(enrolment.session))
        return super().get_context_data(
            enrolment=enrolment,
            slots=list(enrolment.session.slots.all()),
            is_self=enrolment.person_id == self.request.user.pk,
            is_active=enrolment.status in (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED),
            back=back,
            **kwargs,
        )

    def post(self, request, pk):
        enrolment = self.get_enrolment()
        try:
            enrolment_cancel(enrolment=enrolment, by=request.user)
        except ApplicationError as exc:
            messages_add_errors(request, exc)
        else:
            messages.success(request, "Enrolment cancelled.")
        return redirect(next_url(request, session_url(enrolment.session)))
