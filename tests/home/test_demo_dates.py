"""The demo organisation is built around the agency's today and stays valid on any day:
built at awkward instants, the daily reminder job and verify_records run cleanly on it."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from core.models import SentReminder
from core.tasks import send_reminders
from evaluations.models import Evaluation
from home.demo import DEMO_PASSWORD, PEOPLE, demo_seed
from onboarding.models import CheckInSchedule, Onboarding, OnboardingItem
from people.models import User
from trainings.demo import DEMO_NOTE, ORIENTATION
from trainings.models import CourseBundle, Enrolment, Session, SessionSlot
from workplans.models import WorkPlan

AGENCY_TZ = ZoneInfo("America/Los_Angeles")


def agency(*args, fold=0):
    return datetime(*args, tzinfo=AGENCY_TZ).replace(fold=fold)


INSTANTS = {
    "saturday morning": agency(2026, 12, 5, 9, 0),
    "sunday before midnight (UTC is Monday)": agency(2027, 6, 13, 23, 30),
    "new year's eve before midnight (UTC is Jan 1)": agency(2026, 12, 31, 23, 45),
    "new year's day just after midnight": agency(2027, 1, 1, 0, 15),
    "leap day before midnight (UTC is Mar 1)": agency(2028, 2, 29, 23, 30),
    "daylight saving starts: 02:30 does not exist": agency(2027, 3, 14, 2, 30),
    "daylight saving ends: 01:30 for the second time": agency(2027, 11, 7, 1, 30, fold=1),
}


@pytest.mark.parametrize("instant", INSTANTS.values(), ids=INSTANTS.keys())
def test_demo_built_at_an_awkward_instant_is_valid(catalogues, instant):
    with time_machine.travel(instant, tick=False):
        today = timezone.localdate()
        assert today == instant.date()  # the agency's date, not UTC's

        logins = demo_seed()

        assert [(username, created) for username, _, created in logins] == [
            (person[0], True) for person in PEOPLE
        ]
        for username, *_rest, days in PEOPLE:
            user = User.objects.get(username=username)
            assert user.check_password(DEMO_PASSWORD) and user.is_active
            assert (today - user.profile.start_date).days == days
        assert set(Evaluation.objects.values_list("state", flat=True)) == {
            "draft",
            "submitted",
            "finalized",
        }
        plan = WorkPlan.objects.get(employee__username="peer2")
        assert plan.start_date == today

        sessions = Session.objects.filter(notes=DEMO_NOTE)
        orientation = CourseBundle.objects.get(code=ORIENTATION).courses.count()
        # Two sessions already ran, each with two peers who completed it (transcripts).
        held = sessions.filter(slots__starts_at__lt=timezone.now()).exclude(
            course__code="recovery-101"  # the one running today, whatever the hour
        )
        assert held.distinct().count() == 2
        completed = Enrolment.objects.filter(session__in=held, status=Enrolment.Status.COMPLETED)
        assert completed.count() == 4
        assert all(s.slots.first().starts_at.date() < today for s in held)
        upcoming = sessions.exclude(pk__in=held)
        assert upcoming.count() == orientation + 4
        enrolments = Enrolment.objects.filter(session__in=upcoming)
        # WRAP Seminar I is open to the network: two Riverside and two Harbor peers.
        assert enrolments.count() == 2 * orientation + 4 + 3 + 2
        assert enrolments.filter(status=Enrolment.Status.WAITLISTED).count() == 1
        assert all(s.enrolment_deadline >= today for s in upcoming)

        slots = SessionSlot.objects.filter(session__in=sessions).exclude(
            session__course__code="recovery-101"  # the one running today, whatever day
        )
        assert {timezone.localdate(slot.starts_at).weekday() for slot in slots} <= set(range(5))

        # The newest peer started 10 days ago: what came before and on day one is done;
        # open are the orientation topics (booked on the next orientation) and what lies
        # ahead, never due before the day they were set.
        onboarding = Onboarding.objects.get(person__username="peer4")
        assert onboarding.start_date == today - timedelta(days=10)
        items = OnboardingItem.objects.filter(onboarding=onboarding)
        assert {(i.phase, i.status, i.due_date < today) for i in items} == {
            ("pre_selection", "done", True),
            ("post_selection", "done", True),
            ("day_one", "done", True),
            ("week_one", "done", True),
            ("week_one", "open", True),
            ("first_90_days", "open", False),
        }
        overdue = items.filter(status="open", due_date__lt=today)
        assert overdue.exists() and not overdue.filter(training_course_code="").exists()
        booked = Enrolment.objects.filter(person__username="peer4", session__in=sessions)
        assert set(overdue.values_list("training_course_code", flat=True)) <= set(
            booked.values_list("session__course__code", flat=True)
        )
        assert CheckInSchedule.objects.count() == 4

        assert send_reminders.apply().get() == SentReminder.objects.count()
        sent = [(m.to[0], m.subject) for m in mail.outbox]
        # Each person's reminders come in one email (the digest, by default).
        assert SentReminder.objects.count() >= len(sent) > 0
        assert len(sent) == len({to for to, _ in sent})
        assert send_reminders.apply().get() == 0 and len(mail.outbox) == len(sent)

        out = StringIO()
        call_command("verify_records", stdout=out)
        assert "signed records match their hash" in out.getvalue()

        counts = [m.objects.count() for m in (User, Evaluation, Session, Enrolment, OnboardingItem)]
        assert not any(created for *_, created in demo_seed())
        assert [
            m.objects.count() for m in (User, Evaluation, Session, Enrolment, OnboardingItem)
        ] == counts
