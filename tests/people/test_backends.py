"""The password backend: who a session's user is, and what their roles let them do."""

import pytest
from django.contrib.auth.models import Group, Permission

from people.backends import StaffBackend
from people.roles import ROLE_PERMISSIONS, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def session_user(user):
    """The user as a request loads it."""
    return StaffBackend().get_user(user.pk)


@pytest.mark.parametrize("role", list(Role))
def test_a_roles_permissions_are_its_declared_ones(role):
    person = session_user(UserFactory(roles=[role]))
    assert person.get_all_permissions() == ROLE_PERMISSIONS[role]


def test_several_roles_add_up():
    person = session_user(UserFactory(roles=[Role.HR, Role.SUPERVISOR]))
    assert (
        person.get_all_permissions()
        == ROLE_PERMISSIONS[Role.HR] | ROLE_PERMISSIONS[Role.SUPERVISOR]
    )
    assert person.has_perm("evaluations.add_evaluation")
    assert person.has_perm("trainings.manage_sessions")
    assert not person.has_perm("readiness.manage_cycles")


def test_checking_permissions_reads_the_roles_once_and_nothing_more(django_assert_num_queries):
    person = UserFactory(roles=[Role.PROGRAM_ADMIN])
    with django_assert_num_queries(1):  # the user with profile and organisation
        loaded = session_user(person)
    with django_assert_num_queries(1):  # the roles
        assert loaded.has_perm("people.manage_people")
    with django_assert_num_queries(0):
        assert not loaded.has_perm("trainings.manage_sessions")
        assert loaded.role_names == {Role.PROGRAM_ADMIN}
        assert loaded.has_role(Role.PROGRAM_ADMIN)


def test_roles_changed_through_the_service_are_read_again():
    from people.services import person_set_roles

    person = session_user(UserFactory(roles=[Role.PEER]))
    assert person.role_names == {Role.PEER}
    person_set_roles(user=person, roles=[Role.SUPERVISOR])
    assert person.role_names == {Role.SUPERVISOR}


def test_a_permission_added_to_a_role_group_by_hand_grants_nothing():
    person = UserFactory(roles=[Role.PEER])
    Group.objects.get(name=Role.PEER).permissions.add(
        Permission.objects.get(codename="manage_sessions")
    )
    assert not session_user(person).has_perm("trainings.manage_sessions")


def test_a_superuser_keeps_every_permission():
    person = UserFactory(is_superuser=True)
    assert session_user(person).has_perm("trainings.manage_sessions")
    assert "auth.change_group" in session_user(person).get_all_permissions()


def test_an_inactive_account_has_none():
    person = UserFactory(roles=[Role.HR])
    person.is_active = False
    assert StaffBackend().get_all_permissions(person) == set()
