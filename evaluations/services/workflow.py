"""The evaluation workflow: a transition table and one function that moves along it.

draft → submitted (supervisor) → acknowledged (peer) → finalized (supervisor);
the supervisor may take a submitted evaluation back to draft until the peer
acknowledges it. A finalized evaluation only changes through an amendment.
"""

from django.db import transaction
from django.utils import timezone

from core.errors import ApplicationError, full_clean
from core.integrity import RecordMismatch, content_hash, record_check, record_seal
from core.transitions import Transition, TransitionTable, transition_apply
from people.signatures import normalised_signature, signature_matches

from ..access import is_supervisor_of, sees_all
from ..models import (
    Amendment,
    AmendmentChange,
    Evaluation,
    EvaluationItem,
    EvaluationNotice,
    EvaluationSection,
    EvaluationTransition,
)
from ..rules import comment_problems, merge, not_applicable_items, unrated
from .evaluations import MISSING_REVISION, _apply_supervisor_changes, _locked_copy, check_revision
from .notifications import evaluation_handoff_queue, evaluation_notice_queue
from .sealing import evaluation_content

State = Evaluation.State


def _is_peer(evaluation: Evaluation, user) -> bool:
    return evaluation.peer_id == user.pk


def _wrong_state(evaluation: Evaluation, transition: Transition) -> str:
    return (
        f"This evaluation is {evaluation.get_state_display().lower()}: "
        f"you cannot {transition.verb} now."
    )


def _wrong_actor(evaluation: Evaluation, transition: Transition) -> str:
    who = "the peer" if transition.actor == "peer" else "the peer's supervisor"
    return f"Only {who} can {transition.verb}."


TRANSITIONS = TransitionTable(
    transitions=(
        Transition(State.DRAFT, "submit", State.SUBMITTED, "supervisor", "submit it to the peer"),
        Transition(State.SUBMITTED, "take_back", State.DRAFT, "supervisor", "take it back"),
        Transition(State.SUBMITTED, "acknowledge", State.ACKNOWLEDGED, "peer", "acknowledge it"),
        Transition(State.ACKNOWLEDGED, "finalize", State.FINALIZED, "supervisor", "finalize it"),
    ),
    actors={
        "supervisor": lambda evaluation, user: is_supervisor_of(user, evaluation),
        "peer": _is_peer,
    },
    state="state",
    wrong_state=_wrong_state,
    wrong_actor=_wrong_actor,
    clean={"exclude": ["template", "peer", "supervisor"]},
)


def amendment_awaiting_acknowledgement(evaluation: Evaluation) -> Amendment | None:
    """The latest amendment, if the peer has not acknowledged it (nor a later one)."""
    latest = evaluation.amendments.order_by("-pk").first()
    if latest is None or latest.acknowledgements.exists():
        return None
    return latest


def allowed_transitions(*, evaluation: Evaluation, user) -> list[str]:
    """The names of the moves this person may make now (for showing buttons)."""
    return TRANSITIONS.allowed(row=evaluation, by=user)


def check_transition(*, evaluation: Evaluation, name: str, by) -> Transition:
    """The transition, if this person may make it now; otherwise ApplicationError saying why."""
    return TRANSITIONS.check(row=evaluation, action=name, by=by)


def evaluation_transition(
    *, evaluation: Evaluation, name: str, by, note: str = "", **fields
) -> Evaluation:
    """Validate a move, save the evaluation with ``fields``, and record the move.

    Must run inside the caller's transaction, on an evaluation locked by ``_locked_copy``.
    """
    transition_apply(
        table=TRANSITIONS,
        row=evaluation,
        action=name,
        by=by,
        # A page opened before the move does not carry on as if nothing happened.
        fields={**fields, "revision": evaluation.revision + 1, "edited_in": ""},
        record=lambda transition: EvaluationTransition.objects.create(
            evaluation=evaluation,
            from_state=transition.source,
            to_state=transition.target,
            by=by,
            note=note,
        ),
    )
    return evaluation


