"""Scheduling, changing and cancelling sessions."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from core.errors import ApplicationError, full_clean
from people.models import User

from ..access import manages_session, manages_sessions
from ..models import Attendance, Course, Enrolment, Session, SessionSlot
from .enrolment import enrolment_transition, lock_session, waitlist_promote
from .notifications import session_handoff_queue


def slot_hours(starts_at: datetime, ends_at: datetime) -> Decimal:
    """The hours a day credits: its length, to the tenth of an hour."""
    seconds = Decimal((ends_at - starts_at).total_seconds())
    return (seconds / 3600).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@transaction.atomic
def session_create(
    *,
    course: Course,
    first_day: date,
    starts: time,
    ends: time,
    days: int,
    enrolment_deadline: date,
    by: User,
    location: str = "",
    online_url: str = "",
    trainer: str = "",
    capacity: int | None = None,
    minimum: int | None = None,
    open_to_network: bool = False,
) -> Session:
    """Schedule a session on ``days`` consecutive days; capacity and minimum default from
    the course. Each day credits its own time (1:00 to 4:00 is 3.0 hours), whatever the
    course's usual hours: the session is what people attend.

    The session is ``by``'s organisation's. ``open_to_network`` publishes it to every
    organisation of that organisation's network: their people enrol in it, sharing its
    seats and waitlist; the host runs it."""
    if not manages_sessions(by):
        raise ApplicationError("Only HR schedules sessions.")
    network_id = by.organisation.network_id if open_to_network and by.organisation else None
    if open_to_network and network_id is None:
        raise ApplicationError("Your organisation belongs to no network to open the session to.")
    if days < 1:
        raise ApplicationError("A session runs on at least one day.")
    if ends <= starts:
        raise ApplicationError("Each day must end after it starts.")
    if enrolment_deadline > first_day:
        raise ApplicationError("The enrolment deadline must be on or before the first day.")
    session = Session(
        course=course,
        location=location,
        online_url=online_url,
        trainer=trainer,
        capacity=capacity,
        minimum=minimum,
        enrolment_deadline=enrolment_deadline,
        organisation_id=by.organisation_id,
        network_id=network_id,
    )
    full_clean(session)
    session.save()
    for n in range(days):
        day = first_day + timedelta(days=n)
        starts_at = timezone.make_aware(datetime.combine(day, starts))
        ends_at = timezone.make_aware(datetime.combine(day, ends))
        slot = SessionSlot(
            session=session,
            starts_at=starts_at,
            ends_at=ends_at,
            hours=slot_hours(starts_at, ends_at),
        )
        full_clean(slot)
        slot.save()
    return session


@transaction.atomic
def session_cancel(*, session: Session, by: User) -> Session:
    """Cancel a session (for example one below its minimum); every place in it is released
    and everyone enrolled or waitlisted is told."""
    if not manages_session(by, session):
        raise ApplicationError("Only HR of the organisation that scheduled it cancels a session.")
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == Session.Status.CANCELLED:
        raise ApplicationError("This session is already cancelled.")
    session.status = Session.Status.CANCELLED
    session.save(update_fields=["status"])
    # Told before their places are released, while they are still the session's people.
    session_handoff_queue(session=session, event="cancelled", by=by)
    # Every place, whichever organisation's person holds it (a network session).
    released = Enrolment.all_organisations.filter(
        session=session, status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED]
    ).select_related("person")
    now = timezone.now()
    for enrolment in released.select_for_update():
        enrolment_transition(
            enrolment=enrolment, action="release", by=by, fields={"cancelled_at": now}
        )
    return session


@transaction.atomic
def session_capacity_change(*, session: Session, capacity: int, by: User) -> list[Enrolment]:
    """Change the number of seats. New seats go to the waitlist, first come first served
    (each promotion a move of the enrolment transition table, each emailed); seats cannot
    drop below the people already enrolled. Returns the enrolments promoted."""
    if not manages_session(by, session):
        raise ApplicationError("Only HR of the organisation that scheduled it changes its seats.")
    session = lock_session(session)
    if session.status != Session.Status.SCHEDULED:
        raise ApplicationError("This session was cancelled.")
    if capacity < 1:
        raise ApplicationError("A session needs at least one seat.")
    # Seats are shared by every organisation a network session is open to.
    enrolled = Enrolment.all_organisations.filter(
        session=session, status=Enrolment.Status.ENROLLED
    ).count()
    if capacity < enrolled:
        raise ApplicationError(
            f"{enrolled} people are enrolled: give at least {enrolled} seats, or cancel "
            "places first."
        )
    session.capacity = capacity
    full_clean(session)
    session.save(update_fields=["capacity"])
    return waitlist_promote(session=session, by=by)


@dataclass(frozen=True)
class Day:
    """One day of a session as HR gives it: the date and its start and end times."""

    day: date
    starts: time
    ends: time


@transaction.atomic
def session_update(
    *, session: Session, by: User, days: list[Day], location: str = "", online_url: str = ""
) -> bool:
    """Change a session's place and its days (each with its times), all or nothing.

    Each day credits its own time, as when scheduled. Refused once the session is
    cancelled or attendance is recorded (moving a day would rewrite the hours credited).
    A change that people would act on is told to everyone enrolled or waitlisted, in
    every organisation of a network session, once per change; a save that changes nothing
    writes and sends nothing. True if anything changed."""
    if not manages_session(by, session):
        raise ApplicationError("Only HR of the organisation that scheduled it changes a session.")
    session = lock_session(session)
    if session.status != Session.Status.SCHEDULED:
        raise ApplicationError("This session was cancelled.")
    # Unscoped on purpose: another organisation's HR records its people in a network session.
    if Attendance.objects.filter(slot__session=session).exists():
        raise ApplicationError(
            "Attendance is already recorded for this session: its days can no longer change."
        )
    if not days:
        raise ApplicationError("A session runs on at least one day.")
    days = sorted(days, key=lambda d: (d.day, d.starts))
    if len({d.day for d in days}) < len(days):
        raise ApplicationError("Give each day once.")
    if any(d.ends <= d.starts for d in days):
        raise ApplicationError("Each day must end after it starts.")
    if days[0].day < timezone.localdate():
        raise ApplicationError("A day cannot be in the past.")
    if session.enrolment_deadline > days[0].day:
        raise ApplicationError("The enrolment deadline must be on or before the first day.")
    wanted = [
        (
            timezone.make_aware(datetime.combine(d.day, d.starts)),
            timezone.make_aware(datetime.combine(d.day, d.ends)),
        )
        for d in days
    ]
    slots = list(session.slots.order_by("starts_at", "pk"))
    unchanged = (
        [(s.starts_at, s.ends_at) for s in slots] == wanted
        and session.location == location
        and session.online_url == online_url
    )
    if unchanged:
        return False
    session.location, session.online_url = location, online_url
    session.changes += 1
    # Days are changed in place, first to first, so a calendar that has them keeps each
    # event (its UID names the day's id) and takes the new times; the calendar file goes
    # on cancelling the days taken off.
    dropped = slots[len(wanted) :]
    session.dropped_days = [
        *session.dropped_days,
        *(
            {"id": s.pk, "starts_at": s.starts_at.isoformat(), "ends_at": s.ends_at.isoformat()}
            for s in dropped
        ),
    ]
    full_clean(session)
    session.save(update_fields=["location", "online_url", "changes", "dropped_days"])
    for slot in dropped:
        slot.delete()
    for n, (starts_at, ends_at) in enumerate(wanted):
        slot = slots[n] if n < len(slots) else SessionSlot(session=session)
        slot.starts_at, slot.ends_at = starts_at, ends_at
        slot.hours = slot_hours(starts_at, ends_at)
        full_clean(slot)
        slot.save()
    session_handoff_queue(session=session, event="changed", by=by, round=session.changes)
    return True
