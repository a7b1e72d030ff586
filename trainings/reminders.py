"""Scheduled training reminders, for the daily job in ``core.reminders``."""

from datetime import date, timedelta

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from core.reminders import Reminder
from people.models import User
from people.roles import Role

from .models import Enrolment, Session
from .selectors import day_start, flag_under_minimum, sessions_annotated

REMIND_DAYS_BEFORE = 2


def pending(*, today: date) -> list[Reminder]:
    """Two days before a session, everyone enrolled (or later, up to the day, if a run was
    missed); on the enrolment deadline, HR about a session below its minimum."""
    reminders = []
    sessions = flag_under_minimum(
        list(
            sessions_annotated()
            .filter(status=Session.Status.SCHEDULED)
            .filter(
                Q(
                    first_start__gte=day_start(today),
                    first_start__lt=day_start(today + timedelta(days=REMIND_DAYS_BEFORE + 1)),
                )
                | Q(enrolment_deadline=today)
            )
            # Joined, not a second prefetch: an IN list of thousands of people breaks
            # SQLite ("expression tree is too large") and costs PostgreSQL a round trip.
            .prefetch_related(
                Prefetch("enrolments", queryset=Enrolment.objects.select_related("person"))
            )
        ),
        today,
    )
    hr = None
    for session in sessions:
        if session.first_start is None:
            continue
        start = timezone.localdate(session.first_start)
        days = (start - today).days
        path = reverse("trainings:session-detail", args=[session.pk])
        if 0 <= days <= REMIND_DAYS_BEFORE:
            for enrolment in session.enrolments.all():
                if enrolment.status != Enrolment.Status.ENROLLED:
                    continue
                reminders.append(
                    Reminder(
                        key=f"training-session:{session.pk}:reminder:{start}:{enrolment.person_id}",
                        recipient=enrolment.person,
                        subject=f"Reminder: {session.course} starts {start:%A, %B} {start.day}",
                        template="trainings/email/reminder",
                        context={"session": session, "path": path, "start": start},
                    )
                )
        if session.under_minimum and session.enrolment_deadline == today:
            if hr is None:
                hr = list(User.objects.filter(groups__name=Role.HR, is_active=True))
            for person in hr:
                reminders.append(
                    Reminder(
                        key=(
                            f"training-session:{session.pk}:under-minimum:"
                            f"{session.enrolment_deadline}:{person.pk}"
                        ),
                        recipient=person,
                        subject=(
                            f"{session.course}: {session.enrolled_count} enrolled, "
                            f"minimum {session.minimum} — run or cancel?"
                        ),
                        template="trainings/email/under_minimum",
                        context={"session": session, "path": path},
                    )
                )
    return reminders