def _completion_problems(
    evaluation: Evaluation, *, rating_attr: str, comment_attr: str, confirm_not_applicable: bool
) -> dict:
    problems = merge(
        unrated(evaluation.sections_list, rating_attr=rating_attr),
        comment_problems(
            evaluation.sections_list, rating_attr=rating_attr, comment_attr=comment_attr
        ),
    )
    na = not_applicable_items(evaluation.sections_list, rating_attr=rating_attr)
    if na and not confirm_not_applicable:
        # Keyed by the box that confirms them, so the page links the message to it.
        problems.setdefault("confirm_not_applicable", []).append(
            f"{', '.join(na)} {'is' if len(na) == 1 else 'are'} rated Not Applicable, which the "
            "WISE guide asks to avoid. Confirm that you mean it, or choose another rating."
        )
    return problems


def _notify_on_commit(evaluation: Evaluation, kind: str, recipient_id: int, round: int) -> None:
    evaluation_notice_queue(
        evaluation_id=evaluation.pk, kind=kind, recipient_id=recipient_id, round=round
    )


@transaction.atomic
def evaluation_submit(
    *, evaluation: Evaluation, by, confirm_not_applicable: bool = False
) -> Evaluation:
    """Submit a complete draft to the peer, signed with the supervisor's name; the peer is emailed."""
    evaluation = _locked_copy(evaluation)
    check_transition(evaluation=evaluation, name="submit", by=by)
    problems = _completion_problems(
        evaluation,
        rating_attr="rating",
        comment_attr="comment",
        confirm_not_applicable=confirm_not_applicable or evaluation.not_applicable_confirmed,
    )
    if problems:
        raise ApplicationError(problems)
    evaluation = evaluation_transition(
        evaluation=evaluation,
        name="submit",
        by=by,
        submitted_at=timezone.now(),
        supervisor_signature=by.get_full_name() or by.get_username(),
    )
    rounds = evaluation.transitions.filter(to_state=State.SUBMITTED).count()
    _notify_on_commit(evaluation, EvaluationNotice.Kind.SUBMITTED, evaluation.peer_id, rounds)
    return evaluation


@transaction.atomic
def evaluation_take_back(*, evaluation: Evaluation, by, note: str = "") -> Evaluation:
    """Return a submitted evaluation to draft, before the peer acknowledges it."""
    evaluation = _locked_copy(evaluation)
    evaluation = evaluation_transition(
        evaluation=evaluation,
        name="take_back",
        by=by,
        note=note,
        submitted_at=None,
        supervisor_signature="",
    )
    rounds = evaluation.transitions.filter(to_state=State.DRAFT).count()
    evaluation_handoff_queue(evaluation=evaluation, event="taken_back", by=by, round=rounds)
    return evaluation


def _check_signed_version(evaluation: Evaluation, revision: int | None) -> None:
    """A signature is for the version the peer read: refuse it if the evaluation changed
    since their page opened (taken back and edited, or amended), so nobody signs content
    they have not seen."""
    if revision is None:
        raise ApplicationError(MISSING_REVISION)
    if revision != evaluation.revision:
        raise ApplicationError(
            "This evaluation changed since you opened it, so your signature was not "
            "recorded. Read it again as it is now, then sign."
        )


