"""core.transitions over any table: hypothesis draws tables, rows and people."""

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import ApplicationError
from core.transitions import Transition, TransitionTable, transition_apply

STATES = ["a", "b", "c"]
ACTIONS = ["go", "stop", "undo"]
PEOPLE = ["ann", "bo", "cy"]


class Row(SimpleNamespace):
    """A stand-in for a model row: remembers being cleaned and saved."""

    def full_clean(self, **options):
        self.cleaned = options

    def save(self):
        self.saved = getattr(self, "saved", 0) + 1


@st.composite
def tables(draw):
    moves = draw(
        st.dictionaries(
            st.tuples(st.sampled_from(STATES), st.sampled_from(ACTIONS)),
            st.sampled_from(STATES),
            min_size=1,
        )
    )
    # One actor per action, as the table requires; each actor is a set of people.
    actor_of = {action: f"{action}-doers" for action in ACTIONS}
    doers = {f"{action}-doers": draw(st.sets(st.sampled_from(PEOPLE))) for action in ACTIONS}
    return (
        TransitionTable(
            transitions=tuple(
                Transition(source, action, target, actor_of[action])
                for (source, action), target in moves.items()
            ),
            actors={name: (lambda row, user, who=who: user in who) for name, who in doers.items()},
            state="state",
            wrong_state=lambda row, t: f"wrong state {row.state} for {t.action}",
            wrong_actor=lambda row, t: f"{t.actor} only",
            actor_first=draw(st.booleans()),
            clean={"exclude": ["x"]},
        ),
        moves,
        doers,
        actor_of,
    )


@given(
    tables(),
    st.sampled_from(STATES),
    st.sampled_from(ACTIONS),
    st.sampled_from(PEOPLE),
)
def test_a_move_is_made_exactly_when_the_table_has_it_and_the_person_may(
    drawn, state, action, person
):
    table, moves, doers, actor_of = drawn
    if action not in table.actions:
        with pytest.raises(LookupError):
            table.check(row=Row(state=state), action=action, by=person)
        return
    in_table = (state, action) in moves
    may = person in doers[actor_of[action]]
    row, recorded = Row(state=state), []

    assert (action in table.allowed(row=row, by=person)) == (in_table and may)
    if in_table and may:
        transition_apply(
            table=table,
            row=row,
            action=action,
            by=person,
            fields={"note": "n"},
            record=recorded.append,
        )
        assert (row.state, row.note, row.saved, row.cleaned) == (
            moves[(state, action)],
            "n",
            1,
            {"exclude": ["x"]},
        )
        assert [(t.source, t.target) for t in recorded] == [(state, moves[(state, action)])]
    else:
        with pytest.raises(ApplicationError) as refused:
            transition_apply(table=table, row=row, action=action, by=person, record=recorded.append)
        assert (row.state, getattr(row, "saved", 0), recorded) == (state, 0, [])
        # Both checks fail: the table's order decides which one is said.
        said_actor = not may and (table.actor_first or in_table)
        assert str(refused.value) == (
            f"{actor_of[action]} only" if said_actor else f"wrong state {state} for {action}"
        )


def test_a_table_names_each_move_once_and_each_actor_it_uses():
    with pytest.raises(ValueError, match="Two moves"):
        TransitionTable(
            transitions=(Transition("a", "go", "b", "x"), Transition("a", "go", "c", "x")),
            actors={"x": lambda row, user: True},
            state="state",
            wrong_state=str,
            wrong_actor=str,
        )
    with pytest.raises(ValueError, match="no actor check"):
        TransitionTable(
            transitions=(Transition("a", "go", "b", "y"),),
            actors={"x": lambda row, user: True},
            state="state",
            wrong_state=str,
            wrong_actor=str,
        )


def test_a_derived_state_must_follow_from_the_fields():
    table = TransitionTable(
        transitions=(Transition("open", "close", "closed", "anyone"),),
        actors={"anyone": lambda row, user: True},
        state=lambda row: "closed" if row.closed_at else "open",
        wrong_state=str,
        wrong_actor=str,
    )
    row = Row(closed_at=None)
    with pytest.raises(ValueError, match="not 'closed'"):
        transition_apply(table=table, row=row, action="close", by="ann", fields={})
    transition_apply(table=table, row=row, action="close", by="ann", fields={"closed_at": 1})
    assert row.saved == 1
