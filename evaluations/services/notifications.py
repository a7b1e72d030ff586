"""Emails about evaluations, each sent at most once (``EvaluationNotice`` is the record)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.queueing import queue_after_commit
from people.models import User

from ..models import Evaluation, EvaluationNotice

Kind = EvaluationNotice.Kind

SUBJECTS = {
    Kind.SUBMITTED: "Your evaluation is ready for you to read and sign",
    Kind.ACKNOWLEDGED: "{peer} has acknowledged their evaluation",
    Kind.PDF_FAILED: "The PDF of {peer}'s evaluation could not be prepared",
    Kind.AMENDED: "Your evaluation was amended: please read and sign the new version",
}


def _message(evaluation: Evaluation, kind: str, recipient: User) -> EmailMultiAlternatives:
    context = {
        "evaluation": evaluation,
        "kind": kind,
        "recipient": recipient,
        "url": settings.SITE_URL + reverse("evaluations:evaluation-detail", args=[evaluation.pk]),
        "agency_name": settings.AGENCY_NAME,
    }
    subject = SUBJECTS[kind].format(
        peer=evaluation.peer.get_full_name() or evaluation.peer.get_username(),
        due=f"{evaluation.due_date:%B} {evaluation.due_date.day}",
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("evaluations/email/notice.txt", context),
        to=[recipient.email],
    )
    message.attach_alternative(
        render_to_string("evaluations/email/notice.html", context), "text/html"
    )
    return message


def evaluation_notice_queue(*, evaluation_id: int, kind: str, recipient_id: int, round: int = 0):
    """Record a notice as due, in the caller's transaction, and send it once that commits.

    The record is the outbox: if the message is lost (Redis restarted), the notice is
    still unsent in the database and ``core.queueing.notices_requeue_unsent`` queues it
    again. Nobody to write to (no email address): nothing is recorded."""
    from ..tasks import send_evaluation_notice

    if not User.objects.filter(pk=recipient_id).exclude(email="").exists():
        return
    notice, created = EvaluationNotice.objects.get_or_create(
        evaluation_id=evaluation_id, kind=kind, recipient_id=recipient_id, round=round
    )
    if created:
        queue_after_commit(send_evaluation_notice, *notice.task_args())


def evaluation_notify(*, evaluation_id: int, kind: str, recipient_id: int, round: int = 0) -> bool:
    """Send one notice unless it was already sent; True if this call sent it.

    The email and the record of its sending succeed or fail together: if sending
    fails, the notice stays unsent and a retry sends it. Two runs at once cannot
    both send it: the second waits on the locked record and finds it sent.
    """
    with transaction.atomic():
        evaluation = Evaluation.objects.select_related("peer", "supervisor").get(pk=evaluation_id)
        recipient = User.objects.get(pk=recipient_id)
        if not recipient.email:
            return False
        notice, _ = EvaluationNotice.objects.select_for_update().get_or_create(
            evaluation=evaluation, kind=kind, recipient=recipient, round=round
        )
        if notice.sent_at is not None:
            return False
        _message(evaluation, kind, recipient).send()
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
    return True
