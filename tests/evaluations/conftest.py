from datetime import timedelta

import pytest
from django.utils import timezone

from evaluations.models import Evaluation, Rating
from evaluations.selectors import evaluation_with_contents
from evaluations.services.evaluations import evaluation_create, evaluation_save
from evaluations.services.templates import evaluation_template_default
from evaluations.services.workflow import (
    evaluation_acknowledge,
    evaluation_finalize,
    evaluation_submit,
)
from tests.revisions import evaluation_revision


def load(evaluation):
    return evaluation_with_contents(queryset=Evaluation.objects.all(), pk=evaluation.pk)


def rate_all(evaluation, by, rating=Rating.PROFICIENT, comment=""):
    evaluation = load(evaluation)
    ratings = {i.pk: rating for s in evaluation.sections_list for i in s.items_list}
    comments = {s.pk: comment for s in evaluation.sections_list} if comment else {}
    evaluation, _ = evaluation_save(
        evaluation=evaluation,
        by=by,
        revision=evaluation.revision,
        ratings=ratings,
        comments=comments,
        overall_comments="A steady first year.",
        goals="Co-facilitate a WRAP group.",
    )
    return evaluation


def new_evaluation(peer, supervisor, **kwargs):
    """A 90-day evaluation of a quarter that ended three weeks ago, due in a week."""
    today = timezone.localdate()
    period_end = today - timedelta(days=23)
    params = {
        "kind": Evaluation.Kind.NINETY_DAY,
        "period_start": period_end - timedelta(days=91),
        "period_end": period_end,
        "due_date": today + timedelta(days=7),
    }
    params.update(kwargs)
    return evaluation_create(
        template=evaluation_template_default(organisation=peer.organisation),
        peer=peer,
        by=supervisor,
        **params,
    )


def make_submitted_evaluation(peer, supervisor, **kwargs):
    evaluation = new_evaluation(peer, supervisor, **kwargs)
    rate_all(evaluation, supervisor)
    return evaluation_submit(evaluation=evaluation, by=supervisor)


@pytest.fixture
def make_evaluation(catalogues):
    return new_evaluation


@pytest.fixture
def evaluation(make_evaluation, peer, supervisor):
    return make_evaluation(peer, supervisor)


@pytest.fixture
def submitted(evaluation, supervisor):
    rate_all(evaluation, supervisor)
    return evaluation_submit(evaluation=evaluation, by=supervisor)


@pytest.fixture
def finalized(submitted, peer, supervisor):
    evaluation_acknowledge(
        evaluation=submitted,
        by=peer,
        revision=evaluation_revision(submitted),
        signature=peer.get_full_name(),
    )
    return evaluation_finalize(evaluation=submitted, by=supervisor)


def amend_rating(evaluation, *, by, item, rating, reason="Rated the wrong item."):
    """Amend one item's rating of a finalized evaluation, from its current revision."""
    from evaluations.services.workflow import evaluation_amend

    return evaluation_amend(
        evaluation=evaluation,
        by=by,
        revision=evaluation_revision(evaluation),
        reason=reason,
        ratings={item.pk: rating},
        comments={},
    )
