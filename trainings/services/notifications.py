"""Event emails about enrolments, each sent at most once (``TrainingNotice`` is the record)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from ..models import Enrolment, TrainingNotice

SUBJECTS = {
    TrainingNotice.Kind.PROMOTED: "A seat opened up: you are enrolled in {course}",
}


def training_notify(*, enrolment_id: int, kind: str) -> bool:
    """Send one notice unless it was already sent; True if this call sent it.

    The record and the email succeed or fail together, so a retry after a failed
    send still sends it, and two runs at once send it once.
    """
    with transaction.atomic():
        enrolment = Enrolment.objects.select_related("person", "session__course").get(
            pk=enrolment_id
        )
        person = enrolment.person
        if not person.email:
            return False
        try:
            with transaction.atomic():
                TrainingNotice.objects.create(enrolment=enrolment, kind=kind)
        except IntegrityError:
            return False
        session = enrolment.session
        context = {
            "enrolment": enrolment,
            "session": session,
            "slots": list(session.slots.all()),
            "recipient": person,
            "url": settings.SITE_URL + reverse("trainings:session-detail", args=[session.pk]),
            "agency_name": settings.AGENCY_NAME,
        }
        message = EmailMultiAlternatives(
            subject=SUBJECTS[kind].format(course=session.course),
            body=render_to_string("trainings/email/promoted.txt", context),
            to=[person.email],
        )
        message.attach_alternative(
            render_to_string("trainings/email/promoted.html", context), "text/html"
        )
        message.send()
    return True
