"""Rendering certificates and transcripts with WeasyPrint, in the worker only; a web request
renders only the page's HTML, to fingerprint it (``core.pdfs.pdf_fingerprint``)."""

from django.conf import settings
from django.utils import timezone

from core.pdfs import pdf_bytes, pdf_fingerprint, pdf_html

from ..models import Enrolment, TrainingPdf
from ..selectors import transcript_for


def _source(*, kind: str, person, enrolment_id: int | None) -> tuple[str, dict]:
    context = {"person": person, "agency_name": settings.AGENCY_NAME}
    if kind == TrainingPdf.Kind.CERTIFICATE:
        enrolment = Enrolment.objects.select_related("session__course__group").get(pk=enrolment_id)
        slots = list(enrolment.session.slots.all())
        context.update(enrolment=enrolment, course=enrolment.session.course, slots=slots)
        return "trainings/pdf/certificate.html", context
    today = timezone.localdate()
    # A transcript is "as of" the agency's date, so one from yesterday is not reused today.
    context.update(transcript=transcript_for(person=person, today=today), prepared_on=today)
    return "trainings/pdf/transcript.html", context


def training_pdf_fingerprint(*, kind: str, person, enrolment_id: int | None) -> str:
    """What this certificate or transcript would show now, as a hash (see ``core.pdfs``)."""
    return pdf_fingerprint(*_source(kind=kind, person=person, enrolment_id=enrolment_id))


def training_pdf_bytes(*, pdf: TrainingPdf) -> bytes:
    template, context = _source(kind=pdf.kind, person=pdf.person, enrolment_id=pdf.enrolment_id)
    return pdf_bytes(pdf_html(template, context))
