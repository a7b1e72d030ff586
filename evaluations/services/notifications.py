"""Emails about evaluations, each sent at most once (``EvaluationNotice`` is the record)."""

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
    Kind.PDF_FAILED: "The PDF of {peer}'s evaluation could not be prepared",
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
