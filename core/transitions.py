"""Workflows as data: a table of the allowed moves, and one function that makes a move.

Each app declares its table (evaluations, onboarding items, enrolments, work-plan
signatures) and moves its rows only through ``transition_apply``, so what may happen,
who may do it and what a refusal says are read in one place, and every move is
validated, saved and recorded the same way.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import ApplicationError, full_clean


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    actor: str  # names a check in the table's ``actors``
    verb: str = ""  # how a refusal names the move, e.g. "submit it to the peer"


@dataclass(frozen=True)
class TransitionTable:
    """The allowed moves of one workflow.

    ``state`` is the model field holding the state, or a function deriving it from the
    row (a work plan's state is which signatures it carries). ``actors`` maps each
    actor name to ``(row, user) -> bool``. ``wrong_state`` and ``wrong_actor`` word the
    refusals, given the row and a transition of the action asked for. ``actor_first``
    checks who asks before the state, where the state is not theirs to learn.
    ``clean`` is passed to ``full_clean`` before saving.
    """

    transitions: tuple[Transition, ...]
    actors: Mapping[str, Callable[[Any, Any], bool]]
    state: str | Callable[[Any], str]
    wrong_state: Callable[[Any, Transition], str]
    wrong_actor: Callable[[Any, Transition], str]
    actor_first: bool = False
    clean: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        seen: dict[str, Transition] = {}
        moves = set()
        for t in self.transitions:
            if (t.source, t.action) in moves:
                raise ValueError(f"Two moves for {t.action} from {t.source!r}.")
            moves.add((t.source, t.action))
            if t.actor not in self.actors:
                raise ValueError(f"{t.action}: no actor check named {t.actor!r}.")
            first = seen.setdefault(t.action, t)
            if (first.actor, first.verb) != (t.actor, t.verb):
                raise ValueError(f"{t.action}: one actor and one wording for every source.")

    @property
    def actions(self) -> list[str]:
        return list(dict.fromkeys(t.action for t in self.transitions))

    @property
    def states(self) -> set[str]:
        return {t.source for t in self.transitions} | {t.target for t in self.transitions}

    def state_of(self, row) -> str:
        return getattr(row, self.state) if isinstance(self.state, str) else self.state(row)

    def find(self, state: str, action: str) -> Transition | None:
        return next((t for t in self.transitions if t.source == state and t.action == action), None)

    def _any(self, action: str) -> Transition:
        for t in self.transitions:
            if t.action == action:
                return t
        raise LookupError(f"No move named {action!r}.")

    def allowed(self, *, row, by) -> list[str]:
        """The actions this person may take on the row now (for showing buttons)."""
        state = self.state_of(row)
        return [
            t.action
            for t in self.transitions
            if t.source == state and self.actors[t.actor](row, by)
        ]

    def check(self, *, row, action: str, by) -> Transition:
        """The move, if this person may make it now; otherwise ApplicationError saying why."""
        some = self._any(action)
        found = self.find(self.state_of(row), action)
        checks: Iterable = (
            (self.actors[some.actor](row, by), self.wrong_actor),
            (found is not None, self.wrong_state),
        )
        for passed, refusal in checks if self.actor_first else reversed(tuple(checks)):
            if not passed:
                raise ApplicationError(refusal(row, some))
        return found


def transition_apply(
    *,
    table: TransitionTable,
    row,
    action: str,
    by,
    fields: Mapping[str, Any] | None = None,
    record: Callable[[Transition], object] | None = None,
) -> Transition:
    """Validate the move, set ``fields`` and the new state, clean and save the row, then
    ``record`` the move (history rows, seals; the audit trail records the save itself).

    Runs inside the caller's transaction, on a row the caller has locked.
    """
    transition = table.check(row=row, action=action, by=by)
    for name, value in (fields or {}).items():
        setattr(row, name, value)
    if isinstance(table.state, str):
        setattr(row, table.state, transition.target)
    elif table.state_of(row) != transition.target:
        # A derived state follows from the fields: the service and the table disagree.
        raise ValueError(
            f"{action} left the row {table.state_of(row)!r}, not {transition.target!r}."
        )
    full_clean(row, **table.clean)
    row.save()
    if record is not None:
        record(transition)
    return transition
