"""Where a work plan stands with its signatures: a transition table and one function that
moves along it.

unsigned → signed by one (manager or employee) → signed by both, which locks the plan.
The manager's edit withdraws any signature given (it was for the old text) and is
refused once both have signed.
"""

from core.transitions import Transition, TransitionTable, transition_apply

from ..access import can_edit
from ..models import WorkPlan
from ..rules import LOCKED_MESSAGE

UNSIGNED, MANAGER_SIGNED, EMPLOYEE_SIGNED, SIGNED = (
    "unsigned",
    "manager_signed",
    "employee_signed",
    "signed",
)


def signature_state(plan: WorkPlan) -> str:
    if plan.manager_signed_at and plan.employee_signed_at:
        return SIGNED
    if plan.manager_signed_at:
        return MANAGER_SIGNED
    return EMPLOYEE_SIGNED if plan.employee_signed_at else UNSIGNED


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _wrong_state(plan: WorkPlan, transition: Transition) -> str:
    return LOCKED_MESSAGE if transition.action == "edit" else "You have already signed this plan."


def only_the_manager(plan: WorkPlan) -> str:
    return f"Only {_name(plan.manager)}, the plan's manager, can change it."


def _wrong_actor(plan: WorkPlan, transition: Transition) -> str:
    if transition.action == "edit":
        return only_the_manager(plan)
    return "Only the employee and the manager sign the plan."


WORKPLAN_TRANSITIONS = TransitionTable(
    transitions=(
        Transition(UNSIGNED, "sign_as_manager", MANAGER_SIGNED, "manager"),
        Transition(EMPLOYEE_SIGNED, "sign_as_manager", SIGNED, "manager"),
        Transition(UNSIGNED, "sign_as_employee", EMPLOYEE_SIGNED, "employee"),
        Transition(MANAGER_SIGNED, "sign_as_employee", SIGNED, "employee"),
        *(
            Transition(s, "edit", UNSIGNED, "editor")
            for s in (UNSIGNED, MANAGER_SIGNED, EMPLOYEE_SIGNED)
        ),
    ),
    actors={
        "manager": lambda plan, user: user.pk == plan.manager_id,
        "employee": lambda plan, user: user.pk == plan.employee_id,
        "editor": lambda plan, user: can_edit(user, plan),
    },
    state=signature_state,
    wrong_state=_wrong_state,
    wrong_actor=_wrong_actor,
    # Who may change or sign the plan is said before what state it is in.
    actor_first=True,
)


def sign_action(plan: WorkPlan, by) -> str:
    """The signing move this person would make (a stranger's is refused as the employee's)."""
    return "sign_as_manager" if by.pk == plan.manager_id else "sign_as_employee"


def workplan_transition(*, plan: WorkPlan, action: str, by, fields: dict, record=None) -> WorkPlan:
    """Validate a move of ``WORKPLAN_TRANSITIONS``, save the plan with ``fields`` (which
    bring it to the move's state) and ``record`` the move; the audit trail records the save.

    Must run inside the caller's transaction, on a plan locked by ``_locked_copy``.
    """
    transition_apply(
        table=WORKPLAN_TRANSITIONS, row=plan, action=action, by=by, fields=fields, record=record
    )
    return plan
