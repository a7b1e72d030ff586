"""Onboarding services: due dates, employee/volunteer items, item actions, check-in cadence."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from core.errors import ApplicationError
from onboarding.models import (
    Cadence,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Holiday,
    Onboarding,
    OnboardingItem,
    OnboardingItemEvent,
    PastSteps,
    QuestionSet,
)
from onboarding.services.calendar import due_date_for
from onboarding.services.checkins import (
    check_in_record,
    checkin_schedule_change_cadence,
    checkin_schedule_create,
    standard_cadences,
)
from onboarding.services.plans import (
    DONE_BEFORE_NOTE,
    onboarding_item_complete,
    onboarding_item_not_applicable,
    onboarding_item_reassign,
    onboarding_item_reopen,
)
from onboarding.services.templates import checklist_template_clone
from onboarding.services.training import (
    onboarding_training_completed,
    onboarding_training_withdrawn,
)
from people.models import Program, StaffProfile
from people.roles import Role
from tests.clock import at_agency, frozen

# Aliased: pytest would collect a name starting with "test" as a test.
from tests.factories import test_organisation as default_agency

from .conftest import START

pytestmark = [frozen, pytest.mark.django_db]
Frequency = Cadence.Frequency


def test_shipped_checklist_matches_the_source(template):
    items = template.items.all()
    assert items.count() == 50
    assert {i.phase for i in items} == {
        "pre_selection",
        "post_selection",
        "day_one",
        "week_one",
        "first_90_days",
    }
    i9 = items.get(text="I-9 form")
    w9 = items.get(text="W-9 for volunteers")
    assert (i9.applies_to, w9.applies_to) == ("employee", "volunteer")
    assert (
        i9.record_only
        and items.get(text="Social Security card/authorization to work info").record_only
    )
    orientation = items.filter(phase="week_one", group="WISE Peer Orientation Program")
    assert orientation.count() == 11
    assert items.get(text="Recovery 101").training_course_code == "recovery-101"
    assert QuestionSet.objects.get(code="wise-peer").questions.count() == 10
    assert QuestionSet.objects.get(code="wise-non-peer").questions.count() == 4


def test_due_dates_skip_weekends_and_holidays():
    closed = {date(2026, 12, 25)}
    # Day one on a Saturday moves to Monday; a due date before the start moves earlier.
    assert due_date_for(date(2026, 12, 5), 0, closed=closed) == date(2026, 12, 7)
    assert due_date_for(date(2026, 12, 7), -1, closed=closed) == date(2026, 12, 4)
    assert due_date_for(date(2026, 12, 24), 1, closed=closed) == date(2026, 12, 28)
    assert due_date_for(date(2026, 12, 28), -3, closed=closed) == date(2026, 12, 24)


def test_start_creates_the_new_hire_and_computes_due_dates(start_onboarding, hr_user, supervisor):
    Holiday.objects.create(
        organisation=default_agency(), date=date(2026, 12, 8), name="Agency retreat"
    )
    onboarding = start_onboarding()
    person = onboarding.person
    assert person.has_role(Role.PEER) and person.profile.supervisor == supervisor
    items = {i.text: i for i in onboarding.items.all()}
    assert items["I-9 form"].due_date == START and "W-9 for volunteers" not in items
    assert items["Confirm start date"].due_date == START - timedelta(days=14)
    # Week one topics are due on day 5 (a Saturday here) → the next Monday; day 1 (the holiday) → Wednesday.
    assert items["Recovery 101"].due_date == date(2026, 12, 14)
    assert items[
        "Send peer to WISE Peer Orientation Program, which includes the following topics:"
    ].due_date == date(2026, 12, 9)
    assert items["Confirm start date"].assignee == hr_user
    assert items["I-9 form"].assignee == person
    assert all(i.due_date.weekday() < 5 and i.due_date != date(2026, 12, 8) for i in items.values())


def test_a_plan_started_late_has_nothing_overdue_its_past_steps_are_due_today(start_onboarding):
    # Frozen on a Monday two weeks before START: the 30-days-before steps are already late.
    today = timezone.localdate()
    onboarding = start_onboarding()
    late = [i for i in onboarding.items.all() if i.template_item.due_offset_days < -14]
    assert late and all(i.due_date == today and i.status == "open" for i in late)
    assert min(i.due_date for i in onboarding.items.all()) == today
    assert not onboarding.items.filter(due_date__lt=today).exists()


def test_hr_may_record_past_steps_as_done_before_the_plan_began(start_onboarding, hr_user):
    today = timezone.localdate()
    onboarding = start_onboarding(past_steps=PastSteps.DONE_BEFORE)
    late = [i for i in onboarding.items.all() if i.due_date < today]
    assert late and all(i.status == "done" and i.completed_by == hr_user for i in late)
    assert {i.notes for i in late} == {DONE_BEFORE_NOTE}
    events = OnboardingItemEvent.objects.filter(item__in=late)
    assert sorted(events.values_list("item_id", "action", "by")) == sorted(
        (i.pk, "completed", hr_user.pk) for i in late
    )
    assert onboarding.items.filter(due_date__gte=today).exclude(status="open").count() == 0


def test_the_plan_takes_the_program_hr_chose(start_onboarding, make_person):
    program = Program.objects.create(name="Drop-in center", slug="drop-in")
    onboarding = start_onboarding(program=program)
    assert onboarding.program == program and onboarding.person.profile.program == program
    with pytest.raises(ApplicationError, match="steps whose dates have already passed"):
        start_onboarding(make_person(Role.PEER), past_steps="later")


def test_volunteers_get_the_w9_not_the_i9(start_onboarding, make_person):
    onboarding = start_onboarding(
        make_person(Role.PEER), employment_type=StaffProfile.EmploymentType.VOLUNTEER
    )
    texts = set(onboarding.items.values_list("text", flat=True))
    assert "W-9 for volunteers" in texts and "I-9 form" not in texts and "W-4 form" not in texts


def test_one_active_onboarding_per_person(start_onboarding, make_person):
    person = make_person(Role.PEER)
    start_onboarding(person)
    with pytest.raises(ApplicationError, match="already has an onboarding in progress"):
        start_onboarding(person)


def test_only_hr_starts_and_bad_input_saves_nothing(template, supervisor, peer):
    from onboarding.services.plans import onboarding_start

    with pytest.raises(ApplicationError, match="Only HR"):
        onboarding_start(
            template=template,
            start_date=START,
            employment_type="employee",
            supervisor=supervisor,
            by=supervisor,
            person=peer,
        )
    assert Onboarding.objects.count() == 0


def test_missing_name_or_duplicate_email_is_refused(start_onboarding, peer):
    with pytest.raises(ApplicationError, match="first name, last name and email"):
        start_onboarding(first_name="", last_name="", email="")
    with pytest.raises(ApplicationError, match="already has the email"):
        start_onboarding(first_name="Pat", last_name="Doe", email=peer.email.upper())
    assert Onboarding.objects.count() == 0


def test_item_actions_are_recorded(start_onboarding, hr_user, supervisor, make_person):
    onboarding = start_onboarding()
    item = onboarding.items.get(text="Driver license/government-issued ID")
    done = onboarding_item_complete(
        item=item, by=hr_user, notes="Seen and filed in the personnel folder."
    )
    assert done.status == "done" and done.completed_by == hr_user and done.completed_at
    with pytest.raises(ApplicationError, match="already done"):
        onboarding_item_complete(item=item, by=hr_user)
    onboarding_item_reopen(item=item, by=hr_user, notes="Filed the wrong card")
    other = make_person(Role.HR)
    onboarding_item_reassign(item=item, by=supervisor, to=other, notes="Covering this week")
    with pytest.raises(ApplicationError, match="Say why"):
        onboarding_item_not_applicable(item=item, by=other, reason=" ")
    onboarding_item_not_applicable(
        item=item, by=other, reason="Does not drive; state ID seen instead."
    )
    actions = list(OnboardingItemEvent.objects.filter(item=item).values_list("action", "by"))
    assert actions == [
        ("completed", hr_user.pk),
        ("reopened", hr_user.pk),
        ("reassigned", supervisor.pk),
        ("not_applicable", other.pk),
    ]
    event = OnboardingItemEvent.objects.get(item=item, action="reassigned")
    assert (event.from_assignee, event.to_assignee) == (hr_user, other)


def test_document_items_refuse_document_numbers(start_onboarding, hr_user):
    item = start_onboarding().items.get(text="Social Security card/authorization to work info")
    with pytest.raises(ApplicationError, match="Do not type document numbers"):
        onboarding_item_complete(item=item, by=hr_user, notes="SSN 123-45-6789 checked")
    assert OnboardingItem.objects.get(pk=item.pk).status == "open"


@pytest.mark.parametrize(
    "notes", ["123-45-6789", "ssn 123 45 6789", "123.45.6789", "#123456789", "DL D1234567"]
)
def test_document_numbers_are_refused_however_they_are_spaced(start_onboarding, hr_user, notes):
    item = start_onboarding().items.get(text="Social Security card/authorization to work info")
    with pytest.raises(ApplicationError, match="Do not type document numbers"):
        onboarding_item_complete(item=item, by=hr_user, notes=notes)
    assert OnboardingItem.objects.get(pk=item.pk).status == "open"


def test_notes_without_a_document_number_are_kept(start_onboarding, hr_user):
    item = start_onboarding().items.get(text="Social Security card/authorization to work info")
    onboarding_item_complete(item=item, by=hr_user, notes="Seen 12/1, copy in the locked file")
    assert OnboardingItem.objects.get(pk=item.pk).notes == "Seen 12/1, copy in the locked file"


def test_someone_unrelated_cannot_act(start_onboarding, other_supervisor):
    item = start_onboarding().items.first()
    with pytest.raises(ApplicationError, match="Only the person it is assigned to"):
        onboarding_item_complete(item=item, by=other_supervisor)


def test_training_completion_ticks_orientation_items(start_onboarding, hr_user):
    onboarding = start_onboarding()
    assert (
        onboarding_training_completed(
            person=onboarding.person, course_code="compliance-essentials", by=hr_user
        )
        == 2
    )
    done = set(onboarding.items.filter(status="done").values_list("text", flat=True))
    assert done == {"HIPAA Basics", "Sexual Harassment/Workplace Bullying"}
    assert (
        onboarding_training_completed(
            person=onboarding.person, course_code="compliance-essentials", by=hr_user
        )
        == 0
    )


def test_plan_completes_when_every_required_item_is_closed(start_onboarding, hr_user):
    onboarding = start_onboarding()
    for item in onboarding.items.all():
        onboarding_item_not_applicable(item=item, by=hr_user, reason="Test")
    assert Onboarding.objects.get(pk=onboarding.pk).status == Onboarding.Status.COMPLETED


def test_clone_template_for_a_program(template):
    from tests.factories import ProgramFactory

    program = ProgramFactory()
    clone = checklist_template_clone(
        template=template,
        name="TAY drop-in onboarding",
        program=program,
        organisation=program.organisation,
    )
    assert clone.items.count() == 50 and clone.program == program
    assert ChecklistTemplateItem.objects.filter(template=template).count() == 50
    with pytest.raises(ApplicationError, match="already exists"):
        checklist_template_clone(
            template=template,
            name="tay drop-in ONBOARDING",
            program=None,
            organisation=default_agency(),
        )
    assert ChecklistTemplate.objects.count() == 2


def test_check_in_cadence_over_time(catalogues, supervisor, peer):
    start = date(2026, 12, 1)
    schedule = checkin_schedule_create(
        person=peer, supervisor=supervisor, by=supervisor, cadences=standard_cadences(start)
    )
    assert schedule.next_due == start
    questions = QuestionSet.objects.get(code="wise-peer")

    def record(day):
        answers = {q.pk: "Going well" for q in questions.questions.all()}
        # Recorded on the day it took place (a check-in is never recorded ahead).
        with time_machine.travel(at_agency(day, 17)):
            check_in_record(
                schedule=schedule,
                by=supervisor,
                held_on=day,
                question_set=questions,
                participants=[peer, supervisor],
                answers=answers,
                follow_ups=[("Find a WRAP seminar", peer, day + timedelta(days=14))],
            )
        schedule.refresh_from_db()
        return schedule.next_due

    assert record(start) == start + timedelta(days=7)  # weekly for 30 days
    assert record(start + timedelta(days=35)) == start + timedelta(days=49)  # every two weeks to 90
    assert record(start + timedelta(days=95)) == date(2027, 4, 6)  # monthly after
    checkin_schedule_change_cadence(
        schedule=schedule,
        by=supervisor,
        frequency=Frequency.WEEKLY,
        starts_on=start + timedelta(days=100),
    )
    schedule.refresh_from_db()
    assert schedule.next_due == start + timedelta(days=102)
    with pytest.raises(ApplicationError, match="Check-ins began on December 1, 2026"):
        checkin_schedule_change_cadence(
            schedule=schedule, by=supervisor, frequency=Frequency.WEEKLY, starts_on=date(1, 1, 1)
        )
    assert schedule.cadences.count() == 4
    assert schedule.check_ins.first().follow_ups.get().owner == peer


def test_check_in_needs_participants_and_its_own_questions(catalogues, supervisor, peer):
    schedule = checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[(Frequency.MONTHLY, date(2026, 12, 1), None)],
    )
    peer_set, staff_set = (
        QuestionSet.objects.get(code="wise-peer"),
        QuestionSet.objects.get(code="wise-non-peer"),
    )
    with pytest.raises(ApplicationError, match="who took part"):
        check_in_record(
            schedule=schedule,
            by=supervisor,
            held_on=date(2026, 12, 1),
            question_set=peer_set,
            participants=[],
            answers={},
        )
    with pytest.raises(ApplicationError, match="not in this question set"):
        check_in_record(
            schedule=schedule,
            by=supervisor,
            held_on=date(2026, 12, 1),
            question_set=peer_set,
            participants=[peer],
            answers={staff_set.questions.first().pk: "x"},
        )
    assert schedule.check_ins.count() == 0


def test_an_item_goes_only_to_someone_who_can_see_and_act_on_it(
    start_onboarding, hr_user, supervisor, other_supervisor, make_person
):
    onboarding = start_onboarding()
    new_hire = onboarding.person
    item = onboarding.items.filter(assignee=new_hire).first()
    peer_elsewhere = make_person(Role.PEER, supervisor=other_supervisor)
    # The new hire does not hand their items on; their supervisor or HR does.
    with pytest.raises(ApplicationError, match="supervisor or HR can reassign"):
        onboarding_item_reassign(item=item, by=new_hire, to=supervisor)
    # Nobody can give it to someone who would find a 404 behind it.
    for by in (supervisor, hr_user):
        for to in (peer_elsewhere, other_supervisor):
            with pytest.raises(ApplicationError, match="can go only to") as refused:
                onboarding_item_reassign(item=item, by=by, to=to)
            assert to.last_name not in str(refused.value)
    item.refresh_from_db()
    assert item.assignee == new_hire
    assert not OnboardingItemEvent.objects.filter(item=item, action="reassigned").exists()
    # The new hire, the supervisor and anyone in HR can take it.
    onboarding_item_reassign(item=item, by=supervisor, to=hr_user)
    onboarding_item_reassign(item=item, by=hr_user, to=supervisor)
    onboarding_item_reassign(item=item, by=hr_user, to=new_hire)
    assert OnboardingItemEvent.objects.filter(item=item, action="reassigned").count() == 3


# Bugs found while writing the tests below ---------------------------------------------


def _not_applicable(item, by, text):
    onboarding_item_not_applicable(item=item, by=by, reason=text)


def _reopen(item, by, text):
    onboarding_item_complete(item=item, by=by, notes="Seen and filed.")
    onboarding_item_reopen(item=item, by=by, notes=text)


def _reassign(item, by, text):
    onboarding_item_reassign(item=item, by=by, to=item.onboarding.supervisor, notes=text)


@pytest.mark.parametrize("act", [_not_applicable, _reopen, _reassign])
def test_document_numbers_are_refused_on_every_action_on_a_document_item(
    start_onboarding, hr_user, act
):
    """Completing refused them; a reason, a reopening note or a handover note took them."""
    item = start_onboarding().items.get(text="Social Security card/authorization to work info")
    with pytest.raises(ApplicationError, match="Do not type document numbers"):
        act(item, hr_user, "Card 123-45-6789 was seen")
    assert not OnboardingItemEvent.objects.filter(notes__contains="6789").exists()
    assert not OnboardingItem.objects.filter(not_applicable_reason__contains="6789").exists()
    item.refresh_from_db()
    assert item.assignee == hr_user and item.status in ("open", "done")


def test_reopening_an_item_of_a_finished_plan_while_a_newer_one_runs_is_refused(
    start_onboarding, hr_user, make_person
):
    person = make_person(Role.PEER)
    first = start_onboarding(person)
    for item in first.items.all():
        onboarding_item_not_applicable(item=item, by=hr_user, reason="Rehired later")
    assert Onboarding.objects.get(pk=first.pk).status == Onboarding.Status.COMPLETED
    second = start_onboarding(person, start_date=START + timedelta(days=28))
    item = first.items.first()
    with pytest.raises(ApplicationError, match="newer onboarding in progress"):
        onboarding_item_reopen(item=item, by=hr_user)
    item.refresh_from_db()
    assert item.status == OnboardingItem.Status.NOT_APPLICABLE
    assert Onboarding.objects.get(pk=first.pk).status == Onboarding.Status.COMPLETED
    assert Onboarding.objects.get(pk=second.pk).status == Onboarding.Status.ACTIVE


def test_only_an_onboarding_in_progress_can_be_cancelled(start_onboarding, hr_user):
    from onboarding.services.plans import onboarding_cancel

    onboarding = start_onboarding()
    for item in onboarding.items.all():
        onboarding_item_not_applicable(item=item, by=hr_user, reason="Test")
    onboarding.refresh_from_db()
    with pytest.raises(ApplicationError, match="Only an onboarding in progress"):
        onboarding_cancel(onboarding=onboarding, by=hr_user)
    assert Onboarding.objects.get(pk=onboarding.pk).status == Onboarding.Status.COMPLETED


# Due dates -------------------------------------------------------------------------


def test_business_day_steps_over_a_run_of_closed_days_in_its_direction():
    from onboarding.services.calendar import business_day

    closed = {date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 28)}
    # Thursday and Friday closed, then the weekend, then Monday closed: Tuesday.
    assert business_day(date(2026, 12, 24), backwards=False, closed=closed) == date(2026, 12, 29)
    # Backwards from Monday the 28th: past the weekend and both holidays to Wednesday.
    assert business_day(date(2026, 12, 28), backwards=True, closed=closed) == date(2026, 12, 23)
    # An open weekday stays where it is.
    assert business_day(date(2026, 12, 23), backwards=True, closed=closed) == date(2026, 12, 23)


def test_add_months_keeps_the_day_or_the_end_of_a_shorter_month():
    from onboarding.services.calendar import add_months

    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_closed_days_reads_holidays_in_the_range_only():
    from onboarding.services.calendar import closed_days

    for day, name in [(date(2026, 11, 26), "Thanksgiving"), (date(2026, 12, 25), "Christmas")]:
        Holiday.objects.create(organisation=default_agency(), date=day, name=name)
    assert closed_days(
        date(2026, 11, 1), date(2026, 11, 30), organisation_id=default_agency().pk
    ) == {date(2026, 11, 26)}
    assert closed_days(
        date(2026, 11, 26), date(2026, 12, 25), organisation_id=default_agency().pk
    ) == {
        date(2026, 11, 26),
        date(2026, 12, 25),
    }


@pytest.fixture
def small_template(db):
    """Three items around the start, one per assignee, and one per employment type."""
    template = ChecklistTemplate.objects.create(name="Small agency")
    rows = [
        ("before", -3, "hr", "both", True),
        ("day-one", 0, "new_hire", "both", True),
        ("after", 4, "supervisor", "both", False),
        ("employee-only", 1, "new_hire", "employee", True),
        ("volunteer-only", 1, "new_hire", "volunteer", True),
    ]
    for order, (code, offset, assignee, applies_to, required) in enumerate(rows):
        ChecklistTemplateItem.objects.create(
            template=template,
            code=code,
            phase="day_one",
            text=code.replace("-", " ").capitalize(),
            assignee=assignee,
            due_offset_days=offset,
            applies_to=applies_to,
            required=required,
            order=order,
        )
    return template


def _start(template, *, by, supervisor, person, start_date=START, employment_type="employee"):
    from onboarding.services.plans import onboarding_start

    return onboarding_start(
        template=template,
        start_date=start_date,
        employment_type=employment_type,
        supervisor=supervisor,
        by=by,
        person=person,
    )


def test_due_dates_before_the_start_move_earlier_and_after_it_later(
    small_template, hr_user, supervisor, peer
):
    Holiday.objects.create(organisation=default_agency(), date=date(2026, 12, 4), name="Staff day")
    Holiday.objects.create(
        organisation=default_agency(), date=date(2026, 12, 11), name="Agency retreat"
    )
    onboarding = _start(small_template, by=hr_user, supervisor=supervisor, person=peer)
    due = dict(onboarding.items.values_list("template_item__code", "due_date"))
    # -3 from Monday 7 is Friday 4, a holiday: moved earlier, to Thursday 3, still before the start.
    assert due["before"] == date(2026, 12, 3)
    assert due["day-one"] == START
    # +4 is Friday 11, a holiday: moved later, over the weekend, to Monday 14.
    assert due["after"] == date(2026, 12, 14)
    assert due["employee-only"] == date(2026, 12, 8)
    assert "volunteer-only" not in due


def test_a_plan_keeps_its_due_dates_when_a_holiday_is_added_later(
    small_template, hr_user, supervisor, peer
):
    onboarding = _start(small_template, by=hr_user, supervisor=supervisor, person=peer)
    before = dict(onboarding.items.values_list("pk", "due_date"))
    Holiday.objects.create(organisation=default_agency(), date=START, name="Closed")
    assert dict(onboarding.items.values_list("pk", "due_date")) == before


def test_a_volunteer_gets_volunteer_items_and_assignees_follow_the_roles(
    small_template, hr_user, supervisor, peer
):
    onboarding = _start(
        small_template,
        by=hr_user,
        supervisor=supervisor,
        person=peer,
        employment_type="volunteer",
    )
    items = {i.template_item.code: i for i in onboarding.items.select_related("template_item")}
    assert set(items) == {"before", "day-one", "after", "volunteer-only"}
    assert (items["before"].assignee, items["day-one"].assignee) == (hr_user, peer)
    assert items["after"].assignee == supervisor and not items["after"].required
    peer.profile.refresh_from_db()
    assert peer.profile.employment_type == "volunteer" and peer.profile.supervisor == supervisor
    assert onboarding.employment_type == "volunteer"


# Starting a plan ---------------------------------------------------------------------


def test_start_refuses_a_supervisor_without_the_role_and_the_hire_as_own_supervisor(
    small_template, hr_user, supervisor, peer
):
    with pytest.raises(ApplicationError, match="does not have the Supervisor role"):
        _start(small_template, by=hr_user, supervisor=peer, person=supervisor)
    with pytest.raises(ApplicationError, match="cannot be their own supervisor"):
        _start(small_template, by=hr_user, supervisor=supervisor, person=supervisor)
    assert Onboarding.objects.count() == 0 and OnboardingItem.objects.count() == 0


def test_start_keeps_an_earlier_start_date_and_takes_the_program_from_the_profile(
    small_template, hr_user, supervisor, peer
):
    from tests.factories import ProgramFactory

    small_template.program = ProgramFactory()
    small_template.save()
    peer.profile.start_date = date(2026, 1, 5)
    peer.profile.save()
    onboarding = _start(small_template, by=hr_user, supervisor=supervisor, person=peer)
    peer.profile.refresh_from_db()
    assert peer.profile.start_date == date(2026, 1, 5)
    # The person already belongs to a program; the plan is theirs, not the template's.
    assert onboarding.program == peer.profile.program != small_template.program


def test_a_new_hire_account_gets_a_free_username_in_the_template_program(
    small_template, hr_user, supervisor, make_person
):
    from onboarding.services.plans import onboarding_start
    from tests.factories import ProgramFactory

    small_template.program = ProgramFactory()
    small_template.save()
    taken = make_person(Role.PEER)
    taken.username = "jnunez"
    taken.save()
    onboarding = onboarding_start(
        template=small_template,
        start_date=START,
        employment_type="employee",
        supervisor=supervisor,
        by=hr_user,
        first_name=" José ",
        last_name="Nunez",
        email=" jose@example.org ",
    )
    person = onboarding.person
    assert person.username == "jnunez2" and person.email == "jose@example.org"
    assert person.first_name == "José" and not person.has_usable_password()
    assert person.profile.program == small_template.program == onboarding.program
    assert person.profile.start_date == START


def test_start_refuses_someone_without_the_hr_permission_even_with_a_new_name(
    small_template, supervisor
):
    from onboarding.services.plans import onboarding_start
    from people.models import User

    with pytest.raises(ApplicationError, match="Only HR"):
        onboarding_start(
            template=small_template,
            start_date=START,
            employment_type="employee",
            supervisor=supervisor,
            by=supervisor,
            first_name="Pat",
            last_name="Doe",
            email="pat@example.org",
        )
    assert not User.objects.filter(email="pat@example.org").exists()


# Acting on items --------------------------------------------------------------------


@pytest.fixture
def small_plan(small_template, hr_user, supervisor, peer):
    return _start(small_template, by=hr_user, supervisor=supervisor, person=peer)


def _item(plan, code):
    return plan.items.get(template_item__code=code)


def test_complete_keeps_earlier_notes_when_none_are_given_and_logs_who(
    small_plan, peer, time_machine
):
    from tests.clock import at_agency

    item = _item(small_plan, "day-one")
    OnboardingItem.objects.filter(pk=item.pk).update(notes="Bring two forms of ID")
    time_machine.move_to(at_agency(START, 11), tick=False)
    done = onboarding_item_complete(item=item, by=peer, notes="   ")
    assert done.notes == "Bring two forms of ID" and done.completed_by == peer
    assert done.completed_at == at_agency(START, 11)
    event = done.events.get()
    assert (event.action, event.by, event.at) == ("completed", peer, at_agency(START, 11))


def test_not_applicable_records_the_reason_and_reopen_clears_it(small_plan, supervisor):
    item = _item(small_plan, "after")
    onboarding_item_not_applicable(item=item, by=supervisor, reason="  Works remotely  ")
    item.refresh_from_db()
    assert item.status == "not_applicable" and item.not_applicable_reason == "Works remotely"
    assert item.completed_by == supervisor and item.completed_at is not None
    with pytest.raises(ApplicationError, match="already not applicable"):
        onboarding_item_not_applicable(item=item, by=supervisor, reason="Again")
    onboarding_item_reopen(item=item, by=supervisor, notes="Back in the office")
    item.refresh_from_db()
    assert (item.status, item.not_applicable_reason, item.completed_by, item.completed_at) == (
        "open",
        "",
        None,
        None,
    )
    with pytest.raises(ApplicationError, match="already open"):
        onboarding_item_reopen(item=item, by=supervisor)
    assert list(item.events.values_list("action", "notes")) == [
        ("not_applicable", "Works remotely"),
        ("reopened", "Back in the office"),
    ]


def test_the_last_required_item_completes_the_plan_and_reopening_makes_it_active(
    small_plan, hr_user
):
    required = small_plan.items.filter(required=True)
    for item in required:
        onboarding_item_complete(item=item, by=hr_user)
    # The optional item is still open; the plan is complete without it.
    assert small_plan.items.filter(status="open").count() == 1
    assert Onboarding.objects.get(pk=small_plan.pk).status == "completed"
    onboarding_item_reopen(item=required.first(), by=hr_user, notes="Form was unsigned")
    assert Onboarding.objects.get(pk=small_plan.pk).status == "active"


def test_reassign_refuses_closed_items_and_the_same_assignee(small_plan, supervisor, hr_user):
    item = _item(small_plan, "after")
    with pytest.raises(ApplicationError, match="already assigned to"):
        onboarding_item_reassign(item=item, by=supervisor, to=supervisor)
    onboarding_item_reassign(item=item, by=supervisor, to=hr_user, notes="  HR has the key ")
    event = item.events.get()
    assert (event.from_assignee, event.to_assignee, event.notes) == (
        supervisor,
        hr_user,
        "HR has the key",
    )
    onboarding_item_complete(item=item, by=hr_user)
    with pytest.raises(ApplicationError, match="Only open items"):
        onboarding_item_reassign(item=item, by=supervisor, to=supervisor)
    assert OnboardingItem.objects.get(pk=item.pk).assignee == hr_user


def test_a_program_admin_sees_every_plan_but_cannot_act_on_items(small_plan, admin_user):
    item = _item(small_plan, "before")
    with pytest.raises(ApplicationError, match="Only the person it is assigned to"):
        onboarding_item_complete(item=item, by=admin_user)
    with pytest.raises(ApplicationError, match="supervisor or HR can reassign"):
        onboarding_item_reassign(item=item, by=admin_user, to=small_plan.supervisor)
    assert OnboardingItem.objects.get(pk=item.pk).status == "open"


def test_the_assignee_acts_on_their_item_but_not_on_others(small_plan, peer):
    mine, theirs = _item(small_plan, "day-one"), _item(small_plan, "before")
    onboarding_item_complete(item=mine, by=peer)
    with pytest.raises(ApplicationError, match="Only the person it is assigned to"):
        onboarding_item_not_applicable(item=theirs, by=peer, reason="Not mine")
    assert OnboardingItem.objects.get(pk=theirs.pk).status == "open"


def test_document_numbers_are_allowed_in_notes_of_ordinary_items(small_plan, hr_user):
    item = _item(small_plan, "before")
    onboarding_item_complete(item=item, by=hr_user, notes="Called 555-12-3456 to confirm")
    assert OnboardingItem.objects.get(pk=item.pk).notes == "Called 555-12-3456 to confirm"


@pytest.mark.parametrize(
    "notes", ["123456789", "ID 123-45-6789", "Licence D1234567", "987-65-4321 on file"]
)
def test_document_items_refuse_each_shape_of_id_number(start_onboarding, hr_user, notes):
    item = start_onboarding().items.get(text="Driver license/government-issued ID")
    with pytest.raises(ApplicationError, match="Do not type document numbers"):
        onboarding_item_complete(item=item, by=hr_user, notes=notes)
    assert not OnboardingItemEvent.objects.filter(item=item).exists()


def test_training_completion_ignores_other_people_and_finished_plans(
    small_template, hr_user, supervisor, peer, make_person
):
    item = small_template.items.get(code="day-one")
    item.training_course_code = "recovery-101"
    item.save()
    mine = _start(small_template, by=hr_user, supervisor=supervisor, person=peer)
    other = make_person(Role.PEER, supervisor=supervisor)
    theirs = _start(small_template, by=hr_user, supervisor=supervisor, person=other)
    from onboarding.services.plans import onboarding_cancel

    onboarding_cancel(onboarding=theirs, by=hr_user)
    assert onboarding_training_completed(person=other, course_code="recovery-101", by=hr_user) == 0
    assert onboarding_training_completed(person=peer, course_code="recovery-101", by=hr_user) == 1
    ticked = _item(mine, "day-one")
    assert ticked.status == "done" and ticked.completed_by == hr_user
    assert ticked.events.get().notes == "Completed the training recovery-101."
    assert _item(theirs, "day-one").status == "open"


def test_training_withdrawn_unticks_only_what_the_training_ticked(
    small_template, hr_user, supervisor, peer
):
    for code in ("day-one", "employee-only"):
        item = small_template.items.get(code=code)
        item.training_course_code = "recovery-101"
        item.save()
    plan = _start(small_template, by=hr_user, supervisor=supervisor, person=peer)
    # Ticked by hand before the training: a correction of the training leaves it done.
    onboarding_item_complete(item=_item(plan, "employee-only"), by=hr_user)
    assert onboarding_training_completed(person=peer, course_code="recovery-101", by=hr_user) == 1
    assert _item(plan, "day-one").completed_by_training

    assert onboarding_training_withdrawn(person=peer, course_code="recovery-101", by=hr_user) == 1
    unticked = _item(plan, "day-one")
    assert (unticked.status, unticked.completed_by, unticked.completed_at) == ("open", None, None)
    assert not unticked.completed_by_training
    assert [e.action for e in unticked.events.all()] == ["completed", "reopened"]
    assert "corrected" in unticked.events.last().notes
    assert _item(plan, "employee-only").status == "done"
    assert onboarding_training_withdrawn(person=peer, course_code="recovery-101", by=hr_user) == 0


def test_training_withdrawn_reopens_the_plan_it_had_finished(
    small_template, hr_user, supervisor, peer
):
    item = small_template.items.get(code="day-one")
    item.training_course_code = "recovery-101"
    item.save()
    plan = _start(small_template, by=hr_user, supervisor=supervisor, person=peer)
    for other in plan.items.exclude(template_item__code="day-one"):
        onboarding_item_not_applicable(item=other, by=hr_user, reason="Test")
    onboarding_training_completed(person=peer, course_code="recovery-101", by=hr_user)
    assert Onboarding.objects.get(pk=plan.pk).status == Onboarding.Status.COMPLETED
    onboarding_training_withdrawn(person=peer, course_code="recovery-101", by=hr_user)
    assert Onboarding.objects.get(pk=plan.pk).status == Onboarding.Status.ACTIVE
    assert _item(plan, "day-one").status == "open"


def test_cancel_needs_hr(small_plan, supervisor):
    from onboarding.services.plans import onboarding_cancel

    with pytest.raises(ApplicationError, match="Only HR can cancel"):
        onboarding_cancel(onboarding=small_plan, by=supervisor)
    assert Onboarding.objects.get(pk=small_plan.pk).status == "active"


# Templates ---------------------------------------------------------------------------


def test_a_copy_is_independent_of_its_original_and_never_the_default(template):
    clone = checklist_template_clone(
        template=template, name="  Night shift  ", program=None, organisation=default_agency()
    )
    assert clone.name == "Night shift" and not clone.is_default and template.is_default
    assert clone.description == template.description
    original_codes = list(template.items.values_list("code", "due_offset_days"))
    assert list(clone.items.values_list("code", "due_offset_days")) == original_codes
    clone.items.filter(code=original_codes[0][0]).update(due_offset_days=-60)
    assert template.items.get(code=original_codes[0][0]).due_offset_days == original_codes[0][1]
    with pytest.raises(ApplicationError, match="Give the copy a name"):
        checklist_template_clone(
            template=template, name="   ", program=None, organisation=default_agency()
        )
    assert ChecklistTemplate.objects.count() == 2


def test_editing_a_template_leaves_plans_in_progress_alone(small_plan, small_template):
    before = list(small_plan.items.values_list("text", "due_date"))
    small_template.items.update(text="Changed", due_offset_days=30)
    small_template.items.filter(code="after").delete()
    assert list(small_plan.items.values_list("text", "due_date")) == before
    # The plan keeps its copy of a deleted template item.
    assert small_plan.items.filter(template_item__isnull=True).count() == 1


# Check-ins ---------------------------------------------------------------------------


def test_next_after_each_frequency():
    from onboarding.services.checkins import next_after

    day = date(2027, 1, 31)
    assert next_after(day, Frequency.WEEKLY) == date(2027, 2, 7)
    assert next_after(day, Frequency.BIWEEKLY) == date(2027, 2, 14)
    assert next_after(day, Frequency.MONTHLY) == date(2027, 2, 28)


def test_cadence_on_a_day_is_the_one_running_then():
    from onboarding.services.checkins import cadence_on

    weekly = Cadence(frequency=Frequency.WEEKLY, starts_on=date(2026, 12, 1), ends_on=None)
    monthly = Cadence(frequency=Frequency.MONTHLY, starts_on=date(2027, 1, 1), ends_on=None)
    ended = Cadence(
        frequency=Frequency.BIWEEKLY, starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30)
    )
    cadences = [monthly, ended, weekly]
    assert cadence_on(cadences, date(2026, 10, 31)) is None
    assert cadence_on(cadences, date(2026, 11, 30)) is ended
    assert cadence_on(cadences, date(2026, 12, 31)) is weekly
    # Both have started and neither has ended: the later one governs.
    assert cadence_on(cadences, date(2027, 1, 1)) is monthly


def test_standard_cadences_cover_the_first_90_days_then_monthly():
    start = date(2026, 12, 1)
    assert standard_cadences(start) == [
        (Frequency.WEEKLY, start, date(2026, 12, 30)),
        (Frequency.BIWEEKLY, date(2026, 12, 31), date(2027, 2, 28)),
        (Frequency.MONTHLY, date(2027, 3, 1), None),
    ]


@pytest.fixture
def questions(catalogues):
    return QuestionSet.objects.get(code="wise-peer")


def _record(schedule, by, day, question_set, participants, **kwargs):
    """Record a check-in on the evening of the day it took place."""
    kwargs.setdefault("answers", {})
    with time_machine.travel(at_agency(day, 17)):
        return check_in_record(
            schedule=schedule,
            by=by,
            held_on=day,
            question_set=question_set,
            participants=participants,
            **kwargs,
        )


def test_a_check_in_is_recorded_once_held_and_the_next_one_is_scheduled_ahead(
    questions, supervisor, peer
):
    schedule = checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[(Frequency.WEEKLY, date(2026, 11, 16), None)],
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ApplicationError) as refused:
        check_in_record(
            schedule=schedule,
            by=supervisor,
            held_on=tomorrow,
            question_set=questions,
            participants=[peer],
            answers={},
        )
    assert refused.value.errors == {
        "held_on": [
            f"A check-in is recorded once it has taken place: {tomorrow:%B %-d, %Y} is in the "
            "future. The next check-in is scheduled from the cadence."
        ]
    }
    assert schedule.check_ins.count() == 0
    # Held today, it is recorded; the next one is planned a week ahead.
    check_in_record(
        schedule=schedule,
        by=supervisor,
        held_on=timezone.localdate(),
        question_set=questions,
        participants=[peer],
        answers={},
    )
    schedule.refresh_from_db()
    assert schedule.next_due == timezone.localdate() + timedelta(days=7)
    # Planning later check-ins in the future (a new cadence from next month) is accepted.
    checkin_schedule_change_cadence(
        schedule=schedule, by=supervisor, frequency=Frequency.MONTHLY, starts_on=date(2026, 12, 7)
    )
    assert schedule.cadences.filter(starts_on=date(2026, 12, 7)).exists()


def test_the_next_check_in_follows_a_cadence_that_starts_meanwhile(questions, supervisor, peer):
    start = date(2026, 12, 1)
    schedule = checkin_schedule_create(
        person=peer, supervisor=supervisor, by=supervisor, cadences=standard_cadences(start)
    )
    # Held on day 28 (weekly): a week later is day 35, when every two weeks governs.
    _record(schedule, supervisor, start + timedelta(days=28), questions, [peer])
    schedule.refresh_from_db()
    assert schedule.next_due == start + timedelta(days=42)


def test_the_next_check_in_waits_for_a_cadence_that_starts_later(questions, supervisor, peer):
    schedule = checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[
            (Frequency.MONTHLY, date(2026, 12, 1), date(2026, 12, 20)),
            (Frequency.WEEKLY, date(2027, 1, 15), None),
        ],
    )
    _record(schedule, supervisor, date(2026, 12, 10), questions, [peer])
    schedule.refresh_from_db()
    # A month later (January 10) nothing runs yet; the first weekly check-in is on the 15th.
    assert schedule.next_due == date(2027, 1, 10)
    _record(schedule, supervisor, date(2027, 1, 12), questions, [peer])
    schedule.refresh_from_db()
    # Held before the weekly cadence starts, under none: a week on, not before it starts.
    assert schedule.next_due == date(2027, 1, 19)


def test_a_backdated_check_in_does_not_move_the_next_one_back(questions, supervisor, peer):
    schedule = checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[(Frequency.WEEKLY, date(2026, 12, 1), None)],
    )
    _record(schedule, supervisor, date(2026, 12, 15), questions, [peer])
    _record(schedule, supervisor, date(2026, 12, 1), questions, [peer])
    schedule.refresh_from_db()
    assert schedule.next_due == date(2026, 12, 22)


def test_a_schedule_without_cadences_has_no_next_check_in(supervisor, peer):
    schedule = checkin_schedule_create(
        person=peer, supervisor=supervisor, by=supervisor, cadences=[]
    )
    assert schedule.next_due is None


def test_setting_up_check_ins_is_for_the_supervisor_or_hr_once_per_person(
    supervisor, other_supervisor, hr_user, peer
):
    from onboarding.models import CheckInSchedule

    with pytest.raises(ApplicationError, match="Only the supervisor or HR"):
        checkin_schedule_create(
            person=peer, supervisor=supervisor, by=other_supervisor, cadences=[]
        )
    checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=hr_user,
        cadences=[(Frequency.WEEKLY, date(2026, 12, 1), None)],
    )
    with pytest.raises(ApplicationError, match="already has a check-in schedule"):
        checkin_schedule_create(person=peer, supervisor=supervisor, by=supervisor, cadences=[])
    assert CheckInSchedule.objects.count() == 1 and Cadence.objects.count() == 1


def test_a_cadence_ending_before_it_starts_saves_no_schedule(supervisor, peer):
    from onboarding.models import CheckInSchedule

    with pytest.raises(ApplicationError) as refused:
        checkin_schedule_create(
            person=peer,
            supervisor=supervisor,
            by=supervisor,
            cadences=[(Frequency.WEEKLY, date(2026, 12, 10), date(2026, 12, 1))],
        )
    assert refused.value.messages == ["A cadence ends on or after the day it starts."]
    assert not CheckInSchedule.objects.exists()


def test_changing_the_cadence_ends_the_current_one_and_replaces_later_plans(supervisor, peer):
    start = date(2026, 12, 1)
    schedule = checkin_schedule_create(
        person=peer, supervisor=supervisor, by=supervisor, cadences=standard_cadences(start)
    )
    checkin_schedule_change_cadence(
        schedule=schedule, by=supervisor, frequency=Frequency.BIWEEKLY, starts_on=date(2026, 12, 15)
    )
    assert list(schedule.cadences.values_list("frequency", "starts_on", "ends_on")) == [
        ("weekly", start, date(2026, 12, 14)),
        ("biweekly", date(2026, 12, 15), None),
    ]
    schedule.refresh_from_db()
    # No check-in yet: the first is still due when the first cadence starts.
    assert schedule.next_due == start
    # Starting over on the very first day replaces everything.
    checkin_schedule_change_cadence(
        schedule=schedule, by=supervisor, frequency=Frequency.MONTHLY, starts_on=start
    )
    assert list(schedule.cadences.values_list("frequency", "starts_on", "ends_on")) == [
        ("monthly", start, None)
    ]


def test_changing_the_cadence_is_refused_to_others_and_for_unknown_frequencies(
    supervisor, other_supervisor, peer, hr_user
):
    schedule = checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[(Frequency.WEEKLY, date(2026, 12, 1), None)],
    )
    for by in (peer, other_supervisor):
        with pytest.raises(ApplicationError, match="Only the supervisor or HR can change"):
            checkin_schedule_change_cadence(
                schedule=schedule, by=by, frequency="monthly", starts_on=date(2026, 12, 8)
            )
    with pytest.raises(ApplicationError, match="Choose weekly, every two weeks or monthly"):
        checkin_schedule_change_cadence(
            schedule=schedule, by=supervisor, frequency="daily", starts_on=date(2026, 12, 8)
        )
    assert list(schedule.cadences.values_list("frequency", "ends_on")) == [("weekly", None)]
    checkin_schedule_change_cadence(
        schedule=schedule, by=hr_user, frequency="monthly", starts_on=date(2026, 12, 8)
    )
    assert schedule.cadences.count() == 2


def test_a_check_in_keeps_the_questions_as_asked_and_its_follow_ups(
    questions, supervisor, peer, hr_user
):
    from auditlog.models import LogEntry

    schedule = checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[(Frequency.MONTHLY, date(2026, 12, 1), None)],
    )
    first, second = questions.questions.all()[:2]
    check_in = _record(
        schedule,
        supervisor,
        date(2026, 12, 1),
        questions,
        [peer, supervisor, hr_user],
        answers={first.pk: "Settling in", second.pk: ""},
        notes="Met at the drop-in",
        follow_ups=[
            ("  Find a WRAP seminar  ", peer, date(2026, 12, 15)),
            ("   ", supervisor, None),
            ("Ask about mileage", supervisor, None),
        ],
    )
    answers = list(check_in.answers.values_list("order", "question_text", "answer"))
    assert len(answers) == questions.questions.count()
    assert answers[0] == (first.order, first.text, "Settling in") and answers[1][2] == ""
    # Answers are created in bulk; the audit trail records the ones given.
    entry = LogEntry.objects.get_for_object(check_in).latest("pk")
    assert f"Answer: {first.text}" in entry.changes_dict
    assert f"Answer: {second.text}" not in entry.changes_dict
    # Rewording the question set later leaves the record as it was asked.
    asked = first.text
    first.text = "Reworded"
    first.save()
    assert check_in.answers.get(order=first.order).question_text == asked
    assert set(check_in.participants.all()) == {peer, supervisor, hr_user}
    assert set(check_in.follow_ups.values_list("text", "owner", "due_date")) == {
        ("Find a WRAP seminar", peer.pk, date(2026, 12, 15)),
        ("Ask about mileage", supervisor.pk, None),
    }
    assert check_in.recorded_by == supervisor and check_in.notes == "Met at the drop-in"


def test_only_the_supervisor_or_hr_records_a_check_in(questions, supervisor, peer, hr_user):
    schedule = checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[(Frequency.MONTHLY, date(2026, 12, 1), None)],
    )
    with pytest.raises(ApplicationError, match="Only the supervisor or HR can record"):
        _record(schedule, peer, date(2026, 12, 1), questions, [peer])
    assert not schedule.check_ins.exists()
    _record(schedule, hr_user, date(2026, 12, 1), questions, [peer, hr_user])
    schedule.refresh_from_db()
    assert schedule.next_due == date(2027, 1, 1)
