"""Team-scoped lists find a supervisor's rows through indexes, so they stay flat as the
agency grows.

A scope written as one OR whose terms reach through a join (``peer__profile__supervisor``)
is answered by no index: the database reads every evaluation, onboarding or schedule in
the agency to find one team's. These tests read the plan the database chooses for each
list's query, on SQLite and on PostgreSQL, and fail when a list table is walked whole.
"""

import json

import pytest
from django.db import connection, transaction

from evaluations.selectors import evaluation_list
from onboarding.access import onboardings_visible_to, schedules_visible_to
from people.roles import Role
from people.selectors import people_visible_to
from tests.clock import frozen
from tests.records import person_records
from workplans.access import workplans_visible_to

pytestmark = [frozen, pytest.mark.django_db]


def _whole_table_reads(queryset) -> list[str]:
    """The plan's reads of the queryset's own table that no index condition narrows."""
    table = queryset.model._meta.db_table
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A handful of test rows make a sequential scan the cheapest plan whatever
            # the query; forbidding it shows whether an index could answer at all.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            return [
                f"{node['Node Type']} on {table}"
                for node in _nodes(plan[0]["Plan"])
                if node.get("Relation Name") == table
                and node["Node Type"] != "Bitmap Heap Scan"
                and "Index Cond" not in node
            ]
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        details = [row[-1] for row in cursor.fetchall()]
    # SQLite: SEARCH uses an index key; SCAN reads the whole table (or a whole index).
    return [d for d in details if d.startswith(f"SCAN {table}")]


def _nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


@pytest.fixture
def team(catalogues, make_person, supervisor, hr_user):
    """Two teams with every kind of record, so a scope that reads everything is visible."""
    other = make_person(Role.SUPERVISOR)
    for boss in (supervisor, other):
        person_records(make_person(Role.PEER, supervisor=boss), boss, hr_user)
    return supervisor


@pytest.mark.parametrize(
    ("scope", "rows"),
    [
        (lambda user: evaluation_list(user=user), 1),
        (lambda user: evaluation_list(user=user, state="submitted"), 1),
        (onboardings_visible_to, 1),
        (schedules_visible_to, 1),
        # An OR within one table is answered by both indexes; pinned here all the same.
        (workplans_visible_to, 1),
        (lambda user: people_visible_to(user=user), 2),
    ],
    ids=[
        "evaluation list",
        "evaluation list by state",
        "onboardings",
        "check-in schedules",
        "work plans",
        "people",
    ],
)
def test_a_supervisors_list_reads_only_through_indexes(team, scope, rows):
    queryset = scope(team)
    assert queryset.count() == rows
    assert _whole_table_reads(queryset) == []
    assert _whole_table_reads(queryset.order_by()) == []
