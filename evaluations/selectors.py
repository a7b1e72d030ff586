"""Reads for evaluations: one evaluation with its contents, lists, and summaries."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse

from core.needs import NeedsMe
from people.person_page import Overdue
from people.roles import Role

from .access import evaluations_visible_to
from .models import NOT_COUNTED, SCORES, Evaluation, EvaluationItem, EvaluationSection, Rating

REPORTED_STATES = (
    Evaluation.State.SUBMITTED,
    Evaluation.State.ACKNOWLEDGED,
    Evaluation.State.FINALIZED,
)


def evaluations_with_contents(queryset: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    """Evaluations with their sections and their items as ``section.items_list``."""
    return queryset.select_related(
        "peer__profile__program", "supervisor", "template"
    ).prefetch_related(
        Prefetch(
            "sections",
            queryset=EvaluationSection.objects.order_by("order").prefetch_related(
                Prefetch(
                    "items",
                    queryset=EvaluationItem.objects.order_by("order"),
                    to_attr="items_list",
                )
            ),
            to_attr="sections_list",
        )
    )


def evaluation_with_contents(*, queryset: QuerySet[Evaluation], pk: int) -> Evaluation:
    """One evaluation with its sections and their items: three queries."""
    return evaluations_with_contents(queryset).get(pk=pk)


def evaluation_list(
    *, user, state: str | None = None, peer_id: int | None = None
) -> QuerySet[Evaluation]:
    evaluations = evaluations_visible_to(user).select_related("peer", "supervisor", "template")
    if state:
        evaluations = evaluations.filter(state=state)
    if peer_id:
        evaluations = evaluations.filter(peer_id=peer_id)
    return evaluations.order_by("-due_date", "-pk")


def rating_counts(sections, *, rating_attr: str = "rating") -> list[dict]:
    """Per category: how many items got each rating, and the average of the counted ones.

    Not Enough Information and Not Applicable are counted for display but never
    enter the average.
    """
    rows = []
    for section in sections:
        counts = {r.value: 0 for r in Rating}
        for item in section.items_list:
            value = getattr(item, rating_attr)
            if value:
                counts[value] += 1
        scored = [SCORES[Rating(v)] * n for v, n in counts.items() if v not in NOT_COUNTED]
        counted = sum(n for v, n in counts.items() if v not in NOT_COUNTED)
        rows.append(
            {
                "section": section,
                "counts": counts,
                "average": round(sum(scored) / counted, 2) if counted else None,
            }
        )
    return rows


def progress(sections, *, rating_attr: str = "rating") -> tuple[int, int]:
    items = [i for s in sections for i in s.items_list]
    return sum(1 for i in items if getattr(i, rating_attr)), len(items)


def _counts_by_evaluation(evaluation_ids) -> dict[int, dict[str, dict[str, int]]]:
    """{evaluation id: {section code: {rating: n}}} in one query."""
    result: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    rows = (
        EvaluationItem.objects.filter(section__evaluation_id__in=evaluation_ids)
        .exclude(rating="")
        .values_list("section__evaluation_id", "section__code", "rating")
        .annotate(n=Count("id"))
    )
    for evaluation_id, code, rating, n in rows:
        result[evaluation_id][code][rating] = n
    return result


def _section_headings(evaluation_ids) -> list[tuple[str, str]]:
    """(code, title) of the categories these evaluations rate, in order."""
    seen = {}
    rows = (
        EvaluationSection.objects.filter(evaluation_id__in=evaluation_ids)
        .order_by("order", "code")
        .values_list("code", "title")
    )
    for code, title in rows:
        seen.setdefault(code, title)
    return list(seen.items())


def peer_history(*, user, peer_id: int) -> dict:
    """A peer's evaluations (not drafts) oldest first, category by category."""
    return _history(evaluations_visible_to(user).filter(peer_id=peer_id, state__in=REPORTED_STATES))


