"""Hand-off emails: recorded with the change that calls for them, sent once it commits
(or kept for the daily digest, as the person chose)."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_scopes import scopes_disabled

from ..models import Notice
from ..queueing import queue_after_commit
from .emails import email_build, email_context
from .preferences import notice_deliveries

Delivery = Notice.Delivery


def notice_queue(
    *,
    kind: str,
    recipients: Iterable,
    key: str,
    subject: str,
    template: str,
    context: dict,
    path: str,
) -> list[Notice]:
    """Tell each of ``recipients`` (people) of a hand-off of ``kind``, in the caller's
    transaction; returns the notices recorded.

    ``template`` (plain text) says what happened and what the person may do next; it is
    rendered now, for each person, with ``context``. Each notice's key is ``key`` and the
    person's id, so asking twice records one. Whoever wants ``kind`` at once gets it once
    the transaction commits (``core.tasks.send_notice``; the sweep queues it again if the
    message is lost); whoever wants a digest gets it in the next daily email. People
    without an email address, or named twice, are told once or not at all."""
    from ..tasks import send_notice

    people = {person.pk: person for person in recipients if person is not None and person.email}
    if not people:
        return []
    deliveries = notice_deliveries(person_ids=people, kind=kind)
    recorded = []
    for pk, person in people.items():
        body = render_to_string(template, {**context, **email_context(recipient=person)})
        notice, created = Notice.objects.get_or_create(
            key=f"{key}:to:{pk}"[:200],
            defaults={
                "kind": kind,
                "recipient": person,
                "delivery": deliveries[pk],
                "subject": subject[:300],
                "body": body.strip(),
                "path": path,
            },
        )
        if not created:
            continue
        recorded.append(notice)
        if notice.delivery == Delivery.IMMEDIATE:
            queue_after_commit(send_notice, *notice.task_args())
    return recorded


def notice_send(*, notice_id: int) -> bool:
    """Send one notice unless it was sent (or waits for the digest); True if this call sent it.

    The email and the record of its sending succeed or fail together, and two runs at
    once send it once: the second waits on the locked row and finds it sent."""
    with transaction.atomic():
        notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None or notice.sent_at is not None or notice.delivery != Delivery.IMMEDIATE:
            return False
        # The notice names its one recipient, who may work in another organisation than
        # whoever's change queued it (a network session's waitlist).
        with scopes_disabled():
            recipient = get_user_model().objects.get(pk=notice.recipient_id)
        if not recipient.email:
            return False
        notice_message(notice, recipient).send()
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
    return True


def notice_message(notice: Notice, recipient):
    """The email of one notice, with the one-click link to how ``recipient`` gets its kind."""
    return email_build(
        recipient=recipient,
        subject=notice.subject,
        template="core/email/notice",
        context={"body": notice.body, "path": notice.path},
        kind=notice.kind,
    )


def notice_hold(*, kind: str, recipient, key: str, subject: str, body: str, path: str) -> Notice:
    """Keep a hand-off already recorded by an app's own outbox for ``recipient``'s daily
    digest (they chose it for ``kind``); recorded once under ``key``."""
    notice, _ = Notice.objects.get_or_create(
        key=key[:200],
        defaults={
            "kind": kind,
            "recipient": recipient,
            "delivery": Delivery.DIGEST,
            "subject": subject[:300],
            "body": body.strip(),
            "path": path,
        },
    )
    return notice
