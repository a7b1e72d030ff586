"""Who sees onboardings and check-ins, who acts on items, and who may hold an item."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onboarding.access import (
    can_act_on_item,
    can_reassign_item,
    can_record_check_in,
    item_assignees,
    onboardings_visible_to,
    schedules_visible_to,
)
from onboarding.models import Cadence
from onboarding.services.checkins import checkin_schedule_create
from people.roles import Role
from tests.clock import frozen
from tests.factories import UserFactory

from .conftest import START

pytestmark = [frozen, pytest.mark.django_db]


def test_plans_are_visible_to_hr_admins_the_new_hire_and_their_supervisors(
    start_onboarding, hr_user, admin_user, supervisor, other_supervisor, make_person
):
    onboarding = start_onboarding()
    for user in (hr_user, admin_user, supervisor, onboarding.person):
        assert list(onboardings_visible_to(user)) == [onboarding]
    for user in (other_supervisor, make_person(Role.PEER, supervisor=supervisor)):
        assert not onboardings_visible_to(user).exists()
    # The new hire moves to another team: their new supervisor sees the plan too.
    profile = onboarding.person.profile
    profile.supervisor = other_supervisor
    profile.save()
    assert list(onboardings_visible_to(other_supervisor)) == [onboarding]


def test_someone_who_has_left_sees_nothing_even_in_hr(start_onboarding, hr_user):
    start_onboarding()
    hr_user.profile.end_date = timezone.localdate() - timedelta(days=1)
    hr_user.profile.save()
    assert not onboardings_visible_to(hr_user).exists()


def test_who_acts_on_and_reassigns_an_item(
    start_onboarding, hr_user, admin_user, supervisor, other_supervisor
):
    onboarding = start_onboarding()
    new_hires_item = onboarding.items.filter(assignee=onboarding.person).first()
    hr_item = onboarding.items.filter(assignee=hr_user).first()
    assert can_act_on_item(onboarding.person, new_hires_item)
    assert not can_act_on_item(onboarding.person, hr_item)
    for user in (supervisor, hr_user):
        assert can_act_on_item(user, new_hires_item) and can_reassign_item(user, new_hires_item)
    # An admin sees every plan but has no part in running it.
    for user in (admin_user, other_supervisor):
        assert not can_act_on_item(user, hr_item) and not can_reassign_item(user, hr_item)
    assert not can_reassign_item(onboarding.person, new_hires_item)


def test_an_item_may_go_to_the_hire_their_supervisors_hr_and_superusers_only(
    start_onboarding, hr_user, admin_user, supervisor, other_supervisor, make_person
):
    onboarding = start_onboarding()
    other_hr = make_person(Role.HR)
    former_hr = make_person(Role.HR, end_date=timezone.localdate() - timedelta(days=1))
    superuser = UserFactory(is_superuser=True)
    peer_elsewhere = make_person(Role.PEER, supervisor=other_supervisor)
    assignees = set(item_assignees(onboarding))
    assert {onboarding.person, supervisor, hr_user, other_hr, superuser} <= assignees
    assert not {admin_user, other_supervisor, peer_elsewhere, former_hr} & assignees
    # A new supervisor of the new hire may hold items too.
    profile = onboarding.person.profile
    profile.supervisor = other_supervisor
    profile.save()
    assert other_supervisor in set(item_assignees(onboarding))


def test_someone_holding_both_roles_admin_and_hr_may_hold_an_item(start_onboarding, make_person):
    onboarding = start_onboarding()
    both = make_person(None)
    from people.services import person_set_roles

    person_set_roles(user=both, roles=[Role.PROGRAM_ADMIN, Role.HR])
    assert both in set(item_assignees(onboarding))


def test_schedules_and_who_records_check_ins(
    supervisor, other_supervisor, hr_user, admin_user, peer
):
    schedule = checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[(Cadence.Frequency.WEEKLY, START, None)],
    )
    for user in (peer, supervisor, hr_user, admin_user):
        assert list(schedules_visible_to(user)) == [schedule]
    assert not schedules_visible_to(other_supervisor).exists()
    assert can_record_check_in(supervisor, schedule) and can_record_check_in(hr_user, schedule)
    for user in (peer, admin_user, other_supervisor):
        assert not can_record_check_in(user, schedule)
