"""Certificates and transcripts as PDF, declared to ``core.pdfs`` (which requests, renders,
stores and serves them) and registered in ``TrainingsConfig.ready()``."""

from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.pdfs import PdfExport

from .access import can_view_person
from .models import Enrolment, TrainingPdf
from .selectors import transcript_for


def _source(pdf: TrainingPdf) -> tuple[str, dict]:
    context = {"person": pdf.person, "agency_name": settings.AGENCY_NAME}
    if pdf.kind == TrainingPdf.Kind.CERTIFICATE:
        enrolment = Enrolment.objects.select_related("session__course__group").get(
            pk=pdf.enrolment_id
        )
        slots = list(enrolment.session.slots.all())
        context.update(
            enrolment=enrolment,
            course=enrolment.session.course,
            slots=slots,
            total_hours=sum((slot.hours for slot in slots), Decimal("0")),
        )
        return "trainings/pdf/certificate.html", context
    today = timezone.localdate()
    # A transcript is "as of" the agency's date, so one from yesterday is not reused today.
    context.update(transcript=transcript_for(person=pdf.person, today=today), prepared_on=today)
    return "trainings/pdf/transcript.html", context


def _file_name(pdf: TrainingPdf) -> str:
    name = pdf.person.get_full_name() or pdf.person.username
    if pdf.kind == TrainingPdf.Kind.CERTIFICATE:
        return f"{name} – {pdf.get_kind_display()} – {pdf.enrolment.session.course.title}.pdf"
    return f"{name} – {pdf.get_kind_display()} {timezone.localdate(pdf.requested_at):%Y-%m-%d}.pdf"


def _heading(pdf: TrainingPdf) -> str:
    heading = f"{pdf.get_kind_display()} for {pdf.person}"
    return f"{heading}: {pdf.enrolment.session.course}" if pdf.enrolment else heading


TRAINING_PDF = PdfExport(
    name="trainings",
    model=TrainingPdf,
    subject="person",
    source=_source,
    may_see=lambda user, pdf: can_view_person(user, pdf.person),
    file_name=_file_name,
    heading=_heading,
    back=lambda pdf: (
        reverse("trainings:transcript", args=[pdf.person_id]),
        "Back to the transcript",
    ),
    failed_note="The training record is unchanged; please try again later.",
    status_url="trainings:pdf-status",
    download_url="trainings:pdf-download",
    url_fields={"pk": "pk"},
    audited=lambda pdf: (pdf, pdf.get_kind_display()),
    related=("person", "enrolment__session__course"),
    identity=("kind", "enrolment"),
)
