"""The demo fills every screen: a disagreement, an amendment, holidays, a check-in history."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from evaluations.models import Evaluation
from evaluations.services.workflow import amendment_awaiting_acknowledgement
from home.demo import HOLIDAYS, PEOPLE, demo_seed
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

    assert Holiday.objects.count() == 2 * len(HOLIDAYS)
    assert {h.date.year for h in Holiday.objects.all()} == {today.year, today.year + 1}

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
