"""The demo's evaluations: a year of them for every peer, in every state."""

from datetime import date, timedelta

from people.models import User


def _demo_ratings(evaluation, pattern, growing):
    """Deterministic ratings: the pattern, with one Developing item in each ``growing`` category."""
    from evaluations.models import Rating

    ratings, comments = {}, {}
    for n, section in enumerate(evaluation.sections_list):
        for m, item in enumerate(section.items_list):
            choice = pattern[(n + m) % len(pattern)]
            if section.code in growing and m == 1:
                choice = Rating.DEVELOPING
            ratings[item.pk] = choice
            if choice in (Rating.DEVELOPING, Rating.NOT_ENOUGH_INFORMATION):
                comments[section.pk] = (
                    "Growing here: we agreed on practice opportunities in supervision and a training."
                )
    return ratings, comments


def demo_evaluations(today: date) -> None:
    """Evaluations in every state, so a newcomer sees the whole flow."""
    from evaluations.models import Evaluation, Rating
    from evaluations.selectors import evaluation_with_contents
    from evaluations.services.evaluations import (
        evaluation_create,
        evaluation_save,
        evaluation_self_save,
    )
    from evaluations.services.templates import evaluation_template_default
    from evaluations.services.workflow import (
        evaluation_acknowledge,
        evaluation_amend,
        evaluation_finalize,
        evaluation_self_submit,
        evaluation_submit,
    )

    A, P = Rating.ADVANCED, Rating.PROFICIENT

    def make(peer_name, kind, months_ago, *, state, pattern, growing=(), disagreement="", amend=""):
        peer = User.objects.get(username=peer_name)
        supervisor = peer.profile.supervisor
        end = today - timedelta(days=30 * months_ago)
        evaluation = evaluation_create(
            # Each agency's own default template, made from the shared catalogue.
            template=evaluation_template_default(organisation=peer.organisation),
            peer=peer,
            by=supervisor,
            kind=kind,
            period_start=end - timedelta(days=89 if kind == Evaluation.Kind.NINETY_DAY else 364),
            period_end=end,
            due_date=end + timedelta(days=21),
        )
        if state == Evaluation.State.DRAFT:
            evaluation = evaluation_with_contents(
                queryset=Evaluation.objects.all(), pk=evaluation.pk
            )
            first = evaluation.sections_list[0]
            evaluation_save(
                evaluation=evaluation,
                by=supervisor,
                revision=evaluation.revision,
                ratings={i.pk: P for i in first.items_list},
                comments={},
            )
            return evaluation
        evaluation = evaluation_with_contents(queryset=Evaluation.objects.all(), pk=evaluation.pk)
        ratings, comments = _demo_ratings(evaluation, pattern, growing)
        evaluation_save(
            evaluation=evaluation,
            by=supervisor,
            revision=evaluation.revision,
            ratings=ratings,
            comments=comments,
            overall_comments=f"{peer.first_name} brings warmth and hope to every group.",
            goals="Co-facilitate a WRAP group; complete Sharing Your Story Skillfully.",
        )
        self_ratings = {pk: P for pk in ratings}
        evaluation_self_save(
            evaluation=evaluation,
            by=peer,
            revision=evaluation.self_revision,
            ratings=self_ratings,
            comments={},
            overall_comments="I feel more confident than when I started.",
        )
        evaluation_self_submit(evaluation=evaluation, by=peer)
        evaluation = evaluation_submit(evaluation=evaluation, by=supervisor)
        if state == Evaluation.State.SUBMITTED:
            return evaluation
        evaluation_acknowledge(
            evaluation=evaluation,
            by=peer,
            revision=evaluation.revision,
            signature=peer.get_full_name(),
            comments="Thank you for the support this year.",
            disagrees=bool(disagreement),
            disagreement_statement=disagreement,
        )
        evaluation = evaluation_finalize(evaluation=evaluation, by=supervisor)
        if amend:
            # An amendment the peer has still to sign: the amended-version flow.
            evaluation = evaluation_with_contents(
                queryset=Evaluation.objects.all(), pk=evaluation.pk
            )
            item = evaluation.sections_list[0].items_list[0]
            evaluation_amend(
                evaluation=evaluation,
                by=supervisor,
                revision=evaluation.revision,
                reason=amend,
                ratings={item.pk: A},
                comments={},
            )
        return evaluation

    if not Evaluation.objects.filter(peer__username="peer").exists():
        make(
            "peer",
            Evaluation.Kind.NINETY_DAY,
            4,
            state=Evaluation.State.FINALIZED,
            pattern=[P, P, A],
            growing=("III", "VIII", "IX"),
            disagreement=(
                "I disagree with Developing for category VIII: I led two groups on my own "
                "this quarter when the team was short."
            ),
        )
        make(
            "peer",
            Evaluation.Kind.ANNUAL,
            0,
            state=Evaluation.State.FINALIZED,
            pattern=[P, A, P, A],
            growing=("VIII",),
            amend="I.1 was rated from the wrong quarter's notes; corrected to Advanced.",
        )
    if not Evaluation.objects.filter(peer__username="peer2").exists():
        make(
            "peer2",
            Evaluation.Kind.NINETY_DAY,
            0,
            state=Evaluation.State.SUBMITTED,
            pattern=[P, P, A],
            growing=("V", "XI"),
        )
    if not Evaluation.objects.filter(peer__username="peer3").exists():
        make("peer3", Evaluation.Kind.ANNUAL, 0, state=Evaluation.State.DRAFT, pattern=[P])
