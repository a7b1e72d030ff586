from datetime import UTC, date, time, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.utils import timezone

from core.errors import ApplicationError
from evaluations.models import EvaluationItem, Rating
from people.roles import Role
from tests.clock import frozen
from tests.concurrency import race
from tests.evaluations.conftest import make_submitted_evaluation, new_evaluation
from trainings.models import (
    Attendance,
    Enrolment,
    Session,
    SessionSlot,
    TrainingNotice,
    TrainingSettings,
)
from trainings.selectors import transcript_for
from trainings.services.attendance import Mark, attendance_record
from trainings.services.enrolment import enrolment_cancel, enrolment_create
from trainings.services.sessions import (
    Day,
    session_cancel,
    session_capacity_change,
    session_update,
)
from trainings.services.settings import training_settings_update
from trainings.suggestions import suggested_trainings

from .conftest import enrol, make_session, move_to_past

pytestmark = frozen


def test_capacity_defaults_from_the_course(trainings):
    session = make_session(trainings, "wrap-seminar-1")
    assert (session.capacity, session.minimum) == (18, 8)
    assert session.slots.count() == 2
    assert [s.hours for s in session.slots.all()] == [Decimal("8.0"), Decimal("8.0")]


def test_full_session_waitlists_and_promotes_in_order_with_one_email(trainings, peers):
    session = make_session(trainings, capacity=2)
    first, second, third, fourth = (enrol(session, p) for p in peers)
    assert [e.status for e in (first, second, third, fourth)] == [
        Enrolment.Status.ENROLLED,
        Enrolment.Status.ENROLLED,
        Enrolment.Status.WAITLISTED,
        Enrolment.Status.WAITLISTED,
    ]
    mail.outbox.clear()
    with mock.patch("django.db.transaction.on_commit", side_effect=lambda f: f()):
        promoted = enrolment_cancel(enrolment=first, by=peers[0])
    assert promoted == [third]
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == Enrolment.Status.ENROLLED and third.promoted_at
    assert fourth.status == Enrolment.Status.WAITLISTED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [peers[2].email]
    assert "A seat opened up" in mail.outbox[0].subject
    assert mail.outbox[0].alternatives
    # The notice is recorded: sending it again sends nothing.
    from trainings.services.notifications import training_notify

    assert training_notify(enrolment_id=third.pk, kind=TrainingNotice.Kind.PROMOTED) is False
    assert len(mail.outbox) == 1
    assert session.enrolments.filter(status=Enrolment.Status.ENROLLED).count() == 2


def test_cancelling_a_waitlist_place_promotes_no_one(trainings, peers):
    session = make_session(trainings, capacity=1)
    enrol(session, peers[0])
    waiting = enrol(session, peers[1])
    assert enrolment_cancel(enrolment=waiting, by=peers[1]) == []


def test_rejoining_after_cancelling_goes_to_the_back(trainings, peers):
    session = make_session(trainings, capacity=1)
    enrol(session, peers[0])
    waiting = enrol(session, peers[1])
    enrol(session, peers[2])
    enrolment_cancel(enrolment=waiting, by=peers[1])
    again = enrol(session, peers[1])
    assert again.pk == waiting.pk and again.status == Enrolment.Status.WAITLISTED
    order = session.enrolments.filter(status=Enrolment.Status.WAITLISTED).order_by(
        "created_at", "pk"
    )
    assert [e.person for e in order] == [peers[2], peers[1]]


def test_missing_prerequisite_refuses_naming_the_course(trainings, peer):
    session = make_session(trainings, "wrap-seminar-2")
    with pytest.raises(ApplicationError, match="WRAP®, Seminar I") as exc:
        enrol(session, peer)
    assert "Seminar II requires" in str(exc.value)
    assert not Enrolment.objects.exists()


def test_prerequisite_met_after_completing_seminar_one(trainings, peer):
    first = make_session(trainings, "wrap-seminar-1")
    enrolment = enrol(first, peer)
    move_to_past(first, days_ago=2)
    marks = {(enrolment.pk, s.pk): Mark("present") for s in first.slots.all()}
    attendance_record(session=first, marks=marks, by=trainings)
    second = make_session(trainings, "wrap-seminar-2")
    assert enrol(second, peer).status == Enrolment.Status.ENROLLED


