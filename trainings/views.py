import csv
from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from audit.services import audit_access
from core.access import AccessRequiredMixin
from people.models import User

from .access import can_enrol, can_view_person, manages_sessions
from .forms import EnrolOtherForm, SessionForm
from .ics import session_ics
from .models import Attendance, Enrolment, Session, TrainingPdf
from .rules import TrainingError
from .selectors import (
    courses_catalogue,
    flag_under_minimum,
    month_calendar,
    people_enrollable_by,
    session_detail,
    session_roster,
    suggested_trainings,
    transcript_for,
    upcoming_sessions,
)
from .services.attendance import Mark, attendance_record
from .services.enrolment import enrolment_cancel, enrolment_create
from .services.pdf import pdf_path, training_pdf_request
from .services.sessions import session_cancel, session_create


def _next_url(request, default: str) -> str:
    target = request.POST.get("next", "")
    # Only a path on this site: anything else (a bare word, a NUL) is not a page to go back to.
    if (
        target.startswith("/")
        and "\x00" not in target
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    ):
        return target
    return default


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
            except TrainingError as exc:
                form.add_error(None, str(exc))
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
        manager = manages_sessions(user)
        my_enrolment = (
            Enrolment.objects.filter(session=session, person=user)
            .exclude(status=Enrolment.Status.CANCELLED)
            .first()
        )
        return super().get_context_data(
            session=session,
            slots=list(session.slots.all()),
            my_enrolment=my_enrolment,
            roster=session_roster(session=session) if manager else None,
            can_manage=manager,
            enrol_form=EnrolOtherForm(people=people) if people.exists() else None,
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
            # The form reads the id: one that is not a number is unknown, as a missing one is.
            form = EnrolOtherForm(request.POST, people=User.objects.all())
            if not form.is_valid():
                raise Http404
            person = form.cleaned_data["person"]
        try:
            result = enrolment_create(session=session, person=person, by=request.user)
        except TrainingError as exc:
            messages.error(request, str(exc))
        else:
            who = "You are" if person == request.user else f"{person} is"
            if result.waitlisted:
                messages.info(request, f"{who} on the waitlist; we email when a seat opens.")
            else:
                messages.success(request, f"{who} enrolled in {session.course}.")
            for warning in result.warnings:
                messages.warning(request, warning)
        return redirect(_next_url(request, session_url(session)))


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
        except TrainingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Session cancelled; every place in it was released.")
        return redirect("trainings:session-detail", pk=pk)


class SessionAttendanceView(SessionObjectMixin, TemplateView):
    permission_required = "trainings.manage_sessions"
    template_name = "trainings/session_attendance.html"

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
            session=session, slots=slots, rows=rows, statuses=Attendance.Status.choices, **kwargs
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
        except (TrainingError, ValueError) as exc:
            messages.error(request, str(exc))
            return self.render_to_response(self.get_context_data(posted=request.POST))
        messages.success(
            request,
            "Attendance saved."
            + (f" {len(completed)} completed the training." if completed else ""),
        )
        return redirect("trainings:session-attendance", pk=pk)


class EnrolmentCancelView(AccessRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        enrolment = get_object_or_404(Enrolment.objects.select_related("person", "session"), pk=pk)
        if not can_enrol(request.user, enrolment.person):
            raise Http404
        try:
            enrolment_cancel(enrolment=enrolment, by=request.user)
        except TrainingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Enrolment cancelled.")
        return redirect(_next_url(request, session_url(enrolment.session)))


class PersonMixin(AccessRequiredMixin):
    def get_person(self) -> User:
        person = User.objects.select_related("profile").filter(pk=self.kwargs["user_pk"]).first()
        if person is None or not can_view_person(self.request.user, person):
            raise Http404
        return person


class TranscriptView(PersonMixin, TemplateView):
    template_name = "trainings/transcript.html"

    def get_context_data(self, **kwargs):
        person = self.get_person()
        transcript = transcript_for(person=person, today=timezone.localdate())
        certificates = {
            pdf.enrolment_id: pdf
            for pdf in TrainingPdf.objects.filter(
                person=person, kind=TrainingPdf.Kind.CERTIFICATE
            ).order_by("pk")
        }
        return super().get_context_data(
            person=person, transcript=transcript, certificates=certificates, **kwargs
        )


class TranscriptCsvView(PersonMixin, View):
    def get(self, request, user_pk):
        person = self.get_person()
        transcript = transcript_for(person=person, today=timezone.localdate())
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="transcript-{person.username}.csv"'
        writer = csv.writer(response)
        writer.writerow(["Course", "Group", "First day", "Last day", "Status", "Hours"])
        for e in transcript.completed + transcript.upcoming:
            writer.writerow(
                [
                    e.session.course.title,
                    e.session.course.group.title,
                    timezone.localdate(e.first_start) if e.first_start else "",
                    timezone.localdate(e.last_end) if e.last_end else "",
                    e.get_status_display(),
                    e.hours_credited,
                ]
            )
        writer.writerow(["Total hours", "", "", "", "", transcript.total])
        return response


class TranscriptPdfRequestView(PersonMixin, View):
    http_method_names = ["post"]

    def post(self, request, user_pk):
        person = self.get_person()
        pdf = training_pdf_request(kind=TrainingPdf.Kind.TRANSCRIPT, person=person, by=request.user)
        return redirect("trainings:pdf-status", pk=pdf.pk)


class CertificateRequestView(AccessRequiredMixin, View):
    """Asks again for a certificate whose rendering failed (completion asks the first time)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        enrolment = get_object_or_404(Enrolment.objects.select_related("person"), pk=pk)
        if not can_view_person(request.user, enrolment.person):
            raise Http404
        if enrolment.status != Enrolment.Status.COMPLETED:
            messages.error(request, "A certificate is available once the training is completed.")
            return redirect("trainings:transcript", user_pk=enrolment.person_id)
        pdf = training_pdf_request(
            kind=TrainingPdf.Kind.CERTIFICATE,
            person=enrolment.person,
            enrolment=enrolment,
            by=request.user,
        )
        return redirect("trainings:pdf-status", pk=pdf.pk)


class PdfMixin(AccessRequiredMixin):
    def get_pdf(self) -> TrainingPdf:
        pdf = TrainingPdf.objects.select_related("person", "enrolment__session__course").filter(
            pk=self.kwargs["pk"]
        )
        pdf = pdf.first()
        if pdf is None or not can_view_person(self.request.user, pdf.person):
            raise Http404
        return pdf


class TrainingPdfStatusView(PdfMixin, TemplateView):
    """Shows the PDF being prepared (htmx polls this) and offers the download when ready."""

    template_name = "trainings/pdf_status.html"

    def get_template_names(self):
        return ["trainings/_pdf_status.html"] if self.request.htmx else [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(pdf=self.get_pdf(), **kwargs)


class TrainingPdfDownloadView(PdfMixin, View):
    def get(self, request, pk):
        pdf = self.get_pdf()
        path = pdf_path(pdf) if pdf.status == TrainingPdf.Status.READY else None
        if path is None or not path.exists():
            raise Http404("The file is not available; ask for it again.")
        filename = f"{pdf.kind}-{pdf.person.username}-{pdf.pk}.pdf"
        audit_access(instance=pdf, kind="downloaded", detail=pdf.get_kind_display())
        return FileResponse(
            open(path, "rb"), as_attachment=True, filename=filename, content_type="application/pdf"
        )


class SuggestionsView(PersonMixin, TemplateView):
    """A supervisor's view of trainings suggested by the peer's latest evaluation."""

    template_name = "trainings/suggestions.html"

    def get_person(self) -> User:
        person = super().get_person()
        if person.pk == self.request.user.pk:
            raise Http404
        return person

    def get_context_data(self, **kwargs):
        person = self.get_person()
        evaluation, suggestions = suggested_trainings(peer=person, today=timezone.localdate())
        return super().get_context_data(
            person=person,
            evaluation=evaluation,
            suggestions=suggestions,
            can_enrol=can_enrol(self.request.user, person),
            **kwargs,
        )
