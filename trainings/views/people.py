"""A person's trainings: transcript, certificates, suggestions (their PDFs: ``..pdf``)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from core.access import AccessRequiredMixin
from core.pdfs import pdf_request
from core.spreadsheets import csv_response
from people.models import User

from ..access import can_enrol, can_see_suggestions, can_view_person
from ..models import Enrolment, TrainingPdf
from ..pdf import TRAINING_PDF
from ..selectors import transcript_for
from ..suggestions import suggested_trainings


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
        response, writer = csv_response(filename=f"transcript-{person.username}.csv")
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
        pdf = pdf_request(
            export=TRAINING_PDF,
            by=request.user,
            kind=TrainingPdf.Kind.CERTIFICATE,
            person=enrolment.person,
            enrolment=enrolment,
        )
        return redirect("trainings:pdf-status", pk=pdf.pk)


class SuggestionsView(PersonMixin, TemplateView):
    """A supervisor's view of trainings suggested by the peer's latest evaluation."""

    template_name = "trainings/suggestions.html"

    def get_person(self) -> User:
        person = super().get_person()
        if not can_see_suggestions(self.request.user, person):
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
