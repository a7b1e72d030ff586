"""The home page's "Needs me" cards: each role's due and overdue work, counted in a fixed
number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.needs import NeedsMe
from evaluations.services.workflow import evaluation_submit
from tests.clock import frozen
from tests.evaluations.conftest import new_evaluation, rate_all
from tests.workplans.conftest import new_plan

# The work-plan helper plans from a fixed day: the clock is frozen so it is always ahead.
pytestmark = [frozen, pytest.mark.django_db]


def cards(client, user) -> dict[str, NeedsMe]:
    client.force_login(user)
    response = client.get(reverse("home"))
    return {card.label: card for card in response.context["needs_me"]}


def submitted_evaluation(peer, supervisor, **kwargs):
    evaluation = new_evaluation(peer, supervisor, **kwargs)
    rate_all(evaluation, supervisor)
    return evaluation_submit(evaluation=evaluation, by=supervisor)


def test_a_peer_sees_evaluations_to_sign_and_self_assessments_with_the_overdue(
    client, catalogues, peer, supervisor
):
    today = timezone.localdate()
    submitted_evaluation(peer, supervisor, due_date=today - timedelta(days=2))
    new_evaluation(peer, supervisor, kind="annual")

    shown = cards(client, peer)

    assert shown["Evaluations to read and sign"].count == 1
    assert shown["Evaluations to read and sign"].overdue == 1
    # Both are open for the peer's self-assessment; only the submitted one is overdue.
    assert (shown["Self-assessments"].count, shown["Self-assessments"].overdue) == (2, 1)
    assert {"Onboarding items", "Check-ins", "Trainings"} <= set(shown)
    assert "Evaluations to finish" not in shown
    body = client.get(reverse("home")).content.decode()
    assert "Needs me" in body and "1 overdue" in body


def test_a_supervisor_sees_evaluations_to_finish_and_work_plans_to_sign(
    client, catalogues, peer, supervisor
):
    new_evaluation(peer, supervisor)  # a draft to share
    submitted_evaluation(peer, supervisor, kind="annual")  # waiting on the peer, not on them
    new_plan(peer, supervisor)

    shown = cards(client, supervisor)

    assert shown["Evaluations to finish"].count == 1
    assert shown["Work plans to sign"].count == 1
    assert "Check-ins due" in shown
    assert "Evaluations to read and sign" not in shown


def test_hr_sees_onboardings_overdue_items_and_sessions(client, hr_user):
    shown = cards(client, hr_user)
    assert {"Onboardings in progress", "Onboarding items overdue", "Training sessions"} <= set(
        shown
    )
    assert "Evaluations to finish" not in shown


@pytest.mark.parametrize("rows", [1, 4])
def test_a_peers_home_query_count_does_not_grow_with_their_evaluations(
    client, catalogues, peer, supervisor, rows, django_assert_num_queries
):
    for n in range(rows):
        submitted_evaluation(
            peer, supervisor, due_date=timezone.localdate() - timedelta(days=n), kind="annual"
        )
    client.force_login(peer)
    # session, user with profile (its supervisor and program) and roles
    # (people.selectors.session_users; permissions come from the roles, no query), the
    # peer's evaluations, trainings, onboarding to-dos; then one query for each app's
    # cards: evaluations, onboarding items, check-ins, trainings, and the self-assessment
    # questions left to answer
    with django_assert_num_queries(11):
        response = client.get(reverse("home"))
    assert response.context["needs_me"][0].count == rows