@transaction.atomic
def evaluation_acknowledge(
    *,
    evaluation: Evaluation,
    by,
    revision: int | None,
    signature: str,
    comments: str = "",
    disagrees: bool = False,
    disagreement_statement: str = "",
) -> Evaluation:
    """The peer signs by typing their name, with optional comments or a statement of
    disagreement. ``revision`` is the version their page showed them (required)."""
    evaluation = _locked_copy(evaluation)
    check_transition(evaluation=evaluation, name="acknowledge", by=by)
    _check_signed_version(evaluation, revision)
    errors = {}
    if not signature_matches(typed=signature, user=by):
        errors["signature"] = [
            f"Type your name as “{by.get_full_name() or by.get_username()}” to sign."
        ]
    if disagrees and not disagreement_statement.strip():
        errors["disagreement_statement"] = ["Say what you disagree with, so it is on record."]
    if errors:
        raise ApplicationError(errors)
    evaluation = evaluation_transition(
        evaluation=evaluation,
        name="acknowledge",
        by=by,
        acknowledged_at=timezone.now(),
        peer_signature=normalised_signature(signature),
        peer_comments=comments,
        peer_disagrees=disagrees,
        disagreement_statement=disagreement_statement if disagrees else "",
    )
    _notify_on_commit(evaluation, EvaluationNotice.Kind.ACKNOWLEDGED, evaluation.supervisor_id, 0)
    return evaluation


@transaction.atomic
def evaluation_finalize(*, evaluation: Evaluation, by) -> Evaluation:
    """Lock an acknowledged evaluation: its content is kept as the original and the
    evaluation, with its history, is sealed in the chain (``core.integrity``)."""
    evaluation = _locked_copy(evaluation)
    evaluation.finalized_at = timezone.now()
    content = evaluation_content(evaluation)
    evaluation = evaluation_transition(
        evaluation=evaluation,
        name="finalize",
        by=by,
        finalized_at=evaluation.finalized_at,
        finalized_snapshot=content,
        content_hash=content_hash(content),
    )
    record_seal(record=evaluation, event="finalized")
    evaluation_handoff_queue(evaluation=evaluation, event="finalized", by=by)
    return evaluation


def _check_sealed(evaluation: Evaluation) -> None:
    """Refuse to seal over a record changed behind the application's back."""
    try:
        record_check(record=evaluation)
    except RecordMismatch as exc:
        raise ApplicationError(str(exc)) from exc


def _record_changes(amendment: Amendment, rows: list[tuple]) -> None:
    # Recorded before the rows change: the lock triggers let a finalized row change only
    # from the before to the after of the change last recorded for it.
    AmendmentChange.objects.bulk_create(
        AmendmentChange(
            amendment=amendment,
            evaluation_id=amendment.evaluation_id,
            section=row if isinstance(row, EvaluationSection) else None,
            item=row if isinstance(row, EvaluationItem) else None,
            field=field,
            before=before,
            after=after,
        )
        for row, field, before, after in rows
    )


@transaction.atomic
def evaluation_amend(
    *,
    evaluation: Evaluation,
    by,
    revision: int | None,
    reason: str,
    ratings: dict[int, str],
    comments: dict[int, str],
    overall_comments: str | None = None,
    goals: str | None = None,
) -> Amendment:
    """Change a finalized evaluation. The original stays in ``finalized_snapshot``; the
    amendment records who changed what and why. The comment rule applies in full.

    ``revision`` is the version the amendment was written against (required): an
    evaluation amended since, from any page, is a conflict."""
    evaluation = _locked_copy(evaluation)
    if evaluation.state != State.FINALIZED:
        raise ApplicationError("Only finalized evaluations are amended; edit the draft instead.")
    if not (is_supervisor_of(by, evaluation) or sees_all(by)):
        raise ApplicationError(
            "Only the peer's supervisor, HR or a program admin can amend an evaluation."
        )
    check_revision(
        current=evaluation.revision,
        last_editor_id=evaluation.edited_by_id,
        last_page="",
        revision=revision,
        by=by,
        page="",
    )
    if not reason.strip():
        raise ApplicationError({"reason": ["Say why the evaluation is being amended."]})
    _check_sealed(evaluation)
    recorded = []

    def record(changes: list[dict], rows: list[tuple]) -> None:
        amendment = Amendment(evaluation=evaluation, by=by, reason=reason.strip(), changes=changes)
        full_clean(amendment)
        amendment.save()
        _record_changes(amendment, rows)
        recorded.append(amendment)

    _apply_supervisor_changes(
        evaluation,
        ratings=ratings,
        comments=comments,
        overall_comments=overall_comments,
        goals=goals,
        before_writing=record,
    )
    if not recorded:
        raise ApplicationError("Nothing was changed, so there is nothing to amend.")
    problems = merge(
        unrated(evaluation.sections_list, rating_attr="rating"),
        comment_problems(evaluation.sections_list, rating_attr="rating", comment_attr="comment"),
    )
    if problems:
        raise ApplicationError(problems)
    evaluation.revision += 1
    # The page it was last saved from stays as it was: a finalized row changes only as
    # its triggers allow (evaluations/guards.py), and an amendment names no page.
    evaluation.edited_by = by
    evaluation.content_hash = content_hash(evaluation_content(evaluation))
    evaluation.save()
    record_seal(record=evaluation, event="amended")
    amendment = recorded[0]
    # The peer signed the version before this amendment: they are asked to read this one.
    evaluation_notice_queue(
        evaluation_id=evaluation.pk,
        kind=EvaluationNotice.Kind.AMENDED,
        recipient_id=evaluation.peer_id,
        round=amendment.pk,
    )
    evaluation_handoff_queue(evaluation=evaluation, event="amended", by=by, round=amendment.pk)
    return amendment


