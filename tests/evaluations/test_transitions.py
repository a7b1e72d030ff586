"""The evaluation workflow's table: every move in it works, every other move is refused."""

import pytest

from core.errors import ApplicationError
from evaluations.models import Evaluation, EvaluationTransition
from evaluations.services.workflow import TRANSITIONS, allowed_transitions, evaluation_transition

from .conftest import load

# The fixtures that are the evaluation's peer and its supervisor; the others are neither.
ACTORS = {"peer": "peer", "supervisor": "supervisor"}


@pytest.mark.parametrize("name", TRANSITIONS.actions)
@pytest.mark.parametrize("state", list(Evaluation.State.values))
@pytest.mark.parametrize("actor", ["peer", "supervisor", "other_supervisor", "hr_user"])
def test_the_table_is_the_only_way(evaluation, request, name, state, actor):
    Evaluation.objects.filter(pk=evaluation.pk).update(state=state)
    evaluation = load(evaluation)
    user = request.getfixturevalue(actor)
    transition = TRANSITIONS.find(state, name)
    allowed = transition is not None and ACTORS.get(actor) == transition.actor

    assert (name in allowed_transitions(evaluation=evaluation, user=user)) == allowed
    if allowed:
        moved = evaluation_transition(evaluation=evaluation, name=name, by=user)
        assert moved.state == Evaluation.objects.get(pk=evaluation.pk).state == transition.target
        assert EvaluationTransition.objects.filter(
            evaluation=evaluation, from_state=state, to_state=transition.target, by=user
        ).exists()
    else:
        with pytest.raises(ApplicationError):
            evaluation_transition(evaluation=evaluation, name=name, by=user)
        assert Evaluation.objects.get(pk=evaluation.pk).state == state
        assert not EvaluationTransition.objects.filter(evaluation=evaluation).exists()


def test_a_move_in_the_wrong_state_is_refused_before_asking_who(submitted, peer):
    with pytest.raises(ApplicationError, match="submitted to the peer: you cannot finalize it now"):
        evaluation_transition(evaluation=load(submitted), name="finalize", by=peer)
