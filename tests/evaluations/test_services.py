"""Evaluation services: the comment rule, every state change, snapshots, amendments."""

import pytest
from django.core import mail

from competencies.models import Framework, Item
from competencies.services.catalogue_export import framework_export_csv
from competencies.services.catalogue_files import parse_csv
from competencies.services.catalogue_import import catalogue_apply
from core.errors import ApplicationError, ConflictError
from evaluations.models import Amendment, Evaluation, EvaluationNotice, EvaluationTransition, Rating
from evaluations.services.evaluations import evaluation_save, evaluation_self_save
from evaluations.services.workflow import (
    evaluation_acknowledge,
    evaluation_amend,
    evaluation_finalize,
    evaluation_self_submit,
    evaluation_submit,
    evaluation_take_back,
)
from people.roles import Role
from tests.revisions import evaluation_revision

from .conftest import amend_rating, load, rate_all

pytestmark = pytest.mark.django_db
State = Evaluation.State


def test_new_evaluation_copies_the_wise_template(evaluation):
    evaluation = load(evaluation)
    assert [
        s.code for s in evaluation.sections_list
    ] == "I II III IV V VI VII VIII IX X XI XII".split()
    assert sum(len(s.items_list) for s in evaluation.sections_list) == 62
    first = evaluation.sections_list[0].items_list[0]
    assert first.text == Item.objects.get(framework__slug="wise-evaluation", code="I.1").text
    assert evaluation.rating_definitions["developing"]["label"] == "Developing"
    assert evaluation.rating_definitions["advanced"]["definition"]
    assert evaluation.state == State.DRAFT


def test_only_the_peers_supervisor_creates_an_evaluation(make_evaluation, peer, other_supervisor):
    with pytest.raises(ApplicationError, match="people who report to you"):
        make_evaluation(peer, other_supervisor)


def test_developing_without_comment_names_the_category(evaluation, supervisor):
    evaluation = load(evaluation)
    section = evaluation.sections_list[2]
    item = section.items_list[1]
    evaluation, problems = evaluation_save(
        evaluation=evaluation,
        by=supervisor,
        revision=evaluation.revision,
        ratings={item.pk: Rating.DEVELOPING},
        comments={},
    )
    # The draft keeps the rating (nothing is lost) and says what submitting needs.
    assert load(evaluation).sections_list[2].items_list[1].rating == Rating.DEVELOPING
    assert problems == {
        "III": [f"Category III ({section.title}) needs a comment: III.2 rated Developing."]
    }


@pytest.mark.parametrize("rating", [Rating.DEVELOPING, Rating.NOT_ENOUGH_INFORMATION])
def test_submit_refuses_developing_or_nei_without_comment(evaluation, supervisor, rating):
    rate_all(evaluation, supervisor)
    evaluation = load(evaluation)
    item = evaluation.sections_list[4].items_list[0]
    evaluation_save(
        evaluation=evaluation,
        by=supervisor,
        revision=evaluation.revision,
        ratings={item.pk: rating},
        comments={},
    )
    with pytest.raises(ApplicationError) as excinfo:
        evaluation_submit(evaluation=evaluation, by=supervisor)
    assert list(excinfo.value.errors) == ["V"]
    assert "Category V" in excinfo.value.errors["V"][0]
    assert Evaluation.objects.get(pk=evaluation.pk).state == State.DRAFT
    section = load(evaluation).sections_list[4]
    evaluation_save(
        evaluation=evaluation,
        by=supervisor,
        revision=load(evaluation).revision,
        ratings={},
        comments={section.pk: "Building confidence in recovery planning."},
    )
    assert evaluation_submit(evaluation=evaluation, by=supervisor).state == State.SUBMITTED


def test_submit_refuses_unrated_items(evaluation, supervisor):
    with pytest.raises(ApplicationError) as excinfo:
        evaluation_submit(evaluation=evaluation, by=supervisor)
    assert "Category I: rate I.1, I.2, I.3, I.4, I.5." in excinfo.value.errors["I"]


def test_not_applicable_needs_confirmation(evaluation, supervisor):
    rate_all(evaluation, supervisor)
    evaluation = load(evaluation)
    item = evaluation.sections_list[0].items_list[0]
    evaluation_save(
        evaluation=evaluation,
        by=supervisor,
        revision=evaluation.revision,
        ratings={item.pk: Rating.NOT_APPLICABLE},
        comments={},
    )
    with pytest.raises(ApplicationError, match="I.1 is rated Not Applicable"):
        evaluation_submit(evaluation=evaluation, by=supervisor)
    assert (
        evaluation_submit(evaluation=evaluation, by=supervisor, confirm_not_applicable=True).state
        == State.SUBMITTED
    )


