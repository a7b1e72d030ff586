"""Form fuzzing: shared world, strategies and the per-example harness.

Each module builds one world (catalogues, people, records) in a module-scoped fixture
inside a transaction that is rolled back when the module ends; each Hypothesis example
runs in a savepoint that is rolled back too, so every example starts from the same
world and nothing leaks between tests.
"""

import contextlib
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from people.roles import Role
from tests.factories import ProgramFactory, StaffProfileFactory, UserFactory

EXAMPLES = 500

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Values that have broken web forms before: NUL (PostgreSQL refuses it in text), sizes
# past every max_length, numbers past every integer column, impossible dates, markup.
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "x" * 201,
    "x" * 2001,
    "x" * 10001,
    "-1",
    "0",
    "1",
    "2",
    "32768",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999999",
    "-99999999999999999999",
    "1e308",
    "NaN",
    "inf",
    "1.5",
    "0x10",
    "2026-02-30",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-13-01",
    "25:61",
    "on",
    "true",
    "false",
    "null",
    "[]",
    "{}",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "🙂" * 50,
    "\u202eevil",
    "\r\n\r\n",
    "ß" * 3,
]

nasty = st.sampled_from(NASTY)
scalar = st.one_of(
    nasty,
    st.text(max_size=30),
    st.integers().map(str),
    st.dates(min_value=date(1, 1, 1)).map(str),
)


def field(*valid):
    """A field's value: absent (None), one of the valid values, or anything at all."""
    options = [st.none(), scalar, st.lists(scalar, min_size=2, max_size=3)]
    if valid:
        options += [st.sampled_from(list(valid))] * 3
    return st.one_of(*options)


extra_fields = st.dictionaries(
    st.sampled_from(["extra", "id", "pk", "csrfmiddlewaretoken", "revision", "state", "by"])
    | st.text(min_size=1, max_size=8),
    scalar,
    max_size=2,
)


def post_data(fields: dict, extra: dict) -> dict:
    """The POST body: the drawn fields that are present, then any extra ones."""
    data = {k: v for k, v in extra.items()}
    data.update({k: v for k, v in fields.items() if v is not None})
    return data


@contextlib.contextmanager
def rolled_back():
    """One example: everything it writes is undone afterwards."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def post(client: Client, url: str, data: dict, **extra):
    response = client.post(url, data, **extra)
    assert response.status_code < 500, f"{url}: {response.status_code}"
    return response


def person(role, *, supervisor=None, roles=None, program=None):
    user = UserFactory(roles=roles or [role])
    StaffProfileFactory(user=user, supervisor=supervisor, program=program or ProgramFactory())
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(scope="module")
def module_db(frozen_module, django_db_setup, django_db_blocker):
    """A database open for the whole module, its writes rolled back at the end.

    Modules using it are marked ``django_db`` so that pytest-django creates the test
    database; each test then runs in a savepoint inside this transaction.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        assert "test" in str(connection.settings_dict["NAME"]), "not a test database"
        with transaction.atomic():
            call_command("load_catalogues", verbosity=0, stdout=open("/dev/null", "w"))
            yield
            transaction.set_rollback(True)


def base_people():
    admin = person(Role.PROGRAM_ADMIN)
    hr = person(Role.HR)
    supervisor = person(Role.SUPERVISOR)
    peer = person(Role.PEER, supervisor=supervisor)
    return {"admin": admin, "hr": hr, "supervisor": supervisor, "peer": peer}