def test_audience_mismatch_warns_but_enrols(trainings, supervisor, peer):
    session = make_session(trainings, "advocacy-101")  # MH Peers
    result = enrolment_create(session=session, person=supervisor, by=supervisor)
    assert result.enrolment.status == Enrolment.Status.ENROLLED
    assert result.warnings and "meant for peer staff" in result.warnings[0]
    leaders = make_session(trainings, "making-connections")
    assert enrolment_create(session=leaders, person=peer, by=peer).warnings
    assert enrolment_create(session=leaders, person=supervisor, by=supervisor).warnings == []


def test_who_may_enrol_whom(trainings, peer, supervisor, other_supervisor, make_person):
    session = make_session(trainings)
    other_peer = make_person(Role.PEER)
    with pytest.raises(ApplicationError):
        enrolment_create(session=session, person=other_peer, by=peer)
    with pytest.raises(ApplicationError):
        enrolment_create(session=session, person=peer, by=other_supervisor)
    assert enrolment_create(session=session, person=peer, by=supervisor).enrolment.enrolled_by == (
        supervisor
    )
    assert enrolment_create(session=session, person=other_peer, by=trainings).enrolment


def test_closed_and_cancelled_sessions_refuse(trainings, peers):
    closed = make_session(trainings)
    Session.objects.filter(pk=closed.pk).update(
        enrolment_deadline=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(ApplicationError, match="Enrolment closed"):
        enrol(closed, peers[0])
    cancelled = make_session(trainings)
    enrol(cancelled, peers[1])
    session_cancel(session=cancelled, by=trainings)
    released = cancelled.enrolments.get()
    assert released.status == Enrolment.Status.CANCELLED
    # Released in bulk, and still on the audit trail.
    entry = LogEntry.objects.get_for_object(released).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes["status"] == [Enrolment.Status.ENROLLED, Enrolment.Status.CANCELLED]
    with pytest.raises(ApplicationError, match="cancelled"):
        enrol(cancelled, peers[0])


@pytest.mark.django_db(transaction=True)
def test_two_people_asking_for_the_last_seat_at_once_get_one_seat(catalogues, make_person):
    hr = make_person(Role.HR)
    session = make_session(hr, capacity=3)
    for _ in range(2):
        enrol(session, make_person(Role.PEER))
    racers = [make_person(Role.PEER) for _ in range(2)]
    outcomes = race(*[lambda p=p: enrol(session, p).status for p in racers])
    assert not [o for o in outcomes if isinstance(o, Exception)]
    results = outcomes
    assert sorted(results) == [Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED]
    assert session.enrolments.filter(status=Enrolment.Status.ENROLLED).count() == 3


def test_attendance_credits_hours_and_completes(trainings, peers):
    session = make_session(trainings, "mindful-workforce")  # 12 hours over 2 days
    full, partial, absent = (enrol(session, p) for p in peers[:3])
    move_to_past(session, days_ago=2)
    day1, day2 = session.slots.all()
    marks = {
        (full.pk, day1.pk): Mark("present"),
        (full.pk, day2.pk): Mark("present"),
        (partial.pk, day1.pk): Mark("present"),
        (partial.pk, day2.pk): Mark("partial", "4.5"),
        (absent.pk, day1.pk): Mark("present"),
        (absent.pk, day2.pk): Mark("absent"),
    }
    with mock.patch("onboarding.services.onboarding_training_completed", return_value=0) as hook:
        completed = attendance_record(session=session, marks=marks, by=trainings)
    assert {e.pk for e in completed} == {full.pk, partial.pk}
    for e in (full, partial, absent):
        e.refresh_from_db()
    assert (full.status, full.hours_credited) == (Enrolment.Status.COMPLETED, Decimal("12.0"))
    assert (partial.status, partial.hours_credited) == (Enrolment.Status.COMPLETED, Decimal("10.5"))
    assert (absent.status, absent.hours_credited) == (Enrolment.Status.NOT_COMPLETED, 0)
    assert hook.call_count == 2
    assert hook.call_args.kwargs["course_code"] == "mindful-workforce"
    assert Attendance.objects.count() == 6
    assert full.pdfs.get().kind == "certificate"


def test_bad_attendance_saves_nothing(trainings, peers):
    session = make_session(trainings)
    enrolment = enrol(session, peers[0])
    move_to_past(session)
    slot = session.slots.get()
    with pytest.raises(ApplicationError, match="give the hours"):
        attendance_record(
            session=session, marks={(enrolment.pk, slot.pk): Mark("partial", "9")}, by=trainings
        )
    assert not Attendance.objects.exists()
    with pytest.raises(ApplicationError, match="Only HR"):
        attendance_record(
            session=session, marks={(enrolment.pk, slot.pk): Mark("present")}, by=peers[0]
        )


def test_future_days_cannot_be_marked(trainings, peer):
    session = make_session(trainings)
    enrolment = enrol(session, peer)
    slot = session.slots.get()
    with pytest.raises(ApplicationError, match="from the day itself"):
        attendance_record(
            session=session, marks={(enrolment.pk, slot.pk): Mark("present")}, by=trainings
        )


def test_completing_orientation_ticks_onboarding_items(trainings, peer):
    session = make_session(trainings, "compliance-essentials")
    enrolment = enrol(session, peer)
    move_to_past(session)
    with mock.patch("onboarding.services.onboarding_training_completed", return_value=1) as hook:
        attendance_record(
            session=session,
            marks={(enrolment.pk, session.slots.get().pk): Mark("present")},
            by=trainings,
        )
    hook.assert_called_once_with(person=peer, course_code="compliance-essentials", by=trainings)


def _complete(hr, person, code, year_offset_days):
    session = make_session(hr, code)
    enrolment = enrol(session, person)
    move_to_past(session, days_ago=year_offset_days)
    marks = {(enrolment.pk, s.pk): Mark("present") for s in session.slots.all()}
    attendance_record(session=session, marks=marks, by=hr)
    return session


def test_transcript_totals_hours_by_group_and_year(trainings, peer):
    today = timezone.localdate()
    last_year_days = (today - date(today.year - 1, 6, 15)).days
    _complete(trainings, peer, "recovery-101", 3)  # 4 h, WISE core
    _complete(trainings, peer, "managing-up", 5)  # 6.5 h, peer/staff
    _complete(trainings, peer, "peer-support-101", last_year_days)  # 4 h, last year
    upcoming = make_session(trainings, "advocacy-101")
    enrol(upcoming, peer)
    transcript = transcript_for(person=peer, today=today)
    assert transcript.total == Decimal("14.5")
    assert transcript.years == [today.year - 1, today.year]
    assert transcript.hours[(today.year, "wise-core")] == Decimal("4.0")
    assert transcript.hours[(today.year, "peer-staff")] == Decimal("6.5")
    assert transcript.hours[(today.year - 1, "wise-core")] == Decimal("4.0")
    assert transcript.group_totals == {"wise-core": Decimal("8.0"), "peer-staff": Decimal("6.5")}
    assert [e.session for e in transcript.upcoming] == [upcoming]


def _rate_developing(evaluation, codes):
    EvaluationItem.objects.filter(section__evaluation=evaluation).update(rating=Rating.PROFICIENT)
    first_items = [
        EvaluationItem.objects.filter(section__evaluation=evaluation, section__code=code)
        .order_by("order")
        .first()
        .pk
        for code in codes
    ]
    EvaluationItem.objects.filter(pk__in=first_items).update(rating=Rating.DEVELOPING)


def test_developing_categories_suggest_linked_courses_with_open_seats(
    trainings, peer, supervisor, make_person
):
    older = make_submitted_evaluation(
        peer, supervisor, period_start=date(2025, 1, 1), period_end=date(2025, 3, 31)
    )
    _rate_developing(older, ["XI"])
    latest = make_submitted_evaluation(peer, supervisor)
    _rate_developing(latest, ["III", "IX"])
    draft = new_evaluation(
        peer, supervisor, period_start=date(2026, 11, 1), period_end=date(2026, 11, 2)
    )
    _rate_developing(draft, ["V"])
    story = make_session(trainings, "sharing-your-story")
    full = make_session(trainings, "sharing-your-story", capacity=1)
    enrol(full, make_person(Role.PEER))
    ethics = make_session(trainings, "ethics-boundaries-confidentiality")
    make_session(trainings, "advocacy-101")

    evaluation, suggestions = suggested_trainings(peer=peer, today=timezone.localdate())
    assert evaluation == latest
    by_code = {s.domain.code: {c.course.code: c.sessions for c in s.courses} for s in suggestions}
    assert set(by_code) == {"III", "IX"}
    assert set(by_code["III"]) == {"sharing-your-story", "peer-support-101-plus"}
    assert by_code["III"]["sharing-your-story"] == [story]  # the full one is left out
    assert by_code["IX"]["ethics-boundaries-confidentiality"] == [ethics]
    assert by_code["III"]["peer-support-101-plus"] == []


def test_correcting_attendance_to_absent_withdraws_completion(trainings, peer):
    session = make_session(trainings)
    enrolment = enrol(session, peer)
    move_to_past(session)
    key = (enrolment.pk, session.slots.get().pk)
    attendance_record(session=session, marks={key: Mark("present")}, by=trainings)
    assert enrolment.pdfs.count() == 1
    assert attendance_record(session=session, marks={key: Mark("absent")}, by=trainings) == []
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.NOT_COMPLETED and enrolment.hours_credited == 0
    assert enrolment.pdfs.count() == 0


# Issue 13: a day of trainings without friction ------------------------------------------


def test_a_session_credits_its_own_times_not_the_course_hours(trainings, peer):
    # Recovery 101 is a 4-hour course; this session runs 1:00 to 4:00.
    session = make_session(trainings, "recovery-101", starts=time(13), ends=time(16))
    assert [s.hours for s in session.slots.all()] == [Decimal("3.0")]
    enrolment = enrol(session, peer)
    move_to_past(session)
    key = (enrolment.pk, session.slots.get().pk)
    attendance_record(session=session, marks={key: Mark("present")}, by=trainings)
    enrolment.refresh_from_db()
    assert enrolment.hours_credited == Decimal("3.0")


def test_a_multi_day_session_credits_the_sum_of_its_days(trainings):
    session = make_session(trainings, "wrap-seminar-1", starts=time(9), ends=time(12, 15))
    assert [s.hours for s in session.slots.all()] == [Decimal("3.3"), Decimal("3.3")]


def test_completion_follows_the_agency_share_of_hours(trainings, peers, admin_user):
    session = make_session(trainings, "recovery-101")  # one day of 4 hours
    below, at = enrol(session, peers[0]), enrol(session, peers[1])
    move_to_past(session)
    slot = session.slots.get()
    marks = {
        (below.pk, slot.pk): Mark("partial", "3"),  # 75%: below the default 80%
        (at.pk, slot.pk): Mark("partial", "3.2"),  # exactly 80%
    }
    completed = attendance_record(session=session, marks=marks, by=trainings)
    assert [e.pk for e in completed] == [at.pk]
    below.refresh_from_db()
    at.refresh_from_db()
    assert (below.status, below.hours_credited) == (Enrolment.Status.NOT_COMPLETED, 0)
    assert (at.status, at.hours_credited, at.completion_percent) == (
        Enrolment.Status.COMPLETED,
        Decimal("3.2"),
        80,
    )

    # The agency lowers its rule; the next recording settles by it and says so.
    training_settings_update(by=admin_user, completion_percent=70)
    completed = attendance_record(session=session, marks={}, by=trainings)
    below.refresh_from_db()
    assert [e.pk for e in completed] == [below.pk]
    assert (below.hours_credited, below.completion_percent) == (Decimal("3.0"), 70)


def test_only_a_program_admin_sets_the_rule_and_within_range(trainings, admin_user):
    with pytest.raises(ApplicationError, match="Only a program admin"):
        training_settings_update(by=trainings, completion_percent=50)
    for wrong in (0, 101):
        with pytest.raises(ApplicationError):
            training_settings_update(by=admin_user, completion_percent=wrong)
    assert not TrainingSettings.objects.exists()
    settings = training_settings_update(by=admin_user, completion_percent=90)
    assert (settings.organisation_id, settings.completion_percent) == (
        admin_user.organisation_id,
        90,
    )
    assert LogEntry.objects.get_for_object(settings).exists()


def test_raising_capacity_promotes_the_waitlist_in_order(
    trainings, peers, django_capture_on_commit_callbacks
):
    session = make_session(trainings, capacity=1)
    seated, first, second, third = (enrol(session, p) for p in peers)
    with django_capture_on_commit_callbacks(execute=True):
        promoted = session_capacity_change(session=session, capacity=3, by=trainings)
    assert [e.pk for e in promoted] == [first.pk, second.pk]
    statuses = dict(Enrolment.objects.filter(session=session).values_list("pk", "status"))
    assert statuses == {
        seated.pk: "enrolled",
        first.pk: "enrolled",
        second.pk: "enrolled",
        third.pk: "waitlisted",
    }
    assert set(TrainingNotice.objects.values_list("enrolment", flat=True)) == {first.pk, second.pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([peers[1].email, peers[2].email])
    # Each promotion is a move of the enrolment table, recorded as any status change.
    assert LogEntry.objects.get_for_object(Enrolment.objects.get(pk=first.pk)).count() == 2


def test_capacity_cannot_drop_below_the_people_enrolled(trainings, peers):
    session = make_session(trainings, capacity=3)
    for p in peers[:3]:
        enrol(session, p)
    with pytest.raises(ApplicationError, match="3 people are enrolled"):
        session_capacity_change(session=session, capacity=2, by=trainings)
    with pytest.raises(ApplicationError, match="Only HR"):
        session_capacity_change(session=session, capacity=5, by=peers[0])
    assert Session.objects.get(pk=session.pk).capacity == 3


def test_one_place_per_course_and_a_retake_only_warns(trainings, peer):
    early = make_session(trainings, "advocacy-101", in_days=10)
    later = make_session(trainings, "advocacy-101", in_days=20)
    enrol(early, peer)
    with pytest.raises(ApplicationError, match="already has a place in Advocacy 101"):
        enrol(later, peer)
    assert not Enrolment.objects.filter(session=later).exists()

    finished = make_session(trainings, "recovery-101")
    enrolment = enrol(finished, peer)
    move_to_past(finished)
    key = (enrolment.pk, finished.slots.get().pk)
    attendance_record(session=finished, marks={key: Mark("present")}, by=trainings)
    again = make_session(trainings, "recovery-101", in_days=20)
    result = enrolment_create(session=again, person=peer, by=peer)
    assert result.enrolment.status == Enrolment.Status.ENROLLED
    assert any("already completed Recovery 101" in w for w in result.warnings)


def _suggested(peer):
    _, suggestions = suggested_trainings(peer=peer, today=timezone.localdate())
    return {s.domain.code: {c.course.code: c for c in s.courses} for s in suggestions}


def test_suggestions_put_wrap_one_before_wrap_two(trainings, peer, supervisor):
    evaluation = make_submitted_evaluation(peer, supervisor)
    _rate_developing(evaluation, ["V"])  # WRAP Seminar II builds category V
    one = make_session(trainings, "wrap-seminar-1")
    make_session(trainings, "wrap-seminar-2", in_days=30)
    offered = _suggested(peer)["V"]
    assert "wrap-seminar-2" not in offered
    first = offered["wrap-seminar-1"]
    assert first.leads_to.code == "wrap-seminar-2" and first.sessions == [one]

    # Once Seminar I is completed, Seminar II is suggested, and Seminar I no more.
    enrolment = enrol(one, peer)
    move_to_past(one, days_ago=3)
    marks = {(enrolment.pk, s.pk): Mark("present") for s in one.slots.all()}
    attendance_record(session=one, marks=marks, by=trainings)
    offered = _suggested(peer)["V"]
    assert "wrap-seminar-1" not in offered
    assert offered["wrap-seminar-2"].leads_to is None


def test_suggestions_show_a_place_held_instead_of_enrolling_again(trainings, peer, supervisor):
    evaluation = make_submitted_evaluation(peer, supervisor)
    _rate_developing(evaluation, ["III"])
    held = make_session(trainings, "sharing-your-story", in_days=10)
    make_session(trainings, "sharing-your-story", in_days=20)
    place = enrol(held, peer)
    suggestion = _suggested(peer)["III"]["sharing-your-story"]
    assert suggestion.place == place and suggestion.sessions == []


def test_correcting_attendance_reopens_the_onboarding_items_it_ticked(trainings, peer):
    session = make_session(trainings)
    enrolment = enrol(session, peer)
    move_to_past(session)
    key = (enrolment.pk, session.slots.get().pk)
    with mock.patch("onboarding.services.onboarding_training_completed", return_value=1):
        attendance_record(session=session, marks={key: Mark("present")}, by=trainings)
    with mock.patch("onboarding.services.onboarding_training_withdrawn", return_value=1) as hook:
        attendance_record(session=session, marks={key: Mark("partial", "1")}, by=trainings)
    hook.assert_called_once_with(person=peer, course_code="recovery-101", by=trainings)


def _days(session):
    return [
        Day(
            day=timezone.localtime(s.starts_at).date(),
            starts=timezone.localtime(s.starts_at).time(),
            ends=timezone.localtime(s.ends_at).time(),
        )
        for s in session.slots.all()
    ]


def test_changing_the_days_credits_each_day_its_own_time_and_keeps_the_days_ids(trainings):
    session = make_session(trainings, "wrap-seminar-1")
    first_slot = session.slots.first()
    later = timezone.localdate() + timedelta(days=20)
    changed = session_update(
        session=session,
        by=trainings,
        location="Annex, room 5",
        days=[
            Day(day=later + timedelta(days=1), starts=time(13), ends=time(16, 30)),
            Day(day=later, starts=time(9), ends=time(12)),
            Day(day=later + timedelta(days=2), starts=time(9), ends=time(10)),
        ],
    )
    assert changed is True
    session.refresh_from_db()
    assert (session.location, session.changes) == ("Annex, room 5", 1)
    slots = list(session.slots.all())
    assert [(timezone.localtime(s.starts_at).date(), s.hours) for s in slots] == [
        (later, Decimal("3.0")),
        (later + timedelta(days=1), Decimal("3.5")),
        (later + timedelta(days=2), Decimal("1.0")),
    ]
    # The first day is moved, not replaced: a calendar holding it updates that event.
    assert slots[0].pk == first_slot.pk
    assert LogEntry.objects.get_for_object(session).filter(action=LogEntry.Action.UPDATE).exists()
    assert LogEntry.objects.get_for_object(slots[0]).filter(action=LogEntry.Action.UPDATE).exists()


def test_dropping_a_day_removes_it_and_its_calendar_file_cancels_that_day(trainings):
    from trainings.ics import session_ics

    session = make_session(trainings, "wrap-seminar-1")
    kept, dropped = session.slots.order_by("starts_at")
    session_update(
        session=session, by=trainings, location=session.location, days=_days(session)[:1]
    )
    assert session.slots.count() == 1
    assert SessionSlot.objects.filter(session=session).get().hours == Decimal("8.0")
    session.refresh_from_db()
    events = session_ics(session=session, slots=list(session.slots.all())).replace("\r\n ", "")
    events = events.split("BEGIN:VEVENT")[1:]
    by_uid = {e.split("UID:")[1].split("@")[0]: e for e in events}
    kept_event = by_uid[f"training-session-{session.pk}-slot-{kept.pk}"]
    dropped_event = by_uid[f"training-session-{session.pk}-slot-{dropped.pk}"]
    assert "STATUS:CONFIRMED" in kept_event and "SEQUENCE:1\r\n" in kept_event
    # A calendar that imported the two days replaces the second with a cancelled one.
    assert "STATUS:CANCELLED" in dropped_event and "SEQUENCE:1\r\n" in dropped_event
    start = dropped.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}\r\n" in dropped_event


def test_a_change_emails_everyone_enrolled_and_waitlisted_once_and_a_second_change_again(
    trainings, peers, django_capture_on_commit_callbacks
):
    session = make_session(trainings, capacity=1)
    for person in peers[:2]:
        enrol(session, person)  # the second is waitlisted
    enrolment_cancel(enrolment=enrol(session, peers[2]), by=peers[2])
    mail.outbox.clear()
    days = _days(session)
    moved = [Day(day=d.day + timedelta(days=1), starts=d.starts, ends=d.ends) for d in days]
    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, by=trainings, location="Annex", days=moved)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in peers[:2])
    assert mail.outbox[0].subject == f"Changed: {session.course}"
    assert "Annex" in mail.outbox[0].body
    mail.outbox.clear()
    later = [Day(day=d.day, starts=time(10), ends=d.ends) for d in moved]
    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, by=trainings, location="Annex", days=later)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in peers[:2])
    session.refresh_from_db()
    assert session.changes == 2


