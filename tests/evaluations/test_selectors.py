from datetime import timedelta

from evaluations.models import Rating
from evaluations.selectors import developing_items, latest_shared_evaluation
from evaluations.services.evaluations import evaluation_save
from evaluations.services.workflow import evaluation_submit

from .conftest import load, new_evaluation, rate_all


def test_latest_shared_evaluation_skips_drafts_and_takes_the_latest_period(
    catalogues, peer, supervisor
):
    assert latest_shared_evaluation(peer=peer) is None
    older = new_evaluation(peer, supervisor)
    rate_all(older, supervisor)
    older = evaluation_submit(evaluation=older, by=supervisor)
    newer = new_evaluation(
        peer,
        supervisor,
        period_end=older.period_end + timedelta(days=90),
        period_start=older.period_end,
    )
    rate_all(newer, supervisor)
    newer = evaluation_submit(evaluation=newer, by=supervisor)
    # A draft of a later period is not shared with the person yet.
    new_evaluation(
        peer,
        supervisor,
        period_end=newer.period_end + timedelta(days=90),
        period_start=newer.period_end,
    )

    assert latest_shared_evaluation(peer=peer) == newer


def test_developing_items_are_those_rated_developing_in_the_forms_order(
    catalogues, peer, supervisor
):
    evaluation = load(new_evaluation(peer, supervisor))
    items = [i for s in evaluation.sections_list for i in s.items_list]
    chosen = [items[-1], items[0], items[len(items) // 2]]
    evaluation_save(
        evaluation=evaluation,
        by=supervisor,
        revision=evaluation.revision,
        ratings={i.pk: Rating.DEVELOPING for i in chosen},
        comments={},
    )

    found = list(developing_items(evaluation=evaluation))

    assert [i.pk for i in found] == [items[0].pk, items[len(items) // 2].pk, items[-1].pk]
    assert all(i.rating == Rating.DEVELOPING for i in found)
    assert found[0].section.evaluation_id == evaluation.pk