def test_stale_revision_is_refused(evaluation, supervisor, other_supervisor, peer):
    # The peer now reports to another supervisor: the author and the new supervisor may both edit.
    peer.profile.supervisor = other_supervisor
    peer.profile.save()
    evaluation = load(evaluation)
    item = evaluation.sections_list[0].items_list[0]
    opened_at = evaluation.revision
    evaluation_save(
        evaluation=evaluation,
        by=other_supervisor,
        revision=opened_at,
        ratings={item.pk: Rating.ADVANCED},
        comments={},
    )
    with pytest.raises(ConflictError, match="changed by someone else since you opened it"):
        evaluation_save(
            evaluation=evaluation,
            by=supervisor,
            revision=opened_at,
            ratings={item.pk: Rating.PROFICIENT},
            comments={},
        )
    assert load(evaluation).sections_list[0].items_list[0].rating == Rating.ADVANCED


def test_own_later_saves_are_not_a_conflict(evaluation, supervisor):
    """Autosave requests from a page still arriving when it presses Submit must not refuse it."""
    evaluation = load(evaluation)
    first, second = evaluation.sections_list[0].items_list[:2]
    opened_at = evaluation.revision
    evaluation_save(
        evaluation=evaluation,
        by=supervisor,
        revision=opened_at,
        ratings={first.pk: Rating.ADVANCED},
        comments={},
        page="tab-one",
    )
    evaluation_save(
        evaluation=evaluation,
        by=supervisor,
        revision=opened_at,
        ratings={second.pk: Rating.PROFICIENT},
        comments={},
        page="tab-one",
    )
    ratings = [i.rating for i in load(evaluation).sections_list[0].items_list[:2]]
    assert ratings == [Rating.ADVANCED, Rating.PROFICIENT]


def test_unknown_rating_and_foreign_items_are_refused(
    evaluation, make_evaluation, make_person, supervisor
):
    other = load(make_evaluation(make_person(Role.PEER, supervisor=supervisor), supervisor))
    evaluation = load(evaluation)
    with pytest.raises(ApplicationError, match="not part of this evaluation"):
        evaluation_save(
            evaluation=evaluation,
            by=supervisor,
            revision=evaluation.revision,
            ratings={other.sections_list[0].items_list[0].pk: Rating.ADVANCED},
            comments={},
        )
    with pytest.raises(ApplicationError, match="Unknown rating"):
        evaluation_save(
            evaluation=evaluation,
            by=supervisor,
            revision=evaluation.revision,
            ratings={evaluation.sections_list[0].items_list[0].pk: "excellent"},
            comments={},
        )


def test_full_workflow_records_every_move_and_emails(
    submitted, peer, supervisor, django_capture_on_commit_callbacks
):
    assert submitted.state == State.SUBMITTED
    assert submitted.supervisor_signature == supervisor.get_full_name()
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_acknowledge(
            evaluation=submitted,
            by=peer,
            revision=evaluation_revision(submitted),
            signature=f"  {peer.get_full_name().upper()} ",
            comments="Thank you.",
            disagrees=True,
            disagreement_statement="I led two groups, not one.",
        )
    acknowledged = Evaluation.objects.get(pk=submitted.pk)
    assert acknowledged.state == State.ACKNOWLEDGED and acknowledged.peer_disagrees
    assert [m.to for m in mail.outbox] == [[supervisor.email]]
    assert "has acknowledged" in mail.outbox[0].subject
    assert mail.outbox[0].alternatives[0][1] == "text/html"
    finalized = evaluation_finalize(evaluation=acknowledged, by=supervisor)
    assert finalized.state == State.FINALIZED and len(finalized.content_hash) == 64
    assert finalized.finalized_snapshot["sections"][0]["items"][0][2] == Rating.PROFICIENT
    moves = list(
        EvaluationTransition.objects.filter(evaluation=submitted).values_list(
            "from_state", "to_state"
        )
    )
    assert moves == [
        (State.DRAFT, State.SUBMITTED),
        (State.SUBMITTED, State.ACKNOWLEDGED),
        (State.ACKNOWLEDGED, State.FINALIZED),
    ]


