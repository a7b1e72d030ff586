"""Walking a transition table: every (state, action, person), in the table or not."""

from contextlib import contextmanager
from itertools import product

from django.db import transaction


class _Undo(Exception):
    pass


@contextmanager
def undone():
    """Run the block, then roll back what it wrote: each move starts from the same rows."""
    try:
        with transaction.atomic():
            yield
            raise _Undo
    except _Undo:
        pass


def every_move(table, states, people: dict):
    """(state, action, name, person, the table's move or None) for every combination."""
    for state, action, name in product(states, table.actions, people):
        yield state, action, name, people[name], table.find(state, action)
