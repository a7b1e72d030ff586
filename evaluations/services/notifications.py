"""Emails about evaluations, each sent at most once.

Submission, acknowledgement, an amendment to sign and a failed PDF are recorded in this
app's outbox (``EvaluationNotice``); the other hand-offs (finalized, taken back, amended
by someone other than the supervisor) in core's (``core.notices``). Either way the email
is built by core, with the link to how the person gets evaluation emails, and a person
who chose the daily digest finds it there."""

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.models import Notice
from core.notices import email_build, notice_deliveries, notice_hold, notice_queue
from core.queueing import queue_after_commit
from people.models import User

from ..models import Evaluation, EvaluationNotice

Kind = EvaluationNotice.Kind

# The kind a person chooses how to get, on their settings page.
HANDOFFS = "evaluations.handoffs"

SUBJECTS = {
    Kind.SUBMITTED: "Your evaluation is ready for you to read and sign",
    Kind.ACKNOWLEDGED: "{peer} has acknowledged their evaluation",
    Kind.PDF_FAILED: "The PDF of {peer}'s evaluation could not be prepared",
    Kind.AMENDED: "Your evaluation was amended: please read and sign the new version",
    "finalized": "{peer}'s evaluation is finalized",
    "taken_back": "{peer}'s evaluation was taken back to draft",
    "amended_by_other": "{peer}'s finalized evaluation was amended",
}


def _subject(evaluation: Evaluation, kind: str) -> str:
    return SUBJECTS[kind].format(
        peer=evaluation.peer.get_full_name() or evaluation.peer.get_username()
    )


def _path(evaluation: Evaluation) -> str:
    return reverse("evaluations:evaluation-detail", args=[evaluation.pk])


def _body(evaluation: Evaluation, kind: str, recipient: User, by=None) -> str:
    context = {"evaluation": evaluation, "kind": kind, "recipient": recipient, "by": by}
    return render_to_string("evaluations/email/notice_body.txt", context).strip()


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
    """Send one notice unless it was already sent; True if this call sent it (or, for a
    person who chose the daily digest, handed it to their digest).

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
        body = _body(evaluation, kind, recipient)
        # A failed PDF answers the person's own request: it is no hand-off, so it comes at once.
        handoff = kind != Kind.PDF_FAILED
        wanted = notice_deliveries(person_ids=[recipient.pk], kind=HANDOFFS)[recipient.pk]
        if handoff and wanted == Notice.Delivery.DIGEST:
            notice_hold(
                kind=HANDOFFS,
                recipient=recipient,
                key=f"evaluation-notice:{notice.pk}",
                subject=_subject(evaluation, kind),
                body=body,
                path=_path(evaluation),
            )
        else:
            email_build(
                recipient=recipient,
                subject=_subject(evaluation, kind),
                template="core/email/notice",
                context={"body": body, "path": _path(evaluation)},
                kind=HANDOFFS if handoff else None,
            ).send()
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
    return True


def evaluation_handoff_queue(*, evaluation: Evaluation, event: str, by, round: int = 0) -> None:
    """Tell who acts next that ``evaluation`` was finalized, taken back or amended by ``by``
    (in the caller's transaction; sent once it commits, or kept for a digest).

    Finalized: the peer (it is now their record; they may download it), and the supervisor
    if someone else finalized it. Taken back: the peer, whose signature is no longer asked
    for. Amended: the supervisor, when someone else amended it (the peer is asked to sign
    the amended version by ``Kind.AMENDED``). Never the person who made the change."""
    if event == "finalized":
        recipients = [evaluation.peer, evaluation.supervisor]
    elif event == "taken_back":
        recipients = [evaluation.peer]
    elif event == "amended":
        event, recipients = "amended_by_other", [evaluation.supervisor]
    else:
        raise ValueError(f"No hand-off email for {event!r}")
    recipients = [person for person in recipients if person is not None and person.pk != by.pk]
    notice_queue(
        kind=HANDOFFS,
        recipients=recipients,
        key=f"evaluation:{evaluation.pk}:{event}:{round}",
        subject=_subject(evaluation, event),
        template="evaluations/email/notice_body.txt",
        context={"evaluation": evaluation, "kind": event, "by": by},
        path=_path(evaluation),
    )
