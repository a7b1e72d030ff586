from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from people.roles import Role
from trainings.models import Course, SessionSlot
from trainings.services.enrolment import enrolment_create
from trainings.services.sessions import session_create


def make_session(hr, code="recovery-101", *, in_days=10, days=None, capacity=None, **kwargs):
    course = Course.objects.get(code=code)
    first_day = timezone.localdate() + timedelta(days=in_days)
    n_days = days or course.days or 1
    params = {
        "course": course,
        "first_day": first_day,
        "starts": time(9),
        # Each day's own time is what it credits: the course's hours spread over its days.
        "ends": (
            datetime.combine(first_day, time(9)) + timedelta(hours=float(course.hours / n_days))
        ).time(),
        "days": n_days,
        "enrolment_deadline": first_day - timedelta(days=3) if in_days > 3 else first_day,
        "location": "Main office, room 2",
        "trainer": "Alex Trainer",
        "capacity": capacity,
        "by": hr,
    }
    params.update(kwargs)
    return session_create(**params)


def move_to_past(session, days_ago=1):
    """Shift a session's days so that they have happened (attendance can then be recorded)."""
    for n, slot in enumerate(session.slots.order_by("starts_at")):
        day = timezone.localdate() - timedelta(days=days_ago) + timedelta(days=n)
        day = min(day, timezone.localdate())
        SessionSlot.objects.filter(pk=slot.pk).update(
            starts_at=timezone.make_aware(datetime.combine(day, time(9))),
            ends_at=timezone.make_aware(datetime.combine(day, time(17))),
        )


def enrol(session, person):
    return enrolment_create(session=session, person=person, by=person).enrolment


@pytest.fixture
def trainings(catalogues, hr_user):
    return hr_user


@pytest.fixture
def peers(make_person, supervisor):
    return [make_person(Role.PEER, supervisor=supervisor) for _ in range(4)]


def _complete_for_views(hr, person, code="recovery-101"):
    """A finished session of ``code`` that ``person`` completed."""
    from trainings.services.attendance import Mark, attendance_record

    session = make_session(hr, code)
    enrolment = enrol(session, person)
    move_to_past(session, days_ago=3)
    marks = {(enrolment.pk, s.pk): Mark("present") for s in session.slots.all()}
    attendance_record(session=session, marks=marks, by=hr)
    return session
