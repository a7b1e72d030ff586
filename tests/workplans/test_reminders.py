"""Work plan reminders through the daily job (core.reminders): each sent once, to both people."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from core.models import SentReminder
from core.tasks import send_reminders
from tests.clock import frozen
from tests.revisions import current_revision
from workplans.models import WorkPlan
from workplans.services.plans import workplan_meeting_save, workplan_update

from .conftest import new_plan

pytestmark = [frozen, pytest.mark.django_db]
AGENCY_TZ = ZoneInfo("America/Los_Angeles")


def run_days(first: date, last: date):
    """The job at 07:00 agency time on each day, twice a day."""
    day = first
    while day <= last:
        with time_machine.travel(datetime.combine(day, time(7), tzinfo=AGENCY_TZ)):
            for _ in range(2):
                send_reminders.apply()
        day += timedelta(days=1)


def workplan_keys():
    return list(
        SentReminder.objects.filter(key__startswith="workplan:")
        .order_by("pk")
        .values_list("key", flat=True)
    )


def test_the_day_before_a_scheduled_meeting_both_hear_once(guide, peer, supervisor):
    plan = new_plan(peer, supervisor, start_date=date(2026, 12, 1), end_date=date(2027, 3, 31))
    workplan_update(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        answers={},
        meeting_every=WorkPlan.Frequency.FOUR_WEEKS,
        meeting_day=WorkPlan.Weekday.THURSDAY,
        meeting_time=time(10, 0),
        meeting_minutes=30,
    )
    run_days(date(2026, 11, 30), date(2026, 12, 1))
    assert workplan_keys() == []
    run_days(date(2026, 12, 2), date(2026, 12, 3))  # the day before Thursday Dec 3, and the day
    assert workplan_keys() == [
        f"workplan:{plan.pk}:meeting:2026-12-03:{peer.pk}",
        f"workplan:{plan.pk}:meeting:2026-12-03:{supervisor.pk}",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([peer.email, supervisor.email])
    assert mail.outbox[0].subject.startswith("Work plan meeting tomorrow")
    assert "10:00 AM" in mail.outbox[0].body and "30 minutes" in mail.outbox[0].body
    run_days(date(2026, 12, 4), date(2026, 12, 30))  # the next meeting: Thursday Dec 31
    assert len(workplan_keys()) == 4 and len(mail.outbox) == 4


def test_a_planned_meeting_is_reminded_the_day_before(guide, peer, supervisor):
    plan = new_plan(peer, supervisor, start_date=date(2026, 12, 1), end_date=date(2027, 3, 31))
    workplan_meeting_save(
        revision=current_revision(plan), plan=plan, by=supervisor, date=date(2026, 12, 9)
    )
    run_days(date(2026, 12, 7), date(2026, 12, 10))
    assert workplan_keys() == [
        f"workplan:{plan.pk}:meeting:2026-12-09:{peer.pk}",
        f"workplan:{plan.pk}:meeting:2026-12-09:{supervisor.pk}",
    ]
    assert len(mail.outbox) == 2


def test_before_the_plan_expires_both_hear_once(guide, peer, supervisor):
    plan = new_plan(peer, supervisor, start_date=date(2026, 9, 1), end_date=date(2026, 12, 15))
    run_days(date(2026, 12, 1), date(2026, 12, 7))
    assert workplan_keys() == []
    run_days(date(2026, 12, 8), date(2026, 12, 20))  # seven days before, through expiry
    assert workplan_keys() == [
        f"workplan:{plan.pk}:expiry:2026-12-15:{peer.pk}",
        f"workplan:{plan.pk}:expiry:2026-12-15:{supervisor.pk}",
    ]
    assert [m.subject for m in mail.outbox] == [
        f"The work plan for {peer.get_full_name()} expires on December 15"
    ] * 2
    assert "scheduled to expire on December 15, 2026" in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0][1] == "text/html"