def test_a_save_that_changes_nothing_writes_and_sends_nothing(
    trainings, peers, django_capture_on_commit_callbacks
):
    session = make_session(trainings, "wrap-seminar-1")
    enrol(session, peers[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        changed = session_update(
            session=session,
            by=trainings,
            location=session.location,
            days=list(reversed(_days(session))),
        )
    assert changed is False
    assert mail.outbox == []
    session.refresh_from_db()
    assert session.changes == 0


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ([], "at least one day"),
        ([Day(day=date.max, starts=time(10), ends=time(9))], "end after it starts"),
        ([Day(day=date.min, starts=time(9), ends=time(10))], "in the past"),
        (
            [Day(day=date.max, starts=time(9), ends=time(10))] * 2,
            "each day once",
        ),
    ],
)
def test_update_refuses_days_that_cannot_be(trainings, days, message):
    session = make_session(trainings)
    before = _days(session)
    with pytest.raises(ApplicationError, match=message):
        session_update(session=session, by=trainings, location="Elsewhere", days=days)
    session.refresh_from_db()
    assert (session.location, _days(session), session.changes) == (
        "Main office, room 2",
        before,
        0,
    )


def test_update_refuses_a_first_day_before_the_enrolment_deadline(trainings):
    session = make_session(trainings)
    with pytest.raises(ApplicationError, match="enrolment deadline"):
        session_update(
            session=session,
            by=trainings,
            location="Main office, room 2",
            days=[Day(day=timezone.localdate(), starts=time(9), ends=time(10))],
        )


