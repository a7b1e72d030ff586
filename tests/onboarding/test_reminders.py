"""Check-in and onboarding reminders through the daily job: agency time zone, once only, catch-up."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from core.models import SentReminder
from core.reminders import send_daily_reminders
from core.tasks import send_reminders
from onboarding.models import Cadence, OnboardingItem
from onboarding.services.checkins import checkin_schedule_create
from tests.clock import frozen

pytestmark = [frozen, pytest.mark.django_db]
AGENCY_TZ = ZoneInfo("America/Los_Angeles")


def keys(prefix):
    return [
        k.split(":")[2]
        for k in SentReminder.objects.filter(key__startswith=prefix)
        .order_by("pk")
        .values_list("key", flat=True)
    ]


def test_check_in_reminders_tomorrow_today_overdue_once_each(catalogues, supervisor, peer):
    due = date(2026, 12, 10)
    checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[(Cadence.Frequency.WEEKLY, due, None)],
    )
    for offset in range(-3, 4):
        with time_machine.travel(
            datetime.combine(due + timedelta(days=offset), time(7), tzinfo=AGENCY_TZ)
        ):
            send_reminders.apply()
            send_reminders.apply()
    assert keys("checkin:") == ["due_tomorrow", "due_today", "overdue"]
    subjects = [m.subject for m in mail.outbox if "Check-in" in m.subject]
    assert subjects == [
        f"Check-in with {peer.get_full_name()} is due tomorrow",
        f"Check-in with {peer.get_full_name()} is due today",
        f"Check-in with {peer.get_full_name()} is overdue (was due December 10)",
    ]
    assert all(m.to == [supervisor.email] for m in mail.outbox if "Check-in" in m.subject)
    message = next(m for m in mail.outbox if "due today" in m.subject)
    assert "/check-ins/schedules/" in message.body and message.alternatives[0][1] == "text/html"


def test_agency_time_zone_decides_the_day(catalogues, supervisor, peer):
    checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[(Cadence.Frequency.WEEKLY, date(2026, 12, 10), None)],
    )
    # 20:00 on December 9 in California is 04:00 on December 10 in UTC: still "tomorrow".
    with time_machine.travel(datetime(2026, 12, 9, 20, 0, tzinfo=AGENCY_TZ)):
        send_reminders.apply()
    assert keys("checkin:") == ["due_tomorrow"]


def test_onboarding_items_due_soon_and_overdue_to_their_assignee(start_onboarding, hr_user):
    onboarding = start_onboarding()
    item = onboarding.items.get(text="I-9 form")
    OnboardingItem.objects.filter(onboarding=onboarding).exclude(pk=item.pk).update(status="done")
    due = item.due_date
    assert [
        r.subject for r in send_daily_reminders(today=due - timedelta(days=3), dry_run=True)
    ] == []
    send_daily_reminders(today=due - timedelta(days=2))
    send_daily_reminders(today=due - timedelta(days=1))
    send_daily_reminders(today=due + timedelta(days=1))
    send_daily_reminders(today=due + timedelta(days=2))
    assert keys("onboarding-item:") == ["due_soon", "overdue"]
    assert [m.to for m in mail.outbox] == [[onboarding.person.email]] * 2
    assert "I-9 form" in mail.outbox[0].subject
    assert "Record only that the document was seen" in mail.outbox[0].body


def test_catch_up_after_a_day_of_downtime(start_onboarding):
    onboarding = start_onboarding()
    item = onboarding.items.get(text="I-9 form")
    OnboardingItem.objects.filter(onboarding=onboarding).exclude(pk=item.pk).update(status="done")
    # The job did not run on the due date or the day after; the next run sends the overdue notice.
    assert [
        r.key.split(":")[2] for r in send_daily_reminders(today=item.due_date + timedelta(days=2))
    ] == ["overdue"]


def test_done_and_cancelled_items_are_not_reminded(start_onboarding, hr_user):
    from onboarding.services.plans import onboarding_cancel

    onboarding = start_onboarding()
    onboarding_cancel(onboarding=onboarding, by=hr_user)
    assert send_daily_reminders(today=date(2027, 6, 1), dry_run=True) == []


def _only_open(onboarding, item):
    OnboardingItem.objects.filter(onboarding=onboarding).exclude(pk=item.pk).update(status="done")


def test_onboarding_pending_lists_only_what_is_due_soon_or_overdue(
    catalogues, start_onboarding, supervisor, peer
):
    from onboarding.reminders import pending

    checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[(Cadence.Frequency.WEEKLY, date(2026, 12, 10), None)],
    )
    onboarding = start_onboarding()
    item = onboarding.items.get(text="I-9 form")
    _only_open(onboarding, item)
    # Two days before the check-in and three before the item: nothing yet.
    assert pending(today=date(2026, 12, 4)) == []
    due_soon = pending(today=item.due_date - timedelta(days=2))
    assert [r.key for r in due_soon] == [
        f"onboarding-item:{item.pk}:due_soon:{item.due_date}:{item.assignee_id}"
    ]
    assert due_soon[0].context["path"].endswith(f"#item-{item.pk}")
    assert due_soon[0].subject == (
        f"Onboarding for {onboarding.person.get_full_name()}: “I-9 form” is due December 7"
    )


def test_a_reassigned_item_reminds_its_new_assignee(start_onboarding, hr_user, supervisor):
    from onboarding.reminders import pending
    from onboarding.services.plans import onboarding_item_reassign

    onboarding = start_onboarding()
    item = onboarding.items.get(text="I-9 form")
    _only_open(onboarding, item)
    today = item.due_date + timedelta(days=1)
    [before] = pending(today=today)
    onboarding_item_reassign(item=item, by=hr_user, to=supervisor)
    [after] = pending(today=today)
    assert before.recipient == onboarding.person and after.recipient == supervisor
    # A new key: the new assignee hears about it even if the old one already did.
    assert before.key != after.key and after.key.endswith(f":{supervisor.pk}")


def test_long_item_texts_are_shortened_in_the_subject(start_onboarding):
    from onboarding.reminders import pending

    onboarding = start_onboarding()
    item = onboarding.items.get(text="I-9 form")
    _only_open(onboarding, item)
    OnboardingItem.objects.filter(pk=item.pk).update(text="A" * 70)
    [reminder] = pending(today=item.due_date)
    assert f"“{'A' * 57}…”" in reminder.subject and "A" * 58 not in reminder.subject


def test_completed_plans_and_schedules_without_a_date_are_not_reminded(
    start_onboarding, hr_user, supervisor, peer
):
    from onboarding.reminders import pending

    checkin_schedule_create(person=peer, supervisor=supervisor, by=supervisor, cadences=[])
    onboarding = start_onboarding()
    item = onboarding.items.get(text="I-9 form")
    _only_open(onboarding, item)
    from onboarding.models import Onboarding

    Onboarding.objects.filter(pk=onboarding.pk).update(status="completed")
    assert pending(today=item.due_date + timedelta(days=30)) == []
