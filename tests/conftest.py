import os
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django_scopes import scopes_disabled

from people.roles import Role

from .clock import WRITTEN_ON
from .factories import StaffProfileFactory, UserFactory

_shifted_clock = None
_clock_note = None


def pytest_configure(config):
    """Run the whole suite with the clock moved (`make test-ahead`): a year ahead with
    PEERWORKS_TEST_CLOCK_OFFSET_DAYS=365, or from an instant with PEERWORKS_TEST_CLOCK
    (ISO 8601, e.g. 2028-02-29T23:30-08:00). The clock keeps ticking; a test's own
    time_machine.travel() nests inside and returns to the shifted clock after."""
    global _shifted_clock, _clock_note
    offset = os.environ.get("PEERWORKS_TEST_CLOCK_OFFSET_DAYS")
    instant = os.environ.get("PEERWORKS_TEST_CLOCK")
    if not (offset or instant):
        return
    destination = (
        datetime.fromisoformat(instant)
        if instant
        else datetime.now().astimezone() + timedelta(days=int(offset))
    )
    _shifted_clock = time_machine.travel(destination, tick=True)
    _shifted_clock.start()
    _clock_note = f"clock moved to {destination.isoformat()}, ticking"


def pytest_report_header(config):
    return _clock_note


def pytest_unconfigure(config):
    if _shifted_clock is not None:
        _shifted_clock.stop()


@pytest.fixture(scope="session", autouse=True)
def _unscoped_test_code():
    """A test's own set-up and checks read every organisation, as a shell would; what it
    drives (a request through the test client, a task) scopes itself as in production.
    ``tests/organisations`` proves that a query outside any scope fails."""
    with scopes_disabled():
        yield


@pytest.fixture(scope="module")
def frozen_module():
    """The clock frozen at WRITTEN_ON for a whole module, for modules that build their
    records once in module-scoped fixtures (tests/fuzz), before any test's own clock."""
    with time_machine.travel(WRITTEN_ON):
        yield


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


@pytest.fixture
def task_worker(transactional_db):
    """Run queued tasks the way this environment does: a real worker over the broker when
    CELERY_BROKER_URL is set (CI), eagerly in-process otherwise. Tests using it commit for real."""
    from django.conf import settings

    if not settings.CELERY_BROKER_URL:
        yield None
        return
    import weasyprint  # noqa: F401  (as the worker does at start)
    from celery.contrib.testing.worker import start_worker

    from peerworks.celery import app

    app.conf.task_always_eager = False
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=30
        ) as worker:
            yield worker
    finally:
        app.conf.task_always_eager = True


def wait_for(predicate, *, timeout=60.0, interval=0.1):
    """Poll until ``predicate()`` is true (tasks may be running in a worker thread)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def _empty_sqlite_past_its_guards():
    """Emptying the test database between transactional tests replaces it whole, as
    TRUNCATE does on PostgreSQL (where no row trigger sees it): on SQLite the guard
    triggers are lifted for the flush and put back after it."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    from core.db import sqlite_guards_lifted

    DatabaseOperations = DatabaseWrapper.ops_class
    flush = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with sqlite_guards_lifted(self.connection):
            flush(self, sql_list)

    DatabaseOperations.execute_sql_flush = execute_sql_flush


_empty_sqlite_past_its_guards()