def test_submitting_emails_the_peer_once(
    evaluation, supervisor, peer, django_capture_on_commit_callbacks
):
    rate_all(evaluation, supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_submit(evaluation=evaluation, by=supervisor)
    assert [m.to for m in mail.outbox] == [[peer.email]]
    assert "/evaluations/" in mail.outbox[0].body
    from evaluations.tasks import send_evaluation_notice

    send_evaluation_notice.delay(evaluation.pk, EvaluationNotice.Kind.SUBMITTED, peer.pk, 1)
    assert len(mail.outbox) == 1


def test_take_back_only_before_acknowledgement(submitted, peer, supervisor):
    taken = evaluation_take_back(evaluation=submitted, by=supervisor, note="Forgot a comment")
    assert taken.state == State.DRAFT and taken.submitted_at is None
    rate_all(taken, supervisor)
    evaluation_submit(evaluation=taken, by=supervisor)
    evaluation_acknowledge(
        evaluation=taken,
        by=peer,
        revision=evaluation_revision(taken),
        signature=peer.get_full_name(),
    )
    with pytest.raises(ApplicationError, match="acknowledged: you cannot take it back now"):
        evaluation_take_back(evaluation=taken, by=supervisor)


def test_signature_must_be_the_peers_name(submitted, peer):
    with pytest.raises(ApplicationError) as excinfo:
        evaluation_acknowledge(
            evaluation=submitted,
            by=peer,
            revision=evaluation_revision(submitted),
            signature="Someone Else",
        )
    assert "signature" in excinfo.value.errors
    with pytest.raises(ApplicationError) as excinfo:
        evaluation_acknowledge(
            evaluation=submitted,
            by=peer,
            revision=evaluation_revision(submitted),
            signature=peer.get_full_name(),
            disagrees=True,
        )
    assert "disagreement_statement" in excinfo.value.errors
    assert Evaluation.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_finalized_evaluation_cannot_be_saved(finalized, supervisor):
    with pytest.raises(ApplicationError, match="only drafts can be edited"):
        evaluation_save(
            evaluation=finalized, by=supervisor, revision=None, ratings={}, comments={}, goals="x"
        )


def test_amendment_keeps_the_original_and_records_the_change(finalized, supervisor, hr_user):
    original_hash = finalized.content_hash
    evaluation = load(finalized)
    item = evaluation.sections_list[8].items_list[1]
    with pytest.raises(ApplicationError, match="needs a comment"):
        amend_rating(evaluation, by=hr_user, item=item, rating=Rating.DEVELOPING, reason="Typo")
    with pytest.raises(ApplicationError):
        amend_rating(evaluation, by=supervisor, item=item, rating=Rating.ADVANCED, reason="  ")
    amendment = amend_rating(
        evaluation, by=supervisor, item=item, rating=Rating.ADVANCED, reason="Rated the wrong row"
    )
    assert amendment.changes == [
        {"item": "IX.2", "field": "rating", "before": "proficient", "after": "advanced"}
    ]
    evaluation = Evaluation.objects.get(pk=finalized.pk)
    assert evaluation.state == State.FINALIZED
    assert evaluation.content_hash != original_hash
    assert evaluation.finalized_snapshot["sections"][8]["items"][1][2] == Rating.PROFICIENT
    assert Amendment.objects.filter(evaluation=evaluation).count() == 1


def test_other_supervisor_cannot_amend(finalized, other_supervisor):
    evaluation = load(finalized)
    with pytest.raises(ApplicationError):
        evaluation_amend(
            evaluation=evaluation,
            by=other_supervisor,
            revision=evaluation.revision,
            reason="x",
            ratings={evaluation.sections_list[0].items_list[0].pk: Rating.ADVANCED},
            comments={},
        )


def test_self_assessment_same_rule_and_submission(evaluation, peer, supervisor):
    evaluation = load(evaluation)
    ratings = {i.pk: Rating.ADVANCED for s in evaluation.sections_list for i in s.items_list}
    first = evaluation.sections_list[0]
    ratings[first.items_list[0].pk] = Rating.NOT_ENOUGH_INFORMATION
    with pytest.raises(ApplicationError, match="Only the peer"):
        evaluation_self_save(
            evaluation=evaluation, by=supervisor, revision=0, ratings=ratings, comments={}
        )
    _, problems = evaluation_self_save(
        evaluation=evaluation, by=peer, revision=0, ratings=ratings, comments={}
    )
    assert list(problems) == ["I"]
    with pytest.raises(ApplicationError):
        evaluation_self_submit(evaluation=evaluation, by=peer)
    evaluation_self_save(
        evaluation=evaluation,
        by=peer,
        revision=load(evaluation).self_revision,
        ratings={},
        comments={first.pk: "New in role."},
    )
    submitted = evaluation_self_submit(evaluation=evaluation, by=peer)
    assert submitted.self_assessment == Evaluation.SelfAssessment.SUBMITTED
    with pytest.raises(ApplicationError, match="already submitted"):
        evaluation_self_save(
            evaluation=evaluation,
            by=peer,
            revision=load(evaluation).self_revision,
            ratings={},
            comments={},
        )


def test_past_evaluation_keeps_its_text_after_a_new_catalogue_version(finalized, admin_user):
    wise = Framework.objects.get(slug="wise-evaluation")
    changed = framework_export_csv(framework=wise).replace(
        "Uses active listening skills", "Listens actively and reflects back"
    )
    catalogue_apply(data=parse_csv(changed.encode()), as_new_version=True)
    assert Framework.objects.filter(slug="wise-evaluation").count() == 2
    evaluation = load(finalized)
    item = next(i for s in evaluation.sections_list for i in s.items_list if i.code == "IX.2")
    assert item.text == Item.objects.get(framework=wise, code="IX.2").text
    assert "Listens actively" not in item.text
