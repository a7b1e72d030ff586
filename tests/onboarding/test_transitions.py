"""The onboarding item table: every move in it works, every other move is refused."""

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from onboarding.models import AssigneeRole, OnboardingItem, OnboardingItemEvent
from onboarding.services.plans import (
    ITEM_EVENTS,
    ITEM_TRANSITIONS,
    _locked_item,
    onboarding_item_transition,
)
from tests.clock import frozen
from tests.transitions import every_move, undone

pytestmark = frozen

# Who may make each kind of move, said independently of the table's own checks.
MAY = {
    "actor": {"new_hire", "supervisor", "hr_user"},
    "reassigner": {"supervisor", "hr_user"},
    "attendance": {"new_hire", "supervisor", "hr_user", "other_supervisor"},
}


def _fields(action, by, supervisor):
    done = {"completed_by": by, "completed_at": timezone.now()}
    return {
        "complete": done,
        "complete_by_training": {**done, "completed_by_training": True},
        "reopen_by_training": {
            "completed_by": None,
            "completed_at": None,
            "completed_by_training": False,
        },
        "not_applicable": {**done, "not_applicable_reason": "Not needed for this role."},
        "reopen": {"completed_by": None, "completed_at": None, "not_applicable_reason": ""},
        "reassign": {"assignee": supervisor},
    }[action]


def test_every_move_in_the_table_works_and_no_other(
    start_onboarding, hr_user, supervisor, other_supervisor
):
    onboarding = start_onboarding()
    item = onboarding.items.filter(template_item__assignee=AssigneeRole.NEW_HIRE).first()
    people = {
        "new_hire": onboarding.person,
        "supervisor": supervisor,
        "hr_user": hr_user,
        "other_supervisor": other_supervisor,
    }
    moves = every_move(ITEM_TRANSITIONS, OnboardingItem.Status.values, people)
    for state, action, name, person, move in moves:
        allowed = move is not None and name in MAY[move.actor]
        with undone():
            OnboardingItem.objects.filter(pk=item.pk).update(status=state)
            locked = _locked_item(item)
            fields = _fields(action, person, supervisor)
            if allowed:
                onboarding_item_transition(item=locked, action=action, by=person, fields=fields)
                assert OnboardingItem.objects.get(pk=item.pk).status == move.target
                assert OnboardingItemEvent.objects.get(item=item).action == ITEM_EVENTS[action]
            else:
                with pytest.raises(ApplicationError):
                    onboarding_item_transition(item=locked, action=action, by=person, fields=fields)
                assert OnboardingItem.objects.get(pk=item.pk).status == state
                assert not OnboardingItemEvent.objects.filter(item=item).exists()


def test_someone_who_may_not_act_is_not_told_the_items_state(start_onboarding, other_supervisor):
    item = start_onboarding().items.first()
    OnboardingItem.objects.filter(pk=item.pk).update(status=OnboardingItem.Status.DONE)
    with pytest.raises(ApplicationError, match="Only the person it is assigned to"):
        onboarding_item_transition(item=_locked_item(item), action="complete", by=other_supervisor)
