"""Reminders for check-ins and onboarding items, for the daily job in ``core.reminders``."""

from datetime import date, timedelta

from django.urls import reverse

from core.reminders import Reminder

from .models import CheckInSchedule, Onboarding, OnboardingItem

ITEM_DUE_SOON_DAYS = 2


def _checkin_kind(due: date, today: date) -> str | None:
    days = (due - today).days
    return {1: "due_tomorrow", 0: "due_today"}.get(days) or ("overdue" if days < 0 else None)


def _item_kind(due: date, today: date) -> str | None:
    days = (due - today).days
    if days < 0:
        return "overdue"
    if days <= ITEM_DUE_SOON_DAYS:
        return "due_soon"
    return None


CHECKIN_SUBJECTS = {
    "due_tomorrow": "Check-in with {person} is due tomorrow",
    "due_today": "Check-in with {person} is due today",
    "overdue": "Check-in with {person} is overdue (was due {due})",
}
ITEM_SUBJECTS = {
    "due_soon": "Onboarding for {person}: “{text}” is due {due}",
    "overdue": "Onboarding for {person}: “{text}” is overdue (was due {due})",
}


def _name(user) -> str:
    return user.get_full_name() or user.username


def pending(*, today: date) -> list[Reminder]:
    """Supervisors: check-ins due tomorrow, today, or overdue. Assignees: open onboarding items
    due within two days or overdue. Each once per thing, kind and due date."""
    reminders = []
    schedules = CheckInSchedule.objects.filter(
        next_due__lte=today + timedelta(days=1)
    ).select_related("person", "supervisor")
    for schedule in schedules:
        kind = _checkin_kind(schedule.next_due, today)
        if kind is None:
            continue
        reminders.append(
            Reminder(
                key=f"checkin:{schedule.pk}:{kind}:{schedule.next_due}",
                recipient=schedule.supervisor,
                subject=CHECKIN_SUBJECTS[kind].format(
                    person=_name(schedule.person),
                    due=f"{schedule.next_due:%B} {schedule.next_due.day}",
                ),
                template="onboarding/email/checkin_due",
                context={
                    "schedule": schedule,
                    "kind": kind,
                    "path": reverse("onboarding:checkin-schedule-detail", args=[schedule.pk]),
                },
            )
        )
    items = OnboardingItem.objects.filter(
        status=OnboardingItem.Status.OPEN,
        onboarding__status=Onboarding.Status.ACTIVE,
        due_date__lte=today + timedelta(days=ITEM_DUE_SOON_DAYS),
    ).select_related("assignee", "onboarding__person")
    for item in items:
        kind = _item_kind(item.due_date, today)
        text = item.text if len(item.text) <= 60 else item.text[:57] + "…"
        reminders.append(
            Reminder(
                key=f"onboarding-item:{item.pk}:{kind}:{item.due_date}:{item.assignee_id}",
                recipient=item.assignee,
                subject=ITEM_SUBJECTS[kind].format(
                    person=_name(item.onboarding.person),
                    text=text,
                    due=f"{item.due_date:%B} {item.due_date.day}",
                ),
                template="onboarding/email/item_due",
                context={
                    "item": item,
                    "kind": kind,
                    "path": reverse("onboarding:onboarding-detail", args=[item.onboarding_id])
                    + f"#item-{item.pk}",
                },
            )
        )
    return reminders