def history_until(*, user, evaluation: Evaluation) -> dict:
    """As ``peer_history``, ending at ``evaluation`` (included, whatever its state): its
    PDF shows how the person got there, never an evaluation that came after it."""
    period_end = evaluation.period_end
    return _history(
        evaluations_visible_to(user)
        .filter(peer_id=evaluation.peer_id)
        .filter(Q(state__in=REPORTED_STATES) | Q(pk=evaluation.pk))
        .filter(Q(period_end__lt=period_end) | Q(period_end=period_end, pk__lte=evaluation.pk))
    )


def _history(evaluations: QuerySet[Evaluation]) -> dict:
    """Three queries: the evaluations oldest first, their counts and their categories."""
    evaluations = list(evaluations.select_related("supervisor").order_by("period_end", "pk"))
    ids = [e.pk for e in evaluations]
    counts = _counts_by_evaluation(ids)
    rows = []
    for code, title in _section_headings(ids):
        cells = []
        for evaluation in evaluations:
            c = counts[evaluation.pk].get(code)
            cells.append(_cell(c) if c else None)
        rows.append({"code": code, "title": title, "cells": cells})
    return {"evaluations": evaluations, "rows": rows}


def _cell(counts: dict[str, int]) -> dict:
    counted = {k: v for k, v in counts.items() if k not in NOT_COUNTED}
    total = sum(counted.values())
    score = sum(SCORES[Rating(k)] * v for k, v in counted.items())
    return {
        "advanced": counts.get(Rating.ADVANCED, 0),
        "proficient": counts.get(Rating.PROFICIENT, 0),
        "developing": counts.get(Rating.DEVELOPING, 0),
        "not_counted": sum(v for k, v in counts.items() if k in NOT_COUNTED),
        "average": round(score / total, 2) if total else None,
    }


def team_summary(*, supervisor) -> dict:
    """Categories × staff for a supervisor's team, from each person's latest reported evaluation."""
    from people.selectors import team_for

    team = list(team_for(supervisor=supervisor))
    latest = (
        Evaluation.objects.filter(peer_id=OuterRef("user_id"), state__in=REPORTED_STATES)
        .order_by("-period_end", "-pk")
        .values("pk")[:1]
    )
    latest_ids = dict(
        team_for(supervisor=supervisor)
        .annotate(latest=Subquery(latest))
        .values_list("user_id", "latest")
    )
    ids = [pk for pk in latest_ids.values() if pk]
    counts = _counts_by_evaluation(ids)
    headings = _section_headings(ids)
    rows = []
    for profile in team:
        evaluation_id = latest_ids.get(profile.user_id)
        cells = [
            _cell(counts[evaluation_id][code])
            if evaluation_id and code in counts[evaluation_id]
            else None
            for code, _ in headings
        ]
        rows.append({"person": profile.user, "evaluation_id": evaluation_id, "cells": cells})
    return {"headings": headings, "rows": rows}


OPEN_STATES = (Evaluation.State.DRAFT, Evaluation.State.SUBMITTED, Evaluation.State.ACKNOWLEDGED)
# While an evaluation is in these states the peer may write (or finish) their self-assessment.
SELF_OPEN_STATES = (Evaluation.State.DRAFT, Evaluation.State.SUBMITTED)


def evaluations_for_supervisor_home(*, supervisor, limit: int = 20) -> list[Evaluation]:
    """Unfinished evaluations the supervisor is responsible for, soonest due first."""
    return list(
        Evaluation.objects.filter(supervisor=supervisor, state__in=OPEN_STATES)
        .select_related("peer")
        .order_by("due_date", "pk")[:limit]
    )


def evaluations_for_peer_home(*, peer, limit: int = 20) -> dict:
    """A peer's evaluations shared with them, and self-assessments still open."""
    mine = (
        Evaluation.objects.filter(peer=peer)
        .select_related("supervisor")
        .order_by("-due_date", "-pk")
    )
    evaluations = list(mine[:limit])
    return {
        "shared": [e for e in evaluations if e.state != Evaluation.State.DRAFT],
        "self_open": [
            e
            for e in evaluations
            if e.state in (Evaluation.State.DRAFT, Evaluation.State.SUBMITTED)
            and e.self_assessment != Evaluation.SelfAssessment.SUBMITTED
        ],
    }


