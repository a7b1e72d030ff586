"""Emails about evaluations, each sent at most once (``EvaluationNotice`` is the record)."""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from people.models import User

from ..models import Evaluation, EvaluationNotice

Kind = EvaluationNotice.Kind

SUBJECTS = {
    Kind.SUBMITTED: "Your evaluation is ready for you to read and sign",
    Kind.ACKNOWLEDGED: "{peer} has acknowledged their evaluation",
    Kind.DUE_SOON: "Evaluation of {peer} is due on {due}",
    Kind.DUE_TODAY: "Evaluation of {peer} is due today",
    Kind.OVERDUE: "Evaluation of {peer} is overdue (was due {due})",
    Kind.PDF_FAILED: "The PDF of {peer}'s evaluation could not be prepared",
}
DUE_SOON_DAYS = 3


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


def evaluation_notify(*, evaluation_id: int, kind: str, recipient_id: int, round: int = 0) -> bool:
    """Send one notice unless it was already sent; True if this call sent it.

    The record and the email succeed or fail together: if sending fails, no
    record is kept and a retry sends it. Two runs at once cannot both send it:
    the second waits on the unique record and finds it taken.
    """
    with transaction.atomic():
        evaluation = Evaluation.objects.select_related("peer", "supervisor").get(pk=evaluation_id)
        recipient = User.objects.get(pk=recipient_id)
        if not recipient.email:
            return False
        try:
            with transaction.atomic():
                EvaluationNotice.objects.create(
                    evaluation=evaluation, kind=kind, recipient=recipient, round=round
                )
        except IntegrityError:
            return False
        _message(evaluation, kind, recipient).send()
    return True


def due_kind(due_date: date, today: date) -> str | None:
    days = (due_date - today).days
    if days < 0:
        return Kind.OVERDUE
    if days == 0:
        return Kind.DUE_TODAY
    if days <= DUE_SOON_DAYS:
        return Kind.DUE_SOON
    return None


def due_reminders_pending(*, today: date) -> list[tuple[Evaluation, str, int]]:
    """(evaluation, kind, recipient id) for every due-date reminder not yet sent.

    The supervisor hears about every unfinished evaluation; the peer only when
    it waits for their signature. A missed day is caught up: "due soon" covers
    the three days before, and "overdue" is sent once whenever it is noticed.
    """
    candidates = list(
        Evaluation.objects.exclude(state=Evaluation.State.FINALIZED)
        .filter(due_date__lte=today + timedelta(days=DUE_SOON_DAYS))
        .select_related("peer", "supervisor")
    )
    sent = set(
        EvaluationNotice.objects.filter(
            evaluation__in=[e.pk for e in candidates],
            kind__in=[Kind.DUE_SOON, Kind.DUE_TODAY, Kind.OVERDUE],
        ).values_list("evaluation_id", "kind", "recipient_id")
    )
    pending = []
    for evaluation in candidates:
        kind = due_kind(evaluation.due_date, today)
        recipients = [evaluation.supervisor_id]
        if evaluation.state == Evaluation.State.SUBMITTED:
            recipients.append(evaluation.peer_id)
        pending += [
            (evaluation, kind, r) for r in recipients if (evaluation.pk, kind, r) not in sent
        ]
    return pending


def evaluation_due_reminders(*, today: date) -> int:
    """Send every pending due-date reminder; returns how many were sent."""
    return sum(
        evaluation_notify(evaluation_id=e.pk, kind=kind, recipient_id=r)
        for e, kind, r in due_reminders_pending(today=today)
    )
