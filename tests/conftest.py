import pytest
from django.core.management import call_command

from people.roles import Role

from .factories import StaffProfileFactory, UserFactory


@pytest.fixture
def catalogues(db):
    """Every shipped catalogue, loaded as load_catalogues does."""
    call_command("load_catalogues", verbosity=0, stdout=open("/dev/null", "w"))


def _person(role, **profile):
    user = UserFactory(roles=[role] if role else [])
    StaffProfileFactory(user=user, **profile)
    return user


@pytest.fixture
def admin_user(db):
    return _person(Role.PROGRAM_ADMIN)


@pytest.fixture
def hr_user(db):
    return _person(Role.HR)


@pytest.fixture
def supervisor(db):
    return _person(Role.SUPERVISOR)


@pytest.fixture
def other_supervisor(db):
    return _person(Role.SUPERVISOR)


@pytest.fixture
def peer(db, supervisor):
    return _person(Role.PEER, supervisor=supervisor)


@pytest.fixture
def make_person(db):
    return _person