def amendments_acknowledged(*, amendments: list, history: list) -> list:
    """The amendments numbered 1, 2, ... each with ``acknowledgement``: the peer's signature
    of the amended version that includes it (the first given after it), or None.

    The peer's first signature belongs to version 1, the version before amendment 1."""
    signed = [t for t in history if t.amendment_id]
    numbers = {a.pk: n for n, a in enumerate(amendments, start=1)}
    for n, amendment in enumerate(amendments, start=1):
        amendment.number = n
        amendment.acknowledgement = next(
            (t for t in signed if numbers.get(t.amendment_id, 0) >= n), None
        )
    return amendments


def latest_shared_evaluation(*, peer) -> Evaluation | None:
    """The person's latest evaluation shared with them (submitted or later), if any."""
    return (
        Evaluation.objects.filter(peer=peer, state__in=REPORTED_STATES)
        .order_by("-period_end", "-pk")
        .first()
    )


def developing_items(*, evaluation: Evaluation) -> QuerySet[EvaluationItem]:
    """The evaluation's items rated Developing, with their category, in the form's order."""
    return (
        EvaluationItem.objects.filter(section__evaluation=evaluation, rating=Rating.DEVELOPING)
        .select_related("section")
        .order_by("section__order", "order")
    )


CONFLICT_TEXT_LABELS = {
    "overall_comments": "Overall comments",
    "goals": "Goals",
    "self_overall_comments": "Overall comments",
}


def evaluation_conflict_diff(
    *,
    evaluation: Evaluation,
    ratings: dict[int, str],
    comments: dict[int, str],
    texts: dict[str, str],
    self_assessment: bool = False,
) -> list[str]:
    """Where what a person submitted differs from the evaluation as it is now, one line each.

    Shown when their save was refused because the evaluation changed after they opened
    it, so they can see what saving again would overwrite. ``evaluation`` is the current
    one with its contents; ``ratings`` (by item pk), ``comments`` (by section pk) and
    ``texts`` (by field name) hold only what was submitted; the supervisor's ratings are
    compared, or the peer's own with ``self_assessment``.
    """
    rating_attr, comment_attr = (
        ("self_rating", "self_comment") if self_assessment else ("rating", "comment")
    )
    labels = {"": "Not rated", **dict(Rating.choices)}
    differences = []
    for section in evaluation.sections_list:
        for item in section.items_list:
            now = getattr(item, rating_attr)
            if item.pk in ratings and ratings[item.pk] != now:
                differences.append(
                    f"{item.code}: yours {labels.get(ratings[item.pk], 'Not rated')}, "
                    f"now {labels.get(now) or 'Not rated'}"
                )
        if section.pk in comments and comments[section.pk] != getattr(section, comment_attr):
            differences.append(f"Category {section.code} comment differs")
    for name, label in CONFLICT_TEXT_LABELS.items():
        if name in texts and texts[name] != getattr(evaluation, name):
            differences.append(f"{label} differ")
    return differences


def rating_distribution(*, organisation_ids) -> dict[str, dict[str, int]]:
    """Across the organisations' finalized evaluations: for each rating, how many items
    were given it and how many people received it. Numbers only, for a network's figures."""
    rows = (
        EvaluationItem.objects.filter(
            section__evaluation__organisation_id__in=organisation_ids,
            section__evaluation__state=Evaluation.State.FINALIZED,
        )
        .exclude(rating="")
        .order_by()
        .values("rating")
        .annotate(items=Count("pk"), people=Count("section__evaluation__peer", distinct=True))
    )
    return {row["rating"]: {"items": row["items"], "people": row["people"]} for row in rows}


