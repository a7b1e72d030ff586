"""Event emails about enrolments, each sent at most once (``TrainingNotice`` is the record)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.queueing import queue_after_commit

from ..models import Enrolment, TrainingNotice

SUBJECTS = {
    TrainingNotice.Kind.PROMOTED: "A seat opened up: you are enrolled in {course}",
}


def training_notice_queue(*, enrolment_id: int, kind: str) -> None:
    """Record a notice as due, in the caller's transaction, and send it once that commits
    (the record is the outbox, as for evaluation notices)."""
    from ..tasks import send_training_notice

    # A seat freed in a network session may go to someone of another organisation: the
    # notice is theirs, sent to them alone, so it looks past the scope of whoever freed it.
    if not Enrolment.all_organisations.filter(pk=enrolment_id).exclude(person__email="").exists():
        return
    notice, created = TrainingNotice.objects.get_or_create(enrolment_id=enrolment_id, kind=kind)
    if created:
        queue_after_commit(send_training_notice, *notice.task_args())


def training_notify(*, enrolment_id: int, kind: str) -> bool:
    """Send one notice unless it was already sent; True if this call sent it.

    The email and the record of its sending succeed or fail together, so a retry after a
    failed send still sends it, and two runs at once send it once.
    """
    with transaction.atomic():
        enrolment = Enrolment.all_organisations.select_related("person", "session__course").get(
            pk=enrolment_id
        )
        person = enrolment.person
        if not person.email:
            return False
        notice, _ = TrainingNotice.objects.select_for_update().get_or_create(
            enrolment=enrolment, kind=kind
        )
        if notice.sent_at is not None:
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
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
    return True
