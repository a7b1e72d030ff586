"""The demo fills every screen: a disagreement, an amendment, holidays, a check-in history,
transcripts with completed trainings and their certificates."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from evaluations.models import Evaluation
from evaluations.services.workflow import amendment_awaiting_acknowledgement
from home.demo import PEOPLE, demo_seed
from home.demo.agencies import FIXED_HOLIDAYS, HOLIDAYS
from onboarding.models import CheckIn, Holiday

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_disagreement_an_amendment_holidays_and_check_ins(catalogues):
    demo_seed()
    today = timezone.localdate()
    disagreed = Evaluation.objects.get(peer__username="peer", peer_disagrees=True)
    assert disagreed.state == Evaluation.State.FINALIZED
    assert "I disagree with Developing for category VIII" in disagreed.disagreement_statement
    amended = Evaluation.objects.get(peer__username="peer", amendments__isnull=False)
    amendment = amendment_awaiting_acknowledgement(amended)
    assert amendment is not None and "wrong quarter" in amendment.reason
    assert amended.sections.get(code="I").items.get(code="I.1").rating == "advanced"

    # Each agency closes on the fixed holidays, this year and next, and on its own days.
    for slug, own in HOLIDAYS.items():
        closed = dict(Holiday.objects.filter(organisation__slug=slug).values_list("date", "name"))
        for year in (today.year, today.year + 1):
            for month, day, name in FIXED_HOLIDAYS:
                assert closed[date(year, month, day)] == name
        assert all(today + timedelta(days=days) in closed for _, days in own)

    held = CheckIn.objects.all()
    # A history for the peer on staff 200 days, one check-in for the one on staff 40 days.
    assert held.filter(schedule__person__username="peer").count() == 4
    assert held.filter(schedule__person__username="peer2").count() == 1
    assert not held.filter(schedule__person__username="peer4").exists()
    assert all(c.held_on <= today for c in held)
    assert len({c.notes for c in held}) > 1


@override_settings(DEBUG=True)
def test_seed_demo_prints_the_logins_and_no_email_address(catalogues):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    assert all(username in text for username, *_ in PEOPLE)
    assert "@" not in text


def test_the_demo_work_plan_has_a_meeting_held_and_the_next_planned(catalogues):
    from workplans.models import FollowUpMeeting

    demo_seed()
    today = timezone.localdate()
    meetings = FollowUpMeeting.objects.filter(plan__employee__username="peer2")
    assert [(m.date - today).days for m in meetings] == [0, 14]
    assert meetings[0].notes and meetings[0].employee_attended and not meetings[1].notes


def test_the_demo_transcripts_hold_completed_trainings_with_certificates(catalogues):
    from trainings.models import Enrolment, TrainingPdf

    demo_seed()
    today = timezone.localdate()
    completed = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED).select_related(
        "person", "session__course"
    )
    assert {(e.person.username, e.session.course.code) for e in completed} == {
        (person, course)
        for person in ("peer", "peer3")
        for course in ("peer-support-101", "ethics-boundaries-confidentiality")
    }
    for enrolment in completed:
        assert all(
            timezone.localdate(slot.starts_at) < today for slot in enrolment.session.slots.all()
        )
    # Part of the day, above the agency's 80%: completed with the hours attended.
    partial = completed.get(
        person__username="peer3", session__course__code="ethics-boundaries-confidentiality"
    )
    assert partial.hours_credited == Decimal("3.5") and partial.completion_percent == 80
    certificates = TrainingPdf.objects.filter(kind="certificate")
    assert {c.enrolment_id for c in certificates} == {e.pk for e in completed}
