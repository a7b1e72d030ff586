"""Emails about sessions and places in them, each sent at most once.

A seat from the waitlist is recorded in this app's outbox (``TrainingNotice``); a session
cancelled or changed in core's (``core.notices``), one notice for each person enrolled
or waitlisted. Core builds every email, with the link to how the person gets training
emails; a person who chose the daily digest finds it there."""

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.models import Notice
from core.notices import email_build, notice_deliveries, notice_hold, notice_queue
from core.queueing import queue_after_commit

from ..models import Enrolment, Session, TrainingNotice

# The kind a person chooses how to get, on their settings page.
HANDOFFS = "trainings.handoffs"

SUBJECTS = {
    TrainingNotice.Kind.PROMOTED: "A seat opened up: you are enrolled in {course}",
    "cancelled": "Cancelled: {course}",
    "changed": "Changed: {course}",
}


def _path(session: Session) -> str:
    return reverse("trainings:session-detail", args=[session.pk])


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
    """Send one notice unless it was already sent; True if this call sent it (or handed
    it to the person's daily digest, as they chose).

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
        subject = SUBJECTS[kind].format(course=session.course)
        body = render_to_string(
            "trainings/email/session_body.txt",
            {"kind": kind, "session": session, "slots": list(session.slots.all())},
        ).strip()
        wanted = notice_deliveries(person_ids=[person.pk], kind=HANDOFFS)[person.pk]
        if wanted == Notice.Delivery.DIGEST:
            notice_hold(
                kind=HANDOFFS,
                recipient=person,
                key=f"training-notice:{notice.pk}",
                subject=subject,
                body=body,
                path=_path(session),
            )
        else:
            email_build(
                recipient=person,
                subject=subject,
                template="core/email/notice",
                context={"body": body, "path": _path(session)},
                kind=HANDOFFS,
            ).send()
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
    return True


def session_handoff_queue(*, session: Session, event: str, by, round: int = 0) -> None:
    """Tell everyone enrolled or waitlisted in ``session`` that it is cancelled, or that
    its dates, times or place changed (``event``: "cancelled" or "changed"), in the
    caller's transaction; called before a cancellation releases the places. ``round``
    tells one change from the next.

    A network session's people may work in other organisations: the places are read
    across organisations, and each notice goes to its one person."""
    places = Enrolment.all_organisations.filter(
        session=session, status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED]
    ).select_related("person")
    notice_queue(
        kind=HANDOFFS,
        recipients=[place.person for place in places if place.person_id != by.pk],
        key=f"session:{session.pk}:{event}:{round}",
        subject=SUBJECTS[event].format(course=session.course),
        template="trainings/email/session_body.txt",
        context={"kind": event, "session": session, "slots": list(session.slots.all())},
        path=_path(session),
    )
