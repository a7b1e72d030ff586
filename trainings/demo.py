"""Demo sessions and enrolments for ``seed_demo``; running it again changes nothing."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F

from people.models import User

from .models import Course, CourseBundle, Session, SessionSlot
from .services.attendance import Mark, attendance_record
from .services.enrolment import enrolment_create
from .services.sessions import session_create

DEMO_NOTE = "Demo session"
ORIENTATION = "wise-peer-orientation"


def _weekday(day: date) -> date:
    """The day, or the Monday after when it falls on a weekend: the agency trains on weekdays."""
    if day.weekday() >= 5:
        day += timedelta(days=7 - day.weekday())
    return day


@transaction.atomic
def demo_trainings(*, today: date) -> list[Session]:
    """Upcoming sessions (WRAP Seminar I, the week-one orientation topics, a small
    Sharing Your Story with a waitlist, one running today) with the demo people in them,
    and two that already ran, so transcripts hold completed trainings and certificates."""
    if Session.objects.filter(notes=DEMO_NOTE).exists():
        return []
    people = {
        u.username: u
        for u in User.objects.filter(username__in=["peer", "peer2", "peer3", "peer4"])
        | User.objects.filter(username__startswith="harbor-peer")
    }
    hr = User.objects.get(username="hr")
    created = []

    def schedule(code, first_day, *, starts=time(9), capacity=None, open_to_network=False):
        course = Course.objects.get(code=code)
        days = course.days or 1
        # A day credits its own length: the demo's days last the course's hours per day.
        ends = (
            datetime.combine(first_day, starts) + timedelta(hours=float(course.hours / days))
        ).time()
        session = session_create(
            course=course,
            first_day=first_day,
            starts=starts,
            ends=ends,
            days=days,
            enrolment_deadline=max(today, first_day - timedelta(days=3)),
            location="Adult Wellness Center, training room",
            trainer="WISE trainer",
            capacity=capacity,
            open_to_network=open_to_network,
            by=hr,
        )
        Session.objects.filter(pk=session.pk).update(notes=DEMO_NOTE)
        created.append(session)
        return session

    def enrol(session, *usernames, by=None):
        for name in usernames:
            person = people[name]
            enrolment_create(session=session, person=person, by=by or person)

    orientation = CourseBundle.objects.get(code=ORIENTATION)
    monday = today + timedelta(days=7 - today.weekday() + 7)
    day = monday
    for course in orientation.courses.order_by("group__order", "order"):
        session = schedule(course.code, day)
        enrol(session, "peer4", "peer2", by=hr)
        day = _weekday(day + timedelta(days=1))
    # Open to every agency of the county network: Harbor's peers share its seats.
    wrap = schedule("wrap-seminar-1", _weekday(today + timedelta(days=16)), open_to_network=True)
    enrol(wrap, "peer", "peer3", "harbor-peer", "harbor-peer2")
    story = schedule("sharing-your-story", _weekday(today + timedelta(days=10)), capacity=2)
    enrol(story, "peer3", "peer", "peer2")  # peer2 waits for a seat
    running = schedule("recovery-101", today)
    enrol(running, "peer", "peer3", by=hr)
    schedule("advocacy-101", _weekday(today + timedelta(days=30)))

    def held(code, weeks_ago, marks):
        """A session that ran ``weeks_ago``: scheduled and enrolled as it was then (the
        services refuse enrolling in the past), moved back whole weeks so its days stay
        weekdays, and its attendance recorded by HR through the service."""
        session = schedule(code, _weekday(today + timedelta(days=1)))
        enrol(session, *marks, by=hr)
        back = timedelta(weeks=weeks_ago)
        SessionSlot.objects.filter(session=session).update(
            starts_at=F("starts_at") - back, ends_at=F("ends_at") - back
        )
        Session.objects.filter(pk=session.pk).update(enrolment_deadline=today - back)
        slots = list(session.slots.all())
        attendance_record(
            session=session,
            marks={
                (enrolment.pk, slot.pk): marks[enrolment.person.username]
                for enrolment in session.enrolments.select_related("person")
                for slot in slots
            },
            by=hr,
        )

    held("peer-support-101", 10, {"peer": Mark("present"), "peer3": Mark("present")})
    # Part of the day, above the agency's share: completed, credited the hours attended.
    held(
        "ethics-boundaries-confidentiality",
        6,
        {"peer": Mark("present"), "peer3": Mark("partial", "3.5")},
    )
    return created
