"""The daily reminder job: every app says what is due, this module sends each reminder once.

An app registers a function ``pending(*, today) -> list[Reminder]`` from its
``AppConfig.ready()`` (``register_reminder_source``); the people app says who still
works here (``register_recipients_at_work``). The job works in the agency's time zone
(``today`` is the local date), records each reminder before sending it, never sends a
recorded one again, and takes turns with any other run (a locked row), so running it
twice at once, or after a day of downtime, sends each reminder exactly once.

A person gets all their reminders in one email, not one email per item; the kinds they
want in the daily digest (reminders, by default) come in one email with the hand-offs
held for it (``core.notices``); a kind they turned off is not sent.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from .models import Notice, NoticePreference, ReminderLock, SentReminder
from .notices import email_build, notice_kind

Delivery = Notice.Delivery

logger = logging.getLogger(__name__)

# Each app's ``pending(*, today)``, in the order the apps are installed.
REMINDER_SOURCES: list[Callable[..., list["Reminder"]]] = []
# ``(*, pks, on) -> set`` of the ids among ``pks`` of people who work here on ``on``.
_at_work: Callable[..., set[int]] | None = None


def register_reminder_source(pending: Callable[..., list["Reminder"]]) -> None:
    """Add an app's ``pending(*, today)`` to the daily job (once, however often it is called)."""
    if pending not in REMINDER_SOURCES:
        REMINDER_SOURCES.append(pending)


def register_recipients_at_work(at_work: Callable[..., set[int]]) -> None:
    """Say who may still get a reminder: ``at_work(*, pks, on)`` answers with the ids
    among ``pks`` of people who work here on ``on``."""
    global _at_work
    _at_work = at_work


def _recipients_at_work(pks: Collection[int], *, today: date) -> set[int]:
    # Refusing beats guessing: without the answer, someone who has left would be written to.
    if _at_work is None:
        raise ImproperlyConfigured(
            "No app registered who works here (register_recipients_at_work)."
        )
    return _at_work(pks=pks, on=today)


@dataclass
class Reminder:
    """One reminder about one thing, of one kind, for one day."""

    key: str
    recipient: object  # people.models.User
    subject: str
    template: str  # renders with ``context`` to .txt and .html
    context: dict
    # The kind a person chooses how to get (``core.notices``); by default the app's
    # reminders are one kind, "<app label>.reminders" (the template's folder).
    kind: str = ""

    def __post_init__(self):
        if not self.kind:
            self.kind = self.template.split("/", 1)[0] + ".reminders"

    @property
    def path(self) -> str:
        return self.context.get("path", "")

    def describe(self, *, show_recipient: bool = False) -> str:
        """The reminder for a job's output: its key and the recipient's id by default.

        Subjects name people and addresses are personal data; output goes into cron mail
        and log collectors, so they appear only when an operator asks for them."""
        if show_recipient:
            return f"{self.recipient.email or self.recipient.username}: {self.subject}"
        return f"{self.key} to person #{self.recipient.pk}"

    def message(self, connection=None) -> EmailMultiAlternatives:
        message = email_build(
            recipient=self.recipient,
            subject=self.subject,
            template=self.template,
            context=self.context,
            kind=self.kind,
        )
        message.connection = connection
        return message


@dataclass
class _Email:
    """One email of the daily run: the reminders and held notices it carries."""

    recipient: object
    reminders: list[Reminder]
    notices: list[Notice]
    message: EmailMultiAlternatives = field(init=False)

    def __post_init__(self):
        if len(self.reminders) == 1 and not self.notices:
            self.message = self.reminders[0].message()
            return
        count = len(self.reminders) + len(self.notices)
        if self.notices:
            subject = f"Your daily digest from PeerWorks: {count} {_things(count)} for you"
            intro = (
                "Here is what came your way since your last digest, and what is due, "
                "in one email as you chose."
            )
        else:
            subject = f"{count} reminders from PeerWorks for today"
            intro = "Here is what is due, in one email."
        items = [{"subject": n.subject, "body": n.body, "path": n.path} for n in self.notices]
        items += [{"subject": r.subject, "body": "", "path": r.path} for r in self.reminders]
        self.message = email_build(
            recipient=self.recipient,
            subject=subject,
            template="core/email/digest",
            context={"intro": intro, "items": items},
        )


def _things(count: int) -> str:
    return "thing" if count == 1 else "things"


def _deliveries(reminders: list[Reminder], notices: list[Notice]) -> dict[tuple[int, str], str]:
    """How each recipient wants each kind among ``reminders`` (their choice or its default)."""
    people = {r.recipient.pk for r in reminders} | {n.recipient_id for n in notices}
    chosen = {
        (person, kind): delivery
        for person, kind, delivery in NoticePreference.objects.filter(
            person_id__in=people
        ).values_list("person_id", "kind", "delivery")
    }
    defaults = {r.kind: notice_kind(r.kind).default for r in reminders}
    return {
        (r.recipient.pk, r.kind): chosen.get((r.recipient.pk, r.kind), defaults[r.kind])
        for r in reminders
    }


