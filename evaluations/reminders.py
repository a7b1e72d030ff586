"""Due-date reminders for evaluations, for the daily job in ``core.reminders``."""

from datetime import date, timedelta

from django.urls import reverse

from core.reminders import Reminder

from .models import Evaluation

DUE_SOON_DAYS = 3


def due_kind(due_date: date, today: date) -> str | None:
    """Three days before (or later that week, if a run was missed), on the day, then overdue once."""
    days = (due_date - today).days
    if days < 0:
        return "overdue"
    if days == 0:
        return "due_today"
    if days <= DUE_SOON_DAYS:
        return "due_soon"
    return None


SUBJECTS = {
    "due_soon": "Evaluation of {peer} is due on {due}",
    "due_today": "Evaluation of {peer} is due today",
    "overdue": "Evaluation of {peer} is overdue (was due {due})",
}


def pending(*, today: date) -> list[Reminder]:
    """The supervisor hears about every unfinished evaluation near or past its due date;
    the peer too while their signature is awaited."""
    evaluations = (
        Evaluation.objects.exclude(state=Evaluation.State.FINALIZED)
        .filter(due_date__lte=today + timedelta(days=DUE_SOON_DAYS))
        .select_related("peer", "supervisor")
    )
    reminders = []
    for evaluation in evaluations:
        kind = due_kind(evaluation.due_date, today)
        recipients = [evaluation.supervisor]
        if evaluation.state == Evaluation.State.SUBMITTED:
            recipients.append(evaluation.peer)
        subject = SUBJECTS[kind].format(
            peer=evaluation.peer.get_full_name() or evaluation.peer.username,
            due=f"{evaluation.due_date:%B} {evaluation.due_date.day}",
        )
        for recipient in recipients:
            reminders.append(
                Reminder(
                    # The due date is part of the key: a moved due date is a new reminder.
                    key=f"evaluation:{evaluation.pk}:{kind}:{evaluation.due_date}:{recipient.pk}",
                    recipient=recipient,
                    subject=subject,
                    template="evaluations/email/due",
                    context={
                        "evaluation": evaluation,
                        "kind": kind,
                        "path": reverse("evaluations:evaluation-detail", args=[evaluation.pk]),
                    },
                )
            )
    return reminders
