"""From findings to action: challenges analysed, actions with owners, due dates, reminders."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError
from people.roles import Role
from readiness import reminders
from readiness.models import Action, Challenge
from readiness.selectors import competencies_weakest_first
from readiness.services import action_add, action_move, challenge_record
from tests.clock import frozen

from .conftest import finished_cycle

pytestmark = [frozen, pytest.mark.django_db]


@pytest.fixture
def cycle(catalogues, admin_user, team):
    return finished_cycle(admin_user, team, answer="yes")


def _action(cycle, admin, owner, days=7, code="A.2"):
    return action_add(
        cycle=cycle,
        competency_code=code,
        text="Invite a peer to the management team meetings.",
        owner=owner,
        due_date=timezone.localdate() + timedelta(days=days),
        by=admin,
    )


def test_the_weakest_competencies_come_first(catalogues, admin_user, team):
    from readiness.models import AgreedAnswer

    cycle = finished_cycle(admin_user, team, answer="yes")
    AgreedAnswer.objects.filter(cycle=cycle, question__domain__code="A.9").update(answer="no")
    codes = [code for code, _ in competencies_weakest_first(cycle=cycle)]
    assert codes[0] == "A.9"
    assert codes[-1] == "A.8"  # no questions, no score
    assert dict(competencies_weakest_first(cycle=cycle))["A.9"].endswith("(0%)")


def test_a_challenge_keeps_the_four_areas_of_the_form(cycle, admin_user):
    challenge = challenge_record(
        cycle=cycle,
        competency_code="A.9",
        current_situation="One peer per program.",
        causes={
            "environment": {"causes": "Budget", "why": "Grant", "details": "", "action": "Ask"},
            "people": {"causes": "", "why": "", "details": "", "action": ""},
        },
        by=admin_user,
    )
    assert challenge.causes == {
        "environment": {"causes": "Budget", "why": "Grant", "details": "", "action": "Ask"}
    }
    with pytest.raises(ApplicationError):
        challenge_record(
            cycle=cycle, competency_code="A.99", current_situation="x", causes={}, by=admin_user
        )


def test_the_owner_or_an_admin_moves_an_action_and_no_one_else(
    cycle, admin_user, supervisor, make_person
):
    action = _action(cycle, admin_user, supervisor)
    assert action.status == Action.Status.PLANNED
    with pytest.raises(ApplicationError, match="owner or a program admin"):
        action_move(action=action, move="start", by=make_person(Role.SUPERVISOR))
    action = action_move(action=action, move="start", by=supervisor)
    action = action_move(action=action, move="complete", by=admin_user)
    assert action.status == Action.Status.DONE
    with pytest.raises(ApplicationError, match="done"):
        action_move(action=action, move="start", by=supervisor)


def test_only_people_who_work_here_own_actions(cycle, admin_user, make_person):
    from tests.factories import OrganisationFactory, StaffProfileFactory, UserFactory

    stranger = UserFactory(organisation=OrganisationFactory(), roles=[Role.HR])
    StaffProfileFactory(user=stranger)
    with pytest.raises(ApplicationError, match="works here"):
        _action(cycle, admin_user, stranger)


def test_owners_are_reminded_a_week_before_and_on_the_day(cycle, admin_user, supervisor, peer):
    week = _action(cycle, admin_user, supervisor, days=7)
    today = _action(cycle, admin_user, peer, days=0)
    _action(cycle, admin_user, peer, days=3)
    done = _action(cycle, admin_user, supervisor, days=0)
    action_move(action=done, move="complete", by=admin_user)
    found = reminders.pending(today=timezone.localdate())
    assert sorted((r.recipient.pk, r.key.split(":")[1]) for r in found) == sorted(
        [(supervisor.pk, str(week.pk)), (peer.pk, str(today.pk))]
    )
    message = next(r for r in found if r.recipient == peer).message()
    assert "due today" in message.subject
    assert reverse("readiness:cycle-actions", args=[cycle.pk]) in message.body


def test_reminders_are_part_of_the_daily_job():
    from core.reminders import REMINDER_SOURCES

    assert reminders.pending in REMINDER_SOURCES


def test_a_program_admin_builds_the_plan_in_the_pages(client, cycle, admin_user, supervisor):
    client.force_login(admin_user)
    url = reverse("readiness:cycle-challenge", args=[cycle.pk])
    data = {"competency_code": "A.2", "current_situation": "Leaders rarely ask peers."}
    data |= {"people_causes": "No peer in management", "people_action": "Seat a peer lead"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert Challenge.objects.get().causes["people"]["causes"] == "No peer in management"
    actions_url = reverse("readiness:cycle-actions", args=[cycle.pk])
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    client.post(
        actions_url,
        {
            "competency_code": "A.2",
            "text": "Seat a peer lead",
            "owner": supervisor.pk,
            "due_date": due,
        },
    )
    action = Action.objects.get()
    page = client.get(actions_url).content.decode()
    assert "Seat a peer lead" in page and "No peer in management" in page
    # The owner, not on the team, sees the plan their reminder links to and moves their action.
    client.force_login(supervisor)
    assert client.get(actions_url).status_code == 200
    client.post(reverse("readiness:action-move", args=[cycle.pk, action.pk]), {"move": "start"})
    action.refresh_from_db()
    assert action.status == Action.Status.UNDERWAY


def test_the_action_plan_costs_the_same_at_1_and_20_actions(client, cycle, admin_user, supervisor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(admin_user)
    counts = []
    for total in (1, 20):
        while Action.objects.count() < total:
            _action(cycle, admin_user, supervisor)
        with CaptureQueriesContext(connection) as ctx:
            assert (
                client.get(reverse("readiness:cycle-actions", args=[cycle.pk])).status_code == 200
            )
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] and counts[0] <= 20, counts
