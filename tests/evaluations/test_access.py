"""Who sees an evaluation: the one-evaluation check the pages use and the list's query agree."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evaluations.access import evaluations_visible_to, is_visible_to
from evaluations.models import Evaluation
from people.roles import Role
from tests.clock import frozen

from .conftest import load

pytestmark = [frozen, pytest.mark.django_db]


def test_is_visible_to_answers_as_the_visible_list_for_every_viewer_and_evaluation(
    make_evaluation, make_person, peer, supervisor, other_supervisor, hr_user, admin_user
):
    moved = make_person(Role.PEER, supervisor=supervisor)
    other_peer = make_person(Role.PEER, supervisor=other_supervisor)
    left = make_person(Role.SUPERVISOR)
    left_peer = make_person(Role.PEER, supervisor=left)
    no_profile = make_person(None)
    no_profile.profile.delete()
    evaluations = [
        make_evaluation(peer, supervisor),  # a draft
        make_evaluation(other_peer, other_supervisor),
        make_evaluation(moved, supervisor),
        make_evaluation(left_peer, left),  # by someone who has since left
    ]
    left.profile.end_date = timezone.localdate() - timedelta(days=1)
    left.profile.save()
    Evaluation.objects.filter(pk=evaluations[1].pk).update(state=Evaluation.State.SUBMITTED)
    # The peer moved to another supervisor after the evaluation was written.
    moved.profile.supervisor = other_supervisor
    moved.profile.save()
    viewers = [peer, other_peer, moved, left_peer, supervisor, other_supervisor, hr_user]
    viewers += [admin_user, left, no_profile]
    seen = 0
    for viewer in viewers:
        visible = set(evaluations_visible_to(viewer).values_list("pk", flat=True))
        for evaluation in evaluations:
            expected = evaluation.pk in visible
            assert is_visible_to(viewer, load(evaluation)) is expected, (viewer, evaluation)
            seen += expected
    # Both answers occur: HR and the admin see all four, the left supervisor none.
    assert 8 <= seen < len(viewers) * len(evaluations)
