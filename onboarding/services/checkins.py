"""Check-in schedules, their cadence over time, and recorded check-ins."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from audit.services import audit_changes
from core.errors import ApplicationError, full_clean
from people.models import User

from ..access import can_record_check_in
from ..models import (
    Cadence,
    CheckIn,
    CheckInAnswer,
    CheckInSchedule,
    FollowUp,
    Question,
    QuestionSet,
)
from .calendar import add_months

Frequency = Cadence.Frequency


def next_after(day: date, frequency: str) -> date:
    if frequency == Frequency.WEEKLY:
        return day + timedelta(days=7)
    if frequency == Frequency.BIWEEKLY:
        return day + timedelta(days=14)
    return add_months(day, 1)


def cadence_on(cadences: list[Cadence], day: date) -> Cadence | None:
    """The cadence in effect on ``day`` (the latest one that has started)."""
    current = None
    for cadence in sorted(cadences, key=lambda c: c.starts_on):
        if cadence.starts_on <= day and (cadence.ends_on is None or cadence.ends_on >= day):
            current = cadence
    return current


def compute_next_due(schedule: CheckInSchedule) -> date | None:
    """The next check-in: one interval after the last one, at the cadence in effect when it
    falls due; the first one on the day the first cadence starts."""
    cadences = list(schedule.cadences.all())
    if not cadences:
        return None
    last = schedule.check_ins.order_by("-held_on").values_list("held_on", flat=True).first()
    if last is None:
        return min(c.starts_on for c in cadences)
    cadence = cadence_on(cadences, last) or max(cadences, key=lambda c: c.starts_on)
    due = next_after(last, cadence.frequency)
    # If another cadence governs by then, the next check-in follows it, but not before it starts.
    later = cadence_on(cadences, due)
    if later is not None and later.pk != cadence.pk:
        due = max(next_after(last, later.frequency), later.starts_on)
    return due


def standard_cadences(start: date) -> list[tuple[str, date, date | None]]:
    """Weekly for the first 30 days, every two weeks to 90 days, then monthly."""
    return [
        (Frequency.WEEKLY, start, start + timedelta(days=29)),
        (Frequency.BIWEEKLY, start + timedelta(days=30), start + timedelta(days=89)),
        (Frequency.MONTHLY, start + timedelta(days=90), None),
    ]


@transaction.atomic
def checkin_schedule_create(
    *, person: User, supervisor: User, by: User, cadences: list[tuple[str, date, date | None]]
) -> CheckInSchedule:
    """A schedule of check-ins with ``person``; cadences are (frequency, starts_on, ends_on)."""
    if by.pk != supervisor.pk and not by.has_perm("onboarding.add_checkinschedule"):
        raise ApplicationError("Only the supervisor or HR can set up check-ins.")
    if CheckInSchedule.objects.filter(
        person=person, organisation_id=person.organisation_id
    ).exists():
        raise ApplicationError(
            f"{person} already has a check-in schedule; change its cadence instead."
        )
    schedule = CheckInSchedule(
        person=person, supervisor=supervisor, organisation_id=person.organisation_id
    )
    full_clean(schedule)
    schedule.save()
    for frequency, starts_on, ends_on in cadences:
        cadence = Cadence(
            schedule=schedule, frequency=frequency, starts_on=starts_on, ends_on=ends_on
        )
        full_clean(cadence)
        cadence.save()
    schedule.next_due = compute_next_due(schedule)
    schedule.save(update_fields=["next_due"])
    return schedule


@transaction.atomic
def checkin_schedule_change_cadence(
    *, schedule: CheckInSchedule, by: User, frequency: str, starts_on: date
) -> CheckInSchedule:
    """From ``starts_on`` on, check in at ``frequency``; later planned cadences are replaced."""
    schedule = CheckInSchedule.objects.select_for_update().get(pk=schedule.pk)
    if not can_record_check_in(by, schedule):
        raise ApplicationError("Only the supervisor or HR can change the cadence.")
    if frequency not in Frequency.values:
        raise ApplicationError("Choose weekly, every two weeks or monthly.")
    began = schedule.cadences.order_by("starts_on").values_list("starts_on", flat=True).first()
    if began and starts_on < began:
        raise ApplicationError(
            f"Check-ins began on {began:%B %-d, %Y}: a new cadence starts on that day or later."
        )
    schedule.cadences.filter(starts_on__gte=starts_on).delete()
    schedule.cadences.filter(ends_on__isnull=True).update(ends_on=starts_on - timedelta(days=1))
    schedule.cadences.filter(ends_on__gte=starts_on).update(ends_on=starts_on - timedelta(days=1))
    cadence = Cadence(schedule=schedule, frequency=frequency, starts_on=starts_on)
    full_clean(cadence)
    cadence.save()
    schedule.next_due = compute_next_due(schedule)
    schedule.save(update_fields=["next_due"])
    return schedule


@transaction.atomic
def check_in_record(
    *,
    schedule: CheckInSchedule,
    by: User,
    held_on: date,
    question_set: QuestionSet,
    participants: list[User],
    answers: dict[int, str],
    notes: str = "",
    follow_ups: list[tuple[str, User, date | None]] = (),
) -> CheckIn:
    """Record a check-in with an answer per question and follow-ups with owners; the next one is
    scheduled from the cadence."""
    schedule = CheckInSchedule.objects.select_for_update().get(pk=schedule.pk)
    if not can_record_check_in(by, schedule):
        raise ApplicationError("Only the supervisor or HR can record check-ins.")
    if not participants:
        raise ApplicationError("Say who took part.")
    if question_set.organisation_id not in (None, schedule.organisation_id):
        raise ApplicationError("Choose one of your agency's question sets, or a shared one.")
    questions = list(question_set.questions.all())
    unknown = set(answers) - {q.pk for q in questions}
    if unknown:
        raise ApplicationError("The answers name questions that are not in this question set.")
    if held_on > timezone.localdate():
        # A check-in records a meeting that took place; the next one is planned by the
        # schedule (its cadence), not recorded ahead of time.
        raise ApplicationError(
            {
                "held_on": [
                    f"A check-in is recorded once it has taken place: {held_on:%B %-d, %Y} "
                    "is in the future. The next check-in is scheduled from the cadence."
                ]
            }
        )
    check_in = CheckIn(
        schedule=schedule, held_on=held_on, question_set=question_set, recorded_by=by, notes=notes
    )
    full_clean(check_in)
    check_in.save()
    check_in.participants.set(participants)
    rows = CheckInAnswer.objects.bulk_create(
        [
            CheckInAnswer(
                check_in=check_in,
                question=q,
                question_text=q.text,
                answer=answers.get(q.pk, ""),
                order=q.order,
            )
            for q in questions
        ]
    )
    # Created in bulk, so without signals: the answers are recorded on the check-in.
    audit_changes(
        instance=check_in,
        changes={f"Answer: {row.question_text}": [None, row.answer] for row in rows if row.answer},
    )
    for text, owner, due in follow_ups:
        if not text.strip():
            continue
        follow_up = FollowUp(check_in=check_in, text=text.strip(), owner=owner, due_date=due)
        full_clean(follow_up)
        follow_up.save()
    schedule.next_due = compute_next_due(schedule)
    schedule.save(update_fields=["next_due"])
    return check_in


@transaction.atomic
def checkin_schedules_close(*, person: User, organisation_id: int) -> int:
    """``person`` leaves the organisation: its check-in schedules with them stop falling due
    (no more reminders to its supervisors). The check-ins held stay its record, and the
    agency the person joins starts its own schedule. Returns how many were closed."""
    return CheckInSchedule.objects.filter(
        person=person, organisation_id=organisation_id, next_due__isnull=False
    ).update(next_due=None)


@transaction.atomic
def question_set_clone(
    *, question_set: QuestionSet, organisation, code: str, name: str
) -> QuestionSet:
    """A copy of a question set (and its questions) that ``organisation`` owns and may adapt;
    the shared catalogue's sets stay as published."""
    if question_set.organisation_id not in (None, organisation.pk):
        raise ApplicationError("Copy one of your agency's question sets, or a shared one.")
    clone = QuestionSet(
        code=code,
        name=name.strip(),
        audience=question_set.audience,
        intro=question_set.intro,
        organisation=organisation,
    )
    full_clean(clone)
    clone.save()
    Question.objects.bulk_create(
        Question(question_set=clone, order=q.order, text=q.text)
        for q in question_set.questions.all()
    )
    return clone
