from contextlib import contextmanager

import pytest
from django_scopes.state import state

from people.roles import Role
from tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    ProgramFactory,
    StaffProfileFactory,
    UserFactory,
    test_organisation,
)


def person_in(organisation, role, **profile):
    """Someone of ``organisation`` with ``role`` (and a staff profile in one of its programs)."""
    user = UserFactory(roles=[role] if role else [], organisation=organisation)
    profile.setdefault("program", ProgramFactory(organisation=organisation))
    StaffProfileFactory(user=user, **profile)
    return user


@pytest.fixture
def network(db):
    return NetworkFactory()


@pytest.fixture
def org_a(network):
    """The shared test organisation (every factory's default), in the network."""
    organisation = test_organisation()
    organisation.network = network
    organisation.save()
    return organisation


@pytest.fixture
def org_b(network):
    return OrganisationFactory(network=network)


@pytest.fixture
def network_viewer(network):
    user = UserFactory(roles=[Role.NETWORK_VIEWER], organisation=None, network=network)
    StaffProfileFactory(user=user, program=None)
    return user


@contextmanager
def no_scope():
    """As in a worker running a task that carries no scope: a scoped query raises."""
    token = state.set({"_enabled": True})
    try:
        yield
    finally:
        state.reset(token)