def pending_reminders(*, today: date) -> list[Reminder]:
    """Every reminder due today that has not been sent, across all apps, to people who
    still work here (someone who has left gets none, whatever a source lists) and who
    have not turned that kind of reminder off."""
    reminders = [r for pending in REMINDER_SOURCES for r in pending(today=today)]
    employed = _recipients_at_work({r.recipient.pk for r in reminders}, today=today)
    reminders = [r for r in reminders if r.recipient.email and r.recipient.pk in employed]
    deliveries = _deliveries(reminders, [])
    reminders = [r for r in reminders if deliveries[r.recipient.pk, r.kind] != Delivery.OFF]
    sent = set(
        SentReminder.objects.filter(key__in=[r.key for r in reminders]).values_list(
            "key", flat=True
        )
    )
    unique = {r.key: r for r in reminders if r.key not in sent}
    return list(unique.values())


def _held_notices(*, today: date) -> list[Notice]:
    """Hand-offs kept for the digest of people who still work here."""
    held = list(
        Notice.objects.filter(delivery=Delivery.DIGEST, sent_at__isnull=True).select_related(
            "recipient"
        )
    )
    employed = _recipients_at_work({n.recipient_id for n in held}, today=today)
    return [n for n in held if n.recipient_id in employed and n.recipient.email]


def _emails(reminders: list[Reminder], notices: list[Notice]) -> list[_Email]:
    """At most two emails a person: the reminders they want by themselves, all in one;
    and their digest (the reminders they want there, with their held hand-offs)."""
    deliveries = _deliveries(reminders, notices)
    people: dict[int, object] = {}
    alone: dict[int, list[Reminder]] = defaultdict(list)
    digest: dict[int, list[Reminder]] = defaultdict(list)
    held: dict[int, list[Notice]] = defaultdict(list)
    for reminder in reminders:
        pk = reminder.recipient.pk
        people.setdefault(pk, reminder.recipient)
        wanted = deliveries[pk, reminder.kind]
        (alone if wanted == Delivery.IMMEDIATE else digest)[pk].append(reminder)
    for notice in notices:
        people.setdefault(notice.recipient_id, notice.recipient)
        held[notice.recipient_id].append(notice)
    emails = []
    for pk, person in people.items():
        if alone[pk]:
            emails.append(_Email(person, alone[pk], []))
        if digest[pk] or held[pk]:
            emails.append(_Email(person, digest[pk], held[pk]))
    return emails


def _forget(email: _Email) -> None:
    # Not delivered: what it carried is left to the next run (or a retry).
    SentReminder.objects.filter(key__in=[r.key for r in email.reminders]).delete()
    Notice.objects.filter(pk__in=[n.pk for n in email.notices]).update(sent_at=None)


# The daily job runs across organisations: each email goes to its one recipient, about
# their own work. The system job, not anyone's request, so no scope.
@scopes_disabled()
def send_daily_reminders(*, today: date, dry_run: bool = False) -> list[Reminder]:
    """Send (or, with ``dry_run``, only list) every pending reminder, one email per person
    for all their reminders, and each digest with the hand-offs held for it; returns the
    reminders sent."""
    if dry_run:
        return pending_reminders(today=today)
    with transaction.atomic():
        lock, _ = ReminderLock.objects.get_or_create(name="daily")
        ReminderLock.objects.select_for_update().get(pk=lock.pk)
        # Read again under the lock: a run that held it before us has recorded its sends.
        reminders = pending_reminders(today=today)
        notices = _held_notices(today=today)
        # Every email is rendered before any is recorded: rendering reads the database, and
        # if that fails (PostgreSQL restarting) nothing must be left recorded but unsent.
        emails = _emails(reminders, notices)
        SentReminder.objects.bulk_create(
            [
                SentReminder(key=r.key, recipient=r.recipient, subject=r.subject[:300])
                for r in reminders
            ]
        )
        Notice.objects.filter(pk__in=[n.pk for n in notices]).update(sent_at=timezone.now())
    sent = []
    connection = get_connection()
    try:
        connection.open()
    except OSError:
        # The mail server is unreachable: nothing went out, so nothing stays recorded;
        # the task retries.
        for email in emails:
            _forget(email)
        raise
    with connection:
        for email in emails:
            email.message.connection = connection
            try:
                email.message.send()
            except OSError as exc:
                # The error's text is left out: a refused recipient's error holds the address.
                logger.warning(
                    "Reminder %s to person #%s not delivered (%s); will retry",
                    ", ".join(r.key for r in email.reminders) or "digest",
                    email.recipient.pk,
                    type(exc).__name__,
                )
                _forget(email)
            else:
                sent.extend(email.reminders)
    return sent
