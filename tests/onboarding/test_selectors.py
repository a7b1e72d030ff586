"""Onboarding reads: progress and overdue counts, the board's filters and who sees what,
a plan by phase, a person's to-dos, check-in schedules and the home page."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from onboarding.models import Cadence, CheckIn, CheckInSchedule, Onboarding, OnboardingItem
from onboarding.selectors import (
    check_in_detail,
    home_onboarding,
    items_for_person,
    onboarding_board,
    onboarding_with_items,
    phases_of,
    schedule_detail,
    schedules_for,
    with_progress,
)
from onboarding.services.checkins import check_in_record, checkin_schedule_create
from onboarding.services.plans import (
    onboarding_cancel,
    onboarding_item_complete,
    onboarding_item_not_applicable,
)
from people.roles import Role
from tests.clock import at_agency, frozen
from tests.factories import ProgramFactory

from .conftest import START

pytestmark = [frozen, pytest.mark.django_db]


def test_progress_counts_done_and_not_applicable_and_overdue_only_open_past_items(
    start_onboarding, hr_user
):
    onboarding = start_onboarding()
    before = list(onboarding.items.filter(due_date__lt=START).order_by("pk"))
    onboarding_item_complete(item=before[0], by=hr_user)
    onboarding_item_not_applicable(item=before[1], by=hr_user, reason="Known to us")
    row = with_progress(Onboarding.objects.filter(pk=onboarding.pk), today=START).get()
    assert row.item_total == onboarding.items.count() == 49
    assert row.item_done == 2
    # Overdue: open and due before today; items due today are not overdue yet.
    assert row.item_overdue == len(before) - 2
    assert onboarding.items.filter(due_date=START, status="open").exists()
    row = with_progress(
        Onboarding.objects.filter(pk=onboarding.pk), today=START - timedelta(days=60)
    ).get()
    assert (row.item_done, row.item_overdue) == (2, 0)


def test_the_board_shows_active_plans_earliest_start_first(start_onboarding, hr_user, make_person):
    later = start_onboarding(make_person(Role.PEER), start_date=START + timedelta(days=7))
    sooner = start_onboarding(make_person(Role.PEER))
    cancelled = start_onboarding(make_person(Role.PEER))
    onboarding_cancel(onboarding=cancelled, by=hr_user)
    board = onboarding_board(user=hr_user, params={}, today=START)
    assert [o.pk for o in board.qs] == [sooner.pk, later.pk]


def test_the_board_filters_by_program_and_supervisor_together(
    start_onboarding, hr_user, make_person, other_supervisor, supervisor
):
    program = ProgramFactory()
    in_program = start_onboarding(make_person(Role.PEER, program=program))
    elsewhere = start_onboarding(make_person(Role.PEER))
    theirs = start_onboarding(make_person(Role.PEER, program=program))
    Onboarding.objects.filter(pk=theirs.pk).update(supervisor=other_supervisor)
    assert in_program.program == program and elsewhere.program != program

    def board(**params):
        return [o.pk for o in onboarding_board(user=hr_user, params=params, today=START).qs]

    assert set(board(program=program.pk)) == {in_program.pk, theirs.pk}
    assert board(program=program.pk, supervisor=supervisor.pk) == [in_program.pk]
    assert board(supervisor=other_supervisor.pk) == [theirs.pk]


def test_a_supervisor_search_naming_nobody_lists_nothing(start_onboarding, hr_user):
    """The supervisor filter is a search (a name, or an id as older links carry it): one
    that matches nobody lists no onboardings, rather than being ignored."""
    onboarding = start_onboarding()
    for text in ("999999", "Nobody Bythisname"):
        board = onboarding_board(user=hr_user, params={"supervisor": text}, today=START)
        assert not board.errors and list(board.qs) == []
    board = onboarding_board(
        user=hr_user, params={"supervisor": onboarding.supervisor.last_name}, today=START
    )
    assert [o.pk for o in board.qs] == [onboarding.pk]


def test_the_board_shows_each_person_only_the_plans_they_may_see(
    start_onboarding, supervisor, other_supervisor, admin_user, make_person
):
    mine = start_onboarding(make_person(Role.PEER, supervisor=supervisor))
    new_hire = mine.person

    def board(user):
        return {o.pk for o in onboarding_board(user=user, params={}, today=START).qs}

    assert board(supervisor) == {mine.pk}
    assert board(new_hire) == {mine.pk}
    assert board(other_supervisor) == set()
    assert board(admin_user) == {mine.pk}
    assert board(make_person(Role.PEER, supervisor=supervisor)) == set()


def test_a_plan_by_phase_in_phase_order_with_overdue_flags(start_onboarding, hr_user):
    onboarding = start_onboarding()
    first_day_item = onboarding.items.filter(phase="day_one").first()
    onboarding_item_complete(item=first_day_item, by=hr_user)
    plan = onboarding_with_items(user=hr_user, pk=onboarding.pk)
    phases = phases_of(plan, today=START + timedelta(days=1))
    assert [p["code"] for p in phases] == [
        "pre_selection",
        "post_selection",
        "day_one",
        "week_one",
        "first_90_days",
    ]
    day_one = next(p for p in phases if p["code"] == "day_one")
    assert day_one["done"] == 1 and day_one["overdue"] == day_one["total"] - 1
    assert not next(i for i in day_one["items"] if i.pk == first_day_item.pk).is_overdue
    last = phases[-1]
    assert last["overdue"] == 0 and not any(i.is_overdue for i in last["items"])
    assert sum(p["total"] for p in phases) == 49


def test_a_plan_with_one_phase_lists_only_that_phase(start_onboarding, hr_user):
    onboarding = start_onboarding()
    onboarding.items.exclude(phase="week_one").delete()
    plan = onboarding_with_items(user=hr_user, pk=onboarding.pk)
    assert [p["code"] for p in phases_of(plan, today=START)] == ["week_one"]


def test_someone_else_cannot_read_a_plan(start_onboarding, other_supervisor):
    onboarding = start_onboarding()
    with pytest.raises(Onboarding.DoesNotExist):
        onboarding_with_items(user=other_supervisor, pk=onboarding.pk)


def test_my_to_dos_are_open_items_of_active_plans_soonest_first(
    start_onboarding, hr_user, make_person
):
    onboarding = start_onboarding()
    new_hire = onboarding.person
    items = items_for_person(user=new_hire, today=START)
    dates = [i.due_date for i in items]
    assert (
        dates == sorted(dates) and len(items) == onboarding.items.filter(assignee=new_hire).count()
    )
    onboarding_item_complete(item=items[0], by=new_hire)
    assert items[0].pk not in {i.pk for i in items_for_person(user=new_hire, today=START)}
    onboarding_cancel(onboarding=onboarding, by=hr_user)
    assert items_for_person(user=new_hire, today=START) == []


def test_my_to_dos_stop_at_25_soonest_across_plans(start_onboarding, hr_user, make_person):
    later = start_onboarding(make_person(Role.PEER), start_date=START + timedelta(days=28))
    sooner = start_onboarding(make_person(Role.PEER))
    assert OnboardingItem.objects.filter(assignee=hr_user).count() > 25
    items = items_for_person(user=hr_user, today=START)
    dates = [i.due_date for i in items]
    assert len(items) == 25 and dates == sorted(dates)
    assert items[0].onboarding.person == sooner.person
    assert items[0].due_date < later.items.filter(assignee=hr_user).earliest("due_date").due_date


@pytest.fixture
def schedule(catalogues, supervisor, peer):
    return checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[(Cadence.Frequency.WEEKLY, START, None)],
    )


def _check_in(schedule, by):
    from onboarding.models import QuestionSet

    # Recorded the evening it took place.
    with time_machine.travel(at_agency(START, 17)):
        return check_in_record(
            schedule=schedule,
            by=by,
            held_on=START,
            question_set=QuestionSet.objects.get(code="wise-peer"),
            participants=[schedule.person, by],
            answers={},
            follow_ups=[("Plan the next month", schedule.person, None)],
        )


def test_schedules_are_seen_by_the_peer_their_supervisor_and_hr(
    schedule, peer, supervisor, other_supervisor, hr_user, make_person
):
    check_in = _check_in(schedule, supervisor)
    for user in (peer, supervisor, hr_user):
        assert list(schedules_for(user=user)) == [schedule]
        assert schedule_detail(user=user, pk=schedule.pk).check_ins.get() == check_in
        assert check_in_detail(user=user, pk=check_in.pk).follow_ups.get().owner == peer
    for user in (other_supervisor, make_person(Role.PEER, supervisor=supervisor)):
        assert not schedules_for(user=user).exists()
        with pytest.raises(CheckInSchedule.DoesNotExist):
            schedule_detail(user=user, pk=schedule.pk)
        with pytest.raises(CheckIn.DoesNotExist):
            check_in_detail(user=user, pk=check_in.pk)


def test_a_new_supervisor_sees_the_schedule_of_their_new_report(schedule, peer, other_supervisor):
    peer.profile.supervisor = other_supervisor
    peer.profile.save()
    assert list(schedules_for(user=other_supervisor)) == [schedule]


def test_someone_who_has_left_sees_no_plans_or_schedules(schedule, start_onboarding, hr_user):
    start_onboarding()
    hr_user.profile.end_date = timezone.localdate() - timedelta(days=1)
    hr_user.profile.save()
    assert not onboarding_board(user=hr_user, params={}, today=START).qs.exists()
    assert not schedules_for(user=hr_user).exists()


def test_home_shows_each_role_its_part(
    schedule, start_onboarding, hr_user, supervisor, make_person
):
    start_onboarding()
    hr_home = home_onboarding(user=hr_user, roles={Role.HR}, today=START)
    assert len(hr_home["board"]) == 1 and hr_home["board"][0].item_total == 49
    assert "check_ins_due" not in hr_home and hr_home["my_items"]
    # Due on the start date: shown from a week before.
    week_before = home_onboarding(
        user=supervisor, roles={Role.SUPERVISOR}, today=START - timedelta(days=7)
    )
    assert week_before["check_ins_due"] == [schedule] and "board" not in week_before
    too_early = home_onboarding(
        user=supervisor, roles={Role.SUPERVISOR}, today=START - timedelta(days=8)
    )
    assert too_early["check_ins_due"] == []
    peer_home = home_onboarding(user=make_person(Role.PEER), roles={Role.PEER}, today=START)
    assert peer_home == {"my_items": []}
