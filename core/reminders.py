"""The daily reminder job: every app says what is due, this module sends each reminder once.

An app contributes a function ``pending(*, today) -> list[Reminder]`` listed in
``REMINDER_SOURCES``. The job works in the agency's time zone (``today`` is the
local date), records each reminder before sending it, never sends a recorded
one again, and takes turns with any other run (a locked row), so running it
twice at once, or after a day of downtime, sends each reminder exactly once.
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django_scopes import scopes_disabled

from .models import ReminderLock, SentReminder

logger = logging.getLogger(__name__)

REMINDER_SOURCES = [
    "evaluations.reminders.pending",
    "trainings.reminders.pending",
    "onboarding.reminders.pending",
    "workplans.reminders.pending",
]


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
    from people.models import User
    from people.selectors import employed_q

    reminders = [r for source in REMINDER_SOURCES for r in import_string(source)(today=today)]
    employed = set(
        User.objects.filter(
            employed_q(on=today), pk__in={r.recipient.pk for r in reminders}
        ).values_list("pk", flat=True)
    )
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
