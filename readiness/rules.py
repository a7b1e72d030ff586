"""The self-assessment cycle's workflow: open → answering → agreeing → finished."""

from core.transitions import Transition, TransitionTable

from .access import manages
from .models import Cycle, SurveyRound

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