@transaction.atomic
def evaluation_acknowledge_amendment(
    *, evaluation: Evaluation, by, revision: int | None, signature: str, comments: str = ""
) -> EvaluationTransition:
    """The peer signs the amended version (the latest amendment), by typing their name.

    Their first signature stays with the version they signed. This one is recorded in the
    workflow history (finalized to finalized, naming the amendment), which is append-only
    and sealed in the chain."""
    evaluation = _locked_copy(evaluation)
    if by.pk != evaluation.peer_id:
        raise ApplicationError("Only the peer can acknowledge an amendment of their evaluation.")
    amendment = (
        amendment_awaiting_acknowledgement(evaluation)
        if evaluation.state == State.FINALIZED
        else None
    )
    if amendment is None:
        raise ApplicationError("There is no amendment waiting for your acknowledgement.")
    _check_signed_version(evaluation, revision)
    if not signature_matches(typed=signature, user=by):
        raise ApplicationError(
            {
                "signature": [
                    f"Type your name as “{by.get_full_name() or by.get_username()}” to sign."
                ]
            }
        )
    _check_sealed(evaluation)
    evaluation.revision += 1
    evaluation.save(update_fields=["revision", "updated_at"])
    acknowledgement = EvaluationTransition.objects.create(
        evaluation=evaluation,
        from_state=State.FINALIZED,
        to_state=State.FINALIZED,
        by=by,
        note=comments.strip(),
        amendment=amendment,
        signature=normalised_signature(signature),
    )
    record_seal(record=evaluation, event="amendment_acknowledged")
    return acknowledgement


@transaction.atomic
def evaluation_self_submit(
    *, evaluation: Evaluation, by, confirm_not_applicable: bool = False
) -> Evaluation:
    """Submit the peer's self-assessment; from now on the supervisor sees it."""
    evaluation = _locked_copy(evaluation)
    if by.pk != evaluation.peer_id:
        raise ApplicationError("Only the peer can submit their self-assessment.")
    if evaluation.self_assessment == Evaluation.SelfAssessment.SUBMITTED:
        raise ApplicationError("Your self-assessment is already submitted.")
    problems = _completion_problems(
        evaluation,
        rating_attr="self_rating",
        comment_attr="self_comment",
        confirm_not_applicable=confirm_not_applicable or evaluation.self_not_applicable_confirmed,
    )
    if problems:
        raise ApplicationError(problems)
    evaluation.self_assessment = Evaluation.SelfAssessment.SUBMITTED
    evaluation.self_submitted_at = timezone.now()
    evaluation.save()
    return evaluation
