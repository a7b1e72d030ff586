"""The daily reminder job: every app says what is due, this module sends each reminder once.

An app registers a function ``pending(*, today) -> list[Reminder]`` from its
``AppConfig.ready()`` (``register_reminder_source``); the people app says who still
works here (``register_recipients_at_work``). The job works in the agency's time zone
(``today`` is the local date), records each reminder before sending it, never sends a
recorded one again, and takes turns with any other run (a locked row), so running it
twice at once, or after a day of downtime, sends each reminder exactly once.
"""

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django_scopes import scopes_disabled

from .models import ReminderLock, SentReminder

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
    """One email about one thing, of one kind, for one day."""

    key: str
    recipient: object  # people.models.User
    subject: str
    template: str  # renders with ``context`` to .txt and .html
    context: dict

    def describe(self, *, show_recipient: bool = False) -> str:
        """The reminder for a job's output: its key and the recipient's id by default.

        Subjects name people and addresses are personal data; output goes into cron mail
        and log collectors, so they appear only when an operator asks for them."""
        if show_recipient:
            return f"{self.recipient.email or self.recipient.username}: {self.subject}"
        return f"{self.key} to person #{self.recipient.pk}"

    def message(self, connection=None) -> EmailMultiAlternatives:
        context = {
            **self.context,
            "recipient": self.recipient,
            "agency_name": settings.AGENCY_NAME,
            "site_url": settings.SITE_URL,
        }
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=render_to_string(f"{self.template}.txt", context),
            to=[self.recipient.email],
            connection=connection,
        )
        message.attach_alternative(render_to_string(f"{self.template}.html", context), "text/html")
        return message


def pending_reminders(*, today: date) -> list[Reminder]:
    """Every reminder due today that has not been sent, across all apps, to people who
    still work here (someone who has left gets none, whatever a source lists)."""
    reminders = [r for pending in REMINDER_SOURCES for r in pending(today=today)]
    employed = _recipients_at_work({r.recipient.pk for r in reminders}, today=today)
    reminders = [r for r in reminders if r.recipient.email and r.recipient.pk in employed]
    sent = set(
        SentReminder.objects.filter(key__in=[r.key for r in reminders]).values_list(
            "key", flat=True
        )
    )
    unique = {r.key: r for r in reminders if r.key not in sent}
    return list(unique.values())


# The daily job runs across organisations: each reminder goes to its one recipient, about
# their own work. The system job, not anyone's request, so no scope.
@scopes_disabled()
def send_daily_reminders(*, today: date, dry_run: bool = False) -> list[Reminder]:
    """Send (or, with ``dry_run``, only list) every pending reminder; returns them."""
    if dry_run:
        return pending_reminders(today=today)
    with transaction.atomic():
        lock, _ = ReminderLock.objects.get_or_create(name="daily")
        ReminderLock.objects.select_for_update().get(pk=lock.pk)
        # Read again under the lock: a run that held it before us has recorded its sends.
        reminders = pending_reminders(today=today)
        # Every email is rendered before any is recorded: rendering reads the database, and
        # if that fails (PostgreSQL restarting) nothing must be left recorded but unsent.
        messages = [reminder.message() for reminder in reminders]
        SentReminder.objects.bulk_create(
            [
                SentReminder(key=r.key, recipient=r.recipient, subject=r.subject[:300])
                for r in reminders
            ]
        )
    sent = []
    connection = get_connection()
    try:
        connection.open()
    except OSError:
        # The mail server is unreachable: nothing went out, so nothing stays recorded;
        # the task retries.
        SentReminder.objects.filter(key__in=[r.key for r in reminders]).delete()
        raise
    with connection:
        for reminder, message in zip(reminders, messages, strict=True):
            message.connection = connection
            try:
                message.send()
            except OSError as exc:
                # Not delivered: forget it so tomorrow's run (or a retry) sends it. The
                # error's text is left out: a refused recipient's error holds the address.
                logger.warning(
                    "Reminder %s to person #%s not delivered (%s); will retry",
                    reminder.key,
                    reminder.recipient.pk,
                    type(exc).__name__,
                )
                SentReminder.objects.filter(key=reminder.key).delete()
            else:
                sent.append(reminder)
    return sent
