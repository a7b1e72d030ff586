"""Evaluation due-date reminders through the daily job (core.reminders)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from core.models import SentReminder
from core.reminders import send_daily_reminders
from core.tasks import send_reminders
from tests.clock import frozen

from .conftest import make_submitted_evaluation, new_evaluation

pytestmark = [frozen, pytest.mark.django_db]
AGENCY_TZ = ZoneInfo("America/Los_Angeles")


def kinds():
    return [
        key.split(":")[2]
        for key in SentReminder.objects.order_by("pk").values_list("key", flat=True)
    ]


def test_due_reminders_follow_the_calendar_and_never_repeat(catalogues, peer, supervisor):
    due = date(2026, 12, 10)
    new_evaluation(peer, supervisor, due_date=due)
    sent = {}
    for offset in range(-6, 4):
        day = due + timedelta(days=offset)
        # 07:00 in the agency's time zone, when beat runs the job (15:00 UTC).
        with time_machine.travel(datetime.combine(day, time(7), tzinfo=AGENCY_TZ)):
            for _ in range(2):  # the job may run twice a day
                send_reminders.apply()
        sent[offset] = SentReminder.objects.count()
    assert kinds() == ["due_soon", "due_today", "overdue"]
    assert (
        sent[-4] == 0
        and sent[-3] == 1
        and sent[-1] == 1
        and sent[0] == 2
        and sent[1] == 3
        and sent[3] == 3
    )
    assert [m.to for m in mail.outbox] == [[supervisor.email]] * 3
    assert [m.subject for m in mail.outbox] == [
        f"Evaluation of {peer.get_full_name()} is due on December 10",
        f"Evaluation of {peer.get_full_name()} is due today",
        f"Evaluation of {peer.get_full_name()} is overdue (was due December 10)",
    ]
    assert mail.outbox[0].alternatives[0][1] == "text/html"
    assert "/evaluations/" in mail.outbox[0].body


def test_reminder_day_is_the_agencys_day_not_utc(catalogues, peer, supervisor):
    new_evaluation(peer, supervisor, due_date=date(2026, 12, 10))
    # 23:30 on December 9 in California is already December 10 in UTC.
    with time_machine.travel(datetime(2026, 12, 9, 23, 30, tzinfo=AGENCY_TZ)):
        send_reminders.apply()
    assert kinds() == ["due_soon"]


def test_peer_is_reminded_only_when_their_signature_is_awaited(catalogues, peer, supervisor):
    make_submitted_evaluation(peer, supervisor, due_date=date(2026, 12, 10))
    mail.outbox.clear()
    assert len(send_daily_reminders(today=date(2026, 12, 10))) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([peer.email, supervisor.email])


def test_reminders_catch_up_after_downtime(catalogues, peer, supervisor):
    new_evaluation(peer, supervisor, due_date=date(2026, 12, 10))
    # The job did not run for days; the first run after sends the overdue notice once.
    assert len(send_daily_reminders(today=date(2026, 12, 15))) == 1
    assert len(send_daily_reminders(today=date(2026, 12, 16))) == 0
    assert kinds() == ["overdue"]


def test_finalized_evaluations_get_no_reminders(finalized):
    assert send_daily_reminders(today=finalized.due_date) == []