def person_page_evaluations(*, viewer, person, today) -> dict:
    """The person's evaluations the viewer may see, newest first, with where each
    self-assessment stands (one query). The peer also sees the evaluations still in draft
    whose self-assessment they may write. Overdue: an evaluation past its due date and not
    yet acknowledged, and a self-assessment past it and not yet submitted."""
    visible = Q(pk__in=evaluations_visible_to(viewer).filter(peer=person).values("pk"))
    if viewer.pk == person.pk:
        visible |= Q(peer=person, state__in=SELF_OPEN_STATES)
    evaluations = list(
        Evaluation.objects.filter(visible).select_related("supervisor").order_by("-due_date", "-pk")
    )
    overdue = []
    for evaluation in evaluations:
        evaluation.self_open = (
            evaluation.state in SELF_OPEN_STATES
            and evaluation.self_assessment != Evaluation.SelfAssessment.SUBMITTED
        )
        evaluation.shown_to_viewer = (
            evaluation.state != Evaluation.State.DRAFT or viewer.pk != person.pk
        )
        if evaluation.due_date >= today:
            continue
        if evaluation.state in SELF_OPEN_STATES and evaluation.shown_to_viewer:
            overdue.append(
                Overdue(
                    what=f"{evaluation.title}: {evaluation.get_state_display().lower()}",
                    due=evaluation.due_date,
                    url=reverse("evaluations:evaluation-detail", args=[evaluation.pk]),
                )
            )
        if evaluation.self_open and viewer.pk == person.pk:
            overdue.append(
                Overdue(
                    what=f"Self-assessment for {evaluation.title}",
                    due=evaluation.due_date,
                    url=reverse("evaluations:evaluation-self", args=[evaluation.pk]),
                )
            )
    return {"evaluations": evaluations, "overdue": overdue, "is_self": viewer.pk == person.pk}


def needs_me(*, user, roles: set[str], today) -> list[NeedsMe]:
    """The home page's cards for evaluations waiting on this person, in one query: a
    peer's to read and sign and self-assessments to fill in, a supervisor's to finish
    (drafts to share, signed ones to finalize)."""
    mine, theirs = Q(peer=user), Q(supervisor=user)
    to_sign = mine & Q(state=Evaluation.State.SUBMITTED)
    self_open = (
        mine
        & Q(state__in=SELF_OPEN_STATES)
        & ~Q(self_assessment=Evaluation.SelfAssessment.SUBMITTED)
    )
    to_finish = theirs & Q(state__in=(Evaluation.State.DRAFT, Evaluation.State.ACKNOWLEDGED))
    late = Q(due_date__lt=today)
    counts = Evaluation.objects.filter(mine | theirs).aggregate(
        to_sign=Count("pk", filter=to_sign),
        to_sign_late=Count("pk", filter=to_sign & late),
        self_open=Count("pk", filter=self_open),
        self_open_late=Count("pk", filter=self_open & late),
        to_finish=Count("pk", filter=to_finish),
        to_finish_late=Count("pk", filter=to_finish & late),
    )
    url = reverse("evaluations:evaluation-list")
    cards = []
    if Role.PEER in roles or not roles:
        cards += [
            NeedsMe("Evaluations to read and sign", counts["to_sign"], url, counts["to_sign_late"]),
            NeedsMe("Self-assessments", counts["self_open"], url, counts["self_open_late"]),
        ]
    if Role.SUPERVISOR in roles:
        cards.append(
            NeedsMe("Evaluations to finish", counts["to_finish"], url, counts["to_finish_late"])
        )
    return cards


def evaluation_figures(*, peer_ids, today) -> dict:
    """For the agency self-assessment, over the last year: how many of ``peer_ids`` have a
    finalized evaluation whose period ended in it, how many evaluations were finalized by
    their due date, and which finalized ones rated something Developing."""
    year_ago = today - timedelta(days=365)
    finalized = Evaluation.objects.filter(state=Evaluation.State.FINALIZED)
    current = (
        finalized.filter(peer_id__in=peer_ids, period_end__gt=year_ago)
        .values("peer_id")
        .distinct()
        .count()
    )
    recent = finalized.filter(finalized_at__date__gt=year_ago)
    on_time = recent.filter(finalized_at__date__lte=F("due_date")).count()
    developing = list(
        recent.filter(sections__items__rating=Rating.DEVELOPING)
        .values_list("pk", flat=True)
        .distinct()
    )
    return {
        "current": current,
        "finished": recent.count(),
        "on_time": on_time,
        "developing_ids": developing,
    }
