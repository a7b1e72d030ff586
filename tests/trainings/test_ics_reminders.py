from datetime import UTC, datetime, timedelta

from django.core import mail
from django.utils import timezone

from core.reminders import send_daily_reminders
from people.roles import Role
from tests.clock import frozen
from trainings.ics import escape, fold, session_ics
from trainings.models import Session
from trainings.reminders import pending

from .conftest import enrol, make_session

pytestmark = frozen


def test_ics_has_one_event_per_day_in_utc_with_crlf_and_escaping(trainings):
    session = make_session(
        trainings,
        "wrap-seminar-1",
        location="Room 2, Main St; back door",
        online_url="https://meet.example.org/wrap",
    )
    slots = list(session.slots.all())
    text = session_ics(session=session, slots=slots, now=datetime(2026, 11, 23, 12, tzinfo=UTC))
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert text.count("BEGIN:VEVENT") == 2 and text.count("END:VEVENT") == 2
    unfolded = text.replace("\r\n ", "")
    start = slots[0].starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}\r\n" in unfolded
    assert "DTSTAMP:20261123T120000Z\r\n" in unfolded
    assert f"UID:training-session-{session.pk}-slot-{slots[0].pk}@" in unfolded
    assert "SUMMARY:WRAP®\\, Seminar I (day 1 of 2)\r\n" in unfolded
    assert "LOCATION:Room 2\\, Main St\\; back door\r\n" in unfolded
    # In every day's event.
    assert unfolded.count("URL:https://meet.example.org/wrap\r\nEND:VEVENT\r\n") == 2
    assert "STATUS:CONFIRMED" in unfolded


def test_escape_and_fold():
    assert escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    folded = fold("DESCRIPTION:" + "é" * 80)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == "DESCRIPTION:" + "é" * 80


def test_reminder_two_days_before_to_everyone_enrolled_once(trainings, peers):
    session = make_session(trainings, capacity=2, in_days=12)
    for person in peers[:3]:
        enrol(session, person)  # the third waits
    start = timezone.localdate(session.slots.first().starts_at)

    def session_reminders(today):
        return [r for r in pending(today=today) if ":reminder:" in r.key]

    assert session_reminders(start - timedelta(days=3)) == []
    due = session_reminders(start - timedelta(days=2))
    assert sorted(r.recipient.pk for r in due) == sorted(p.pk for p in peers[:2])
    assert len({r.key for r in due}) == 2
    sent = send_daily_reminders(today=start - timedelta(days=2))
    assert len([r for r in sent if ":reminder:" in r.key]) == 2
    assert any("Reminder: Recovery 101" in m.subject for m in mail.outbox)
    # The next day's run (still within two days) sends nothing again.
    again = send_daily_reminders(today=start - timedelta(days=1))
    assert [r for r in again if ":reminder:" in r.key] == []


def test_under_minimum_goes_to_hr_on_the_deadline(trainings, peers, make_person):
    other_hr = make_person(Role.HR)
    session = make_session(trainings, in_days=20)  # minimum 10
    enrol(session, peers[0])
    deadline = session.enrolment_deadline
    assert [r for r in pending(today=deadline - timedelta(days=1)) if "minimum" in r.key] == []
    flagged = [r for r in pending(today=deadline) if "under-minimum" in r.key]
    assert {r.recipient for r in flagged} == {trainings, other_hr}
    assert "1 enrolled, minimum 10" in flagged[0].subject
    Session.objects.filter(pk=session.pk).update(minimum=1)
    assert [r for r in pending(today=deadline) if "under-minimum" in r.key] == []


def test_ics_sequence_counts_each_change_and_the_cancellation(trainings):
    from trainings.services.sessions import session_cancel

    session = make_session(trainings)
    assert "SEQUENCE:0\r\n" in session_ics(session=session, slots=list(session.slots.all()))
    Session.objects.filter(pk=session.pk).update(changes=2)
    session_cancel(session=session, by=trainings)
    session.refresh_from_db()
    text = session_ics(session=session, slots=list(session.slots.all()))
    # A calendar takes the cancellation only as newer than the last change it has.
    assert "SEQUENCE:3\r\n" in text and "STATUS:CANCELLED" in text
