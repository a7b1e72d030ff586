"""The work plan signature table: every move in it works, every other move is refused."""

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from tests.clock import frozen
from tests.transitions import every_move, undone
from workplans.models import WorkPlan
from workplans.rules import LOCKED_MESSAGE
from workplans.services.signatures import (
    EMPLOYEE_SIGNED,
    MANAGER_SIGNED,
    SIGNED,
    UNSIGNED,
    WORKPLAN_TRANSITIONS,
    signature_state,
    workplan_transition,
)

pytestmark = frozen

# Who may make each kind of move, said independently of the table's own checks.
MAY = {"manager": {"supervisor"}, "employee": {"peer"}, "editor": {"supervisor"}}
SIGNED_BY = {
    UNSIGNED: (),
    MANAGER_SIGNED: ("manager",),
    EMPLOYEE_SIGNED: ("employee",),
    SIGNED: ("manager", "employee"),
}


def _signatures(roles, now):
    return {
        f"{role}_{field}": (now if field == "signed_at" else "Signed") if role in roles else empty
        for role in ("manager", "employee")
        for field, empty in (("signature", ""), ("signed_at", None))
    }


def _fields(action, now):
    """What the move writes: the signer's signature, or (an edit) none left."""
    if action == "edit":
        return _signatures((), now)
    role = action.removeprefix("sign_as_")
    return {f"{role}_signature": "Signed", f"{role}_signed_at": now}


def test_every_move_in_the_table_works_and_no_other(
    plan, peer, supervisor, hr_user, other_supervisor
):
    people = {
        "peer": peer,
        "supervisor": supervisor,
        "hr_user": hr_user,
        "other_supervisor": other_supervisor,
    }
    now = timezone.now()
    for state, action, name, person, move in every_move(WORKPLAN_TRANSITIONS, SIGNED_BY, people):
        allowed = move is not None and name in MAY[move.actor]
        with undone():
            WorkPlan.objects.filter(pk=plan.pk).update(**_signatures(SIGNED_BY[state], now))
            current = WorkPlan.objects.get(pk=plan.pk)
            fields = _fields(action, now)
            if allowed:
                workplan_transition(plan=current, action=action, by=person, fields=fields)
                assert signature_state(WorkPlan.objects.get(pk=plan.pk)) == move.target
            else:
                with pytest.raises(ApplicationError):
                    workplan_transition(plan=current, action=action, by=person, fields=fields)
                assert signature_state(WorkPlan.objects.get(pk=plan.pk)) == state


def test_a_plan_signed_by_both_is_locked_to_its_manager(plan, supervisor):
    now = timezone.now()
    WorkPlan.objects.filter(pk=plan.pk).update(**_signatures(("manager", "employee"), now))
    with pytest.raises(ApplicationError, match=LOCKED_MESSAGE[:40]):
        workplan_transition(
            plan=WorkPlan.objects.get(pk=plan.pk),
            action="edit",
            by=supervisor,
            fields=_signatures((), now),
        )
