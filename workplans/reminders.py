"""Reminders for work plans, for the daily job in ``core.reminders``: both people hear the
day before each follow-up meeting and in the week before the plan expires."""

from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse

from core.reminders import Reminder

from .models import FollowUpMeeting, WorkPlan

EXPIRY_NOTICE_DAYS = 7


def _name(user) -> str:
    return user.get_full_name() or user.username


def _reminders(plan, kind, day, subject) -> list[Reminder]:
    return [
        Reminder(
            # The day is part of the key: a moved meeting or end date is a new reminder.
            key=f"workplan:{plan.pk}:{kind}:{day}:{recipient.pk}",
            recipient=recipient,
            subject=subject,
            template="workplans/email/reminder",
            context={
                "plan": plan,
                "kind": kind,
                "day": day,
                "path": reverse("workplans:workplan-detail", args=[plan.pk]),
            },
        )
        for recipient in (plan.employee, plan.manager)
    ]


def pending(*, today: date) -> list[Reminder]:
    """Meetings tomorrow (or today, if yesterday's run was missed): those scheduled in
    section VII and those planned with a date. Plans ending within seven days."""
    tomorrow = today + timedelta(days=1)
    plans = list(
        WorkPlan.objects.filter(end_date__gte=today, start_date__lte=tomorrow)
        .filter(
            Q(meeting_every__isnull=False)
            | Q(end_date__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS))
            | Q(meetings__date__in=[today, tomorrow])
        )
        .distinct()
        .select_related("employee", "manager")
    )
    planned: dict[int, set] = {}
    for plan_id, day in FollowUpMeeting.objects.filter(
        plan__in=plans, date__in=[today, tomorrow]
    ).values_list("plan_id", "date"):
        planned.setdefault(plan_id, set()).add(day)
    reminders = []
    for plan in plans:
        days = planned.get(plan.pk, set()) | {
            d for d in plan.scheduled_meeting_dates() if d in (today, tomorrow)
        }
        for day in sorted(days):
            when = "today" if day == today else "tomorrow"
            subject = f"Work plan meeting {when}: {_name(plan.employee)} and {_name(plan.manager)}"
            reminders += _reminders(plan, "meeting", day, subject)
        if (plan.end_date - today).days <= EXPIRY_NOTICE_DAYS:
            subject = (
                f"The work plan for {_name(plan.employee)} expires on "
                f"{plan.end_date:%B} {plan.end_date.day}"
            )
            reminders += _reminders(plan, "expiry", plan.end_date, subject)
    return reminders
