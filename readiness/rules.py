"""The self-assessment cycle's workflow: open → answering → agreeing → finished."""

from core.transitions import Transition, TransitionTable

from .access import manages
from .models import Action, Cycle, SurveyRound

S = Cycle.State

CYCLE_TABLE = TransitionTable(
    transitions=(
        Transition(S.OPEN, "start_answering", S.ANSWERING, "admin", "ask the team to answer"),
        Transition(S.ANSWERING, "start_agreeing", S.AGREEING, "admin", "close the answers"),
        Transition(S.AGREEING, "finish", S.FINISHED, "admin", "finish the cycle"),
    ),
    actors={"admin": lambda cycle, user: manages(user)},
    state="state",
    wrong_state=lambda cycle, t: (
        f"This cycle is {cycle.get_state_display().lower()}: you cannot {t.verb} now."
    ),
    wrong_actor=lambda cycle, t: f"Only a program admin may {t.verb}.",
)

# What each move's button says.
ACTION_LABELS = {
    "start_answering": "Ask the team to answer",
    "start_agreeing": "Close the answers and agree",
    "finish": "Finish the cycle",
}

R = SurveyRound.State

SURVEY_TABLE = TransitionTable(
    transitions=(Transition(R.OPEN, "close", R.CLOSED, "admin", "close the survey"),),
    actors={"admin": lambda survey, user: manages(user)},
    state="state",
    wrong_state=lambda survey, t: "This survey is closed already.",
    wrong_actor=lambda survey, t: f"Only a program admin may {t.verb}.",
)

A = Action.Status

ACTION_TABLE = TransitionTable(
    transitions=(
        Transition(A.PLANNED, "start", A.UNDERWAY, "owner_or_admin", "start the action"),
        Transition(A.PLANNED, "complete", A.DONE, "owner_or_admin", "mark the action done"),
        Transition(A.UNDERWAY, "complete", A.DONE, "owner_or_admin", "mark the action done"),
        Transition(A.DONE, "reopen", A.UNDERWAY, "owner_or_admin", "reopen the action"),
    ),
    actors={"owner_or_admin": lambda action, user: manages(user) or action.owner_id == user.pk},
    state="status",
    wrong_state=lambda action, t: f"This action is {action.get_status_display().lower()}.",
    wrong_actor=lambda action, t: f"Only the action's owner or a program admin may {t.verb}.",
)

ACTION_LABELS.update({"start": "Start", "complete": "Mark done", "reopen": "Reopen"})
