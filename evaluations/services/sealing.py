"""What the chain of sealed records (``core.integrity``) holds for an evaluation: its
content, the whole workflow history (who submitted, acknowledged, finalized and
acknowledged each amendment, and when) and every amendment with its changes."""

from django.db.models import Prefetch

from ..models import Amendment, Evaluation, EvaluationTransition
from ..selectors import evaluations_with_contents


def _when(value) -> str | None:
    return value.isoformat() if value else None


def evaluation_content(evaluation: Evaluation) -> dict:
    """Everything an evaluation says, as plain data: what is kept at finalization."""
    return {
        "id": evaluation.pk,
        "peer": evaluation.peer_id,
        "supervisor": evaluation.supervisor_id,
        "kind": evaluation.kind,
        "period": [evaluation.period_start.isoformat(), evaluation.period_end.isoformat()],
        "due_date": evaluation.due_date.isoformat(),
        "title": evaluation.title,
        "overall_comments": evaluation.overall_comments,
        "goals": evaluation.goals,
        "supervisor_signature": evaluation.supervisor_signature,
        "peer_signature": evaluation.peer_signature,
        "peer_comments": evaluation.peer_comments,
        "peer_disagrees": evaluation.peer_disagrees,
        "disagreement_statement": evaluation.disagreement_statement,
        "sections": [
            {
                "code": s.code,
                "title": s.title,
                "comment": s.comment,
                "self_comment": s.self_comment,
                "items": [[i.code, i.text, i.rating, i.self_rating] for i in s.items_list],
            }
            for s in evaluation.sections_list
        ],
    }


def evaluation_state(evaluation: Evaluation) -> dict:
    """What a link seals: the content, the workflow and its history, the amendments."""
    return {
        "content": evaluation_content(evaluation),
        "state": evaluation.state,
        "submitted_at": _when(evaluation.submitted_at),
        "acknowledged_at": _when(evaluation.acknowledged_at),
        "finalized_at": _when(evaluation.finalized_at),
        "finalized_snapshot": evaluation.finalized_snapshot,
        "self_assessment": [
            evaluation.self_assessment,
            _when(evaluation.self_submitted_at),
            evaluation.self_overall_comments,
        ],
        "history": [
            [
                t.pk,
                t.from_state,
                t.to_state,
                t.by_id,
                _when(t.at),
                t.note,
                t.amendment_id,
                t.signature,
            ]
            for t in evaluation.history_list
        ],
        "amendments": [
            [a.pk, a.by_id, _when(a.at), a.reason, a.changes] for a in evaluation.amendments_list
        ],
    }


def evaluation_states(pks: list[int]) -> dict[int, tuple[Evaluation, dict]]:
    """{pk: (evaluation, state)} for these evaluations (core.integrity.SEALED_RECORDS)."""
    evaluations = evaluations_with_contents(Evaluation.objects.filter(pk__in=pks)).prefetch_related(
        Prefetch(
            "transitions",
            queryset=EvaluationTransition.objects.order_by("pk"),
            to_attr="history_list",
        ),
        Prefetch(
            "amendments", queryset=Amendment.objects.order_by("pk"), to_attr="amendments_list"
        ),
    )
    return {e.pk: (e, evaluation_state(e)) for e in evaluations}


def finalized_evaluation_ids() -> list[int]:
    """The evaluations locked now; each must have been sealed."""
    return list(
        Evaluation.objects.filter(state=Evaluation.State.FINALIZED).values_list("pk", flat=True)
    )
