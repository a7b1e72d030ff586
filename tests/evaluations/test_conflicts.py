"""selectors.evaluation_conflict_diff: what a refused save would have overwritten."""

import pytest

from evaluations.models import Rating
from evaluations.selectors import evaluation_conflict_diff
from evaluations.services.evaluations import evaluation_save, evaluation_self_save
from tests.clock import frozen

from .conftest import load

pytestmark = [frozen, pytest.mark.django_db]


def _first(evaluation):
    section = evaluation.sections_list[0]
    return section, section.items_list[0], section.items_list[1]


def _diff(evaluation, *, ratings=None, comments=None, texts=None, self_assessment=False):
    return evaluation_conflict_diff(
        evaluation=load(evaluation),
        ratings=ratings or {},
        comments=comments or {},
        texts=texts or {},
        self_assessment=self_assessment,
    )


def _save(evaluation, by, **changes):
    current = load(evaluation)
    changes = {"ratings": {}, "comments": {}, **changes}
    evaluation_save(evaluation=current, by=by, revision=current.revision, **changes)


def test_a_submission_that_matches_the_evaluation_now_differs_in_nothing(evaluation, supervisor):
    section, item, _ = _first(load(evaluation))
    _save(evaluation, supervisor, ratings={item.pk: Rating.ADVANCED}, comments={section.pk: "x"})
    assert (
        _diff(
            evaluation,
            ratings={item.pk: Rating.ADVANCED},
            comments={section.pk: "x"},
            texts={"overall_comments": "", "goals": ""},
        )
        == []
    )


def test_each_rating_that_differs_names_the_item_yours_and_now(evaluation, supervisor):
    _, item, other = _first(load(evaluation))
    _save(evaluation, supervisor, ratings={item.pk: Rating.ADVANCED})
    assert _diff(evaluation, ratings={item.pk: Rating.DEVELOPING, other.pk: Rating.PROFICIENT}) == [
        f"{item.code}: yours Developing, now Advanced",
        f"{other.code}: yours Proficient, now Not rated",
    ]
    assert _diff(evaluation, ratings={item.pk: ""}) == [
        f"{item.code}: yours Not rated, now Advanced"
    ]


def test_only_what_was_submitted_is_compared(evaluation, supervisor):
    section, item, _ = _first(load(evaluation))
    _save(
        evaluation,
        supervisor,
        ratings={item.pk: Rating.ADVANCED},
        comments={section.pk: "Changed in the other tab."},
        overall_comments="Changed too.",
    )
    assert _diff(evaluation) == []
    assert _diff(evaluation, texts={"goals": ""}) == []


def test_comments_and_overall_texts_that_differ_are_named(evaluation, supervisor):
    section, _, _ = _first(load(evaluation))
    _save(
        evaluation,
        supervisor,
        ratings={},
        comments={section.pk: "Now."},
        overall_comments="Now.",
        goals="Now.",
    )
    assert _diff(
        evaluation,
        comments={section.pk: "Mine."},
        texts={"overall_comments": "Mine.", "goals": "Mine."},
    ) == [
        f"Category {section.code} comment differs",
        "Overall comments differ",
        "Goals differ",
    ]


def test_the_self_assessment_is_compared_with_the_peers_own_answers(evaluation, supervisor, peer):
    section, item, _ = _first(load(evaluation))
    _save(evaluation, supervisor, ratings={item.pk: Rating.ADVANCED})
    current = load(evaluation)
    evaluation_self_save(
        evaluation=current,
        by=peer,
        revision=current.self_revision,
        ratings={item.pk: Rating.PROFICIENT},
        comments={section.pk: "My own words."},
        overall_comments="My year.",
    )
    mine = {
        "ratings": {item.pk: Rating.PROFICIENT},
        "comments": {section.pk: "My own words."},
        "texts": {"self_overall_comments": "My year."},
    }
    # The supervisor's Advanced is not the peer's concern here.
    assert _diff(evaluation, self_assessment=True, **mine) == []
    mine["ratings"] = {item.pk: Rating.DEVELOPING}
    mine["texts"] = {"self_overall_comments": "Another year."}
    assert _diff(evaluation, self_assessment=True, **mine) == [
        f"{item.code}: yours Developing, now Proficient",
        "Overall comments differ",
    ]


def test_the_diff_reads_no_database(evaluation, django_assert_num_queries):
    current = load(evaluation)
    _, item, _ = _first(current)
    with django_assert_num_queries(0):
        differences = evaluation_conflict_diff(
            evaluation=current,
            ratings={item.pk: Rating.ADVANCED},
            comments={},
            texts={"goals": "Mine."},
        )
    assert differences == [f"{item.code}: yours Advanced, now Not rated", "Goals differ"]
