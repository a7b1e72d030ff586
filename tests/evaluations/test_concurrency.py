"""Two people saving the same evaluation at the same moment: no lost update."""

import pytest

from core.errors import ConflictError
from evaluations.models import EvaluationItem, Rating
from evaluations.services.evaluations import evaluation_save
from people.models import StaffProfile
from people.roles import Role
from tests.concurrency import race

from .conftest import load, new_evaluation


@pytest.mark.django_db(transaction=True)
def test_the_second_of_two_simultaneous_saves_is_refused_not_lost(
    catalogues, peer, supervisor, make_person
):
    evaluation = load(new_evaluation(peer, supervisor))
    # The peer moves to a new supervisor: the author and the new supervisor may both edit.
    successor = make_person(Role.SUPERVISOR)
    StaffProfile.objects.filter(user=peer).update(supervisor=successor)
    item = evaluation.sections_list[0].items_list[0]
    opened = evaluation.revision

    def save(by, rating):
        return lambda: evaluation_save(
            evaluation=evaluation,
            by=by,
            revision=opened,
            ratings={item.pk: rating},
            comments={},
        )

    outcomes = race(save(supervisor, Rating.ADVANCED), save(successor, Rating.PROFICIENT))
    refused = [o for o in outcomes if isinstance(o, Exception)]
    saved = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(saved) == 1 and len(refused) == 1, outcomes
    assert isinstance(refused[0], ConflictError)
    assert "changed by someone else since you opened it" in str(refused[0])
    winner, _ = saved[0]
    assert EvaluationItem.objects.get(pk=item.pk).rating == (
        Rating.ADVANCED if winner.edited_by_id == supervisor.pk else Rating.PROFICIENT
    )
    assert winner.revision == opened + 1