def test_update_needs_a_place_or_a_link(trainings):
    session = make_session(trainings)
    with pytest.raises(ApplicationError, match="place or an online link"):
        session_update(session=session, by=trainings, location="", days=_days(session))


def test_update_is_refused_for_a_cancelled_session_and_once_attendance_is_recorded(
    trainings, peers
):
    cancelled = make_session(trainings)
    session_cancel(session=cancelled, by=trainings)
    with pytest.raises(ApplicationError, match="cancelled"):
        session_update(session=cancelled, by=trainings, location="X", days=_days(cancelled))
    attended = make_session(trainings)
    enrolment = enrol(attended, peers[0])
    move_to_past(attended, days_ago=0)
    attendance_record(
        session=attended,
        marks={(enrolment.pk, s.pk): Mark("present") for s in attended.slots.all()},
        by=trainings,
    )
    with pytest.raises(ApplicationError, match="Attendance is already recorded"):
        session_update(session=attended, by=trainings, location="X", days=_days(attended))


def test_only_hr_of_the_organisation_that_scheduled_it_changes_a_session(
    trainings, make_person, peers
):
    session = make_session(trainings)
    for who in (peers[0], make_person(Role.SUPERVISOR)):
        with pytest.raises(ApplicationError, match="Only HR"):
            session_update(session=session, by=who, location="X", days=_days(session))
