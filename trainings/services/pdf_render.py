"""Rendering certificates and transcripts with WeasyPrint; imported by the worker only."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from core.pdfs import pdf_bytes

from ..models import Enrolment, TrainingPdf
from ..selectors import transcript_for


def training_pdf_bytes(*, pdf: TrainingPdf) -> bytes:
    context = {
        "person": pdf.person,
        "agency_name": settings.AGENCY_NAME,
        "generated_at": timezone.localtime(),
    }
    if pdf.kind == TrainingPdf.Kind.CERTIFICATE:
        enrolment = Enrolment.objects.select_related("session__course__group").get(
            pk=pdf.enrolment_id
        )
        slots = list(enrolment.session.slots.all())
        context.update(enrolment=enrolment, course=enrolment.session.course, slots=slots)
        template = "trainings/pdf/certificate.html"
    else:
        context["transcript"] = transcript_for(person=pdf.person, today=timezone.localdate())
        template = "trainings/pdf/transcript.html"
    html = render_to_string(template, context)
    return pdf_bytes(html)
