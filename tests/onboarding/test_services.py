"""Onboarding services: due dates, employee/volunteer items, item actions, check-in cadence."""

from datetime import date, timedelta

import pytest

from onboarding.models import (
    Cadence,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Holiday,
    Onboarding,
    OnboardingItem,
    OnboardingItemEvent,
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
    OnboardingError,
    onboarding_item_complete,
    onboarding_item_not_applicable,
    onboarding_item_reassign,
    onboarding_item_reopen,
    onboarding_training_completed,
)
from onboarding.services.templates import checklist_template_clone
from people.models import StaffProfile
from people.roles import Role
from tests.clock import frozen

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
    Holiday.objects.create(date=date(2026, 12, 8), name="Agency retreat")
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


def test_volunteers_get_the_w9_not_the_i9(start_onboarding, make_person):
    onboarding = start_onboarding(
        make_person(Role.PEER), employment_type=StaffProfile.EmploymentType.VOLUNTEER
    )
    texts = set(onboarding.items.values_list("text", flat=True))
    assert "W-9 for volunteers" in texts and "I-9 form" not in texts and "W-4 form" not in texts


def test_one_active_onboarding_per_person(start_onboarding, make_person):
    person = make_person(Role.PEER)
    start_onboarding(person)
    with pytest.raises(OnboardingError, match="already has an onboarding in progress"):
        start_onboarding(person)


def test_only_hr_starts_and_bad_input_saves_nothing(template, supervisor, peer):
    from onboarding.services.plans import onboarding_start

    with pytest.raises(OnboardingError, match="Only HR"):
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
    with pytest.raises(OnboardingError, match="first name, last name and email"):
        start_onboarding(first_name="", last_name="", email="")
    with pytest.raises(OnboardingError, match="already has the email"):
        start_onboarding(first_name="Pat", last_name="Doe", email=peer.email.upper())
    assert Onboarding.objects.count() == 0


def test_item_actions_are_recorded(start_onboarding, hr_user, supervisor, make_person):
    onboarding = start_onboarding()
    item = onboarding.items.get(text="Driver license/government-issued ID")
    done = onboarding_item_complete(
        item=item, by=hr_user, notes="Seen and filed in the personnel folder."
    )
    assert done.status == "done" and done.completed_by == hr_user and done.completed_at
    with pytest.raises(OnboardingError, match="already done"):
        onboarding_item_complete(item=item, by=hr_user)
    onboarding_item_reopen(item=item, by=hr_user, notes="Filed the wrong card")
    other = make_person(Role.HR)
    onboarding_item_reassign(item=item, by=supervisor, to=other, notes="Covering this week")
    with pytest.raises(OnboardingError, match="Say why"):
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
    with pytest.raises(OnboardingError, match="Do not type document numbers"):
        onboarding_item_complete(item=item, by=hr_user, notes="SSN 123-45-6789 checked")
    assert OnboardingItem.objects.get(pk=item.pk).status == "open"


def test_someone_unrelated_cannot_act(start_onboarding, other_supervisor):
    item = start_onboarding().items.first()
    with pytest.raises(OnboardingError, match="Only the person it is assigned to"):
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
        template=template, name="TAY drop-in onboarding", program=program
    )
    assert clone.items.count() == 50 and clone.program == program
    assert ChecklistTemplateItem.objects.filter(template=template).count() == 50
    with pytest.raises(OnboardingError, match="already exists"):
        checklist_template_clone(template=template, name="tay drop-in ONBOARDING", program=None)
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
    with pytest.raises(OnboardingError, match="Check-ins began on December 1, 2026"):
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
    with pytest.raises(OnboardingError, match="who took part"):
        check_in_record(
            schedule=schedule,
            by=supervisor,
            held_on=date(2026, 12, 1),
            question_set=peer_set,
            participants=[],
            answers={},
        )
    with pytest.raises(OnboardingError, match="not in this question set"):
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
    with pytest.raises(OnboardingError, match="supervisor or HR can reassign"):
        onboarding_item_reassign(item=item, by=new_hire, to=supervisor)
    # Nobody can give it to someone who would find a 404 behind it.
    for by in (supervisor, hr_user):
        for to in (peer_elsewhere, other_supervisor):
            with pytest.raises(OnboardingError, match="can go only to") as refused:
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
    with pytest.raises(OnboardingError, match="Do not type document numbers"):
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
    with pytest.raises(OnboardingError, match="newer onboarding in progress"):
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
    with pytest.raises(OnboardingError, match="Only an onboarding in progress"):
        onboarding_cancel(onboarding=onboarding, by=hr_user)
    assert Onboarding.objects.get(pk=onboarding.pk).status == Onboarding.Status.COMPLETED
