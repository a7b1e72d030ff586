"""Reminders for the action plan, for the daily job in ``core.reminders``: an action's
owner hears a week before it is due, and on the day it falls due."""

from datetime import date, timedelta

from django.urls import reverse

from core.reminders import Reminder

from .models import Action

NOTICE_DAYS = 7


def pending(*, today: date) -> list[Reminder]:
    """Actions not done, due today or in a week (the day is in the key: a moved due date
    is a new reminder)."""
    days = {today: "today", today + timedelta(days=NOTICE_DAYS): "in a week"}
    actions = (
        Action.objects.filter(due_date__in=list(days))
        .exclude(status=Action.Status.DONE)
        .select_related("owner", "cycle")
    )
    return [
        Reminder(
            key=f"readiness-action:{action.pk}:{action.due_date}:{action.owner_id}",
            recipient=action.owner,
            subject=f"An action is due {days[action.due_date]}: {action.text[:60]}",
            template="readiness/email/action_reminder",
            context={
                "action": action,
                "when": days[action.due_date],
                "path": reverse("readiness:cycle-actions", args=[action.cycle_id]),
            },
        )
        for action in actions
    ]
