"""Reads for the self-assessment: the questions by competency, progress and scores."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from competencies.selectors import framework_items
from core.needs import NeedsMe

from .models import AgreedAnswer, Answer, AnswerChoice, Cycle, TeamMember

QUESTIONS = "wise-agency-assessment"
COMPETENCIES = "wise-agency-competencies"
# How far each answer goes towards a competency being in place; "Don't know" is left out
# of the score rather than counted as a No, and the page says how many there were.
POINTS = {AnswerChoice.YES: 2, AnswerChoice.PARTLY: 1, AnswerChoice.NO: 0}
EARLIER_CYCLES_SHOWN = 3


def score(answers: Iterable[str]) -> int | None:
    """Percent of the possible points (Yes 2, Partly 1, No 0); None when nothing counts."""
    counted = [POINTS[a] for a in answers if a in POINTS]
    if not counted:
        return None
    return round(100 * sum(counted) / (2 * len(counted)))


def assessment_questions() -> list:
    """Every question of the catalogue, in the toolkit's order, with its group."""
    return list(framework_items(slug=QUESTIONS).order_by("domain__order", "order"))


def competency_names() -> dict[str, str]:
    return {item.code: item.text for item in framework_items(slug=COMPETENCIES)}


@dataclass
class QuestionRow:
    question: object
    agreed: object = None  # AgreedAnswer
    team: Counter = field(default_factory=Counter)  # answer -> how many members gave it
    notes: list = field(default_factory=list)  # (member, note)

    @property
    def team_counts(self) -> list[tuple[str, int]]:
        """(label, how many) for each answer the team gave, in the scale's order."""
        return [
            (label, self.team[value]) for value, label in AnswerChoice.choices if self.team[value]
        ]


@dataclass
class CompetencyRow:
    code: str
    name: str
    heading: str
    questions: list[QuestionRow]
    score: int | None = None
    team_score: int | None = None
    earlier: list = field(default_factory=list)  # (cycle, score) newest first

    @property
    def dont_know(self) -> int:
        return sum(1 for q in self.questions if q.agreed and q.agreed.answer == "dont_know")


def cycle_list(*, queryset: QuerySet[Cycle]) -> QuerySet[Cycle]:
    return queryset.select_related("opened_by").annotate(team_size=Count("team", distinct=True))


def cycle_with_team(*, queryset: QuerySet[Cycle], pk: int) -> Cycle:
    members = TeamMember.objects.select_related("person").annotate(answered=Count("answers"))
    return (
        queryset.select_related("organisation__network")
        .prefetch_related(Prefetch("team", queryset=members))
        .get(pk=pk)
    )


def member_for(*, cycle: Cycle, user) -> TeamMember | None:
    return next((m for m in cycle.team.all() if m.person_id == user.pk), None)


def own_answers(*, member: TeamMember) -> dict[int, Answer]:
    return {a.question_id: a for a in Answer.objects.filter(member=member)}


def agreed_answers(*, cycle: Cycle) -> dict[int, AgreedAnswer]:
    return {a.question_id: a for a in AgreedAnswer.objects.filter(cycle=cycle)}


def _earlier_cycles(cycle: Cycle) -> list[Cycle]:
    return list(
        Cycle.objects.filter(
            Q(opened_on__lt=cycle.opened_on) | Q(opened_on=cycle.opened_on, pk__lt=cycle.pk),
            state=Cycle.State.FINISHED,
        ).order_by("-opened_on", "-pk")[:EARLIER_CYCLES_SHOWN]
    )


def cycle_results(*, cycle: Cycle, with_team: bool) -> list[CompetencyRow]:
    """One row per competency: its questions with the agreed answer, the team's answers
    (counts, and notes when ``with_team``), the agreed and the team's score, and the agreed
    score of up to three earlier finished cycles."""
    questions = assessment_questions()
    names = competency_names()
    agreed = agreed_answers(cycle=cycle)
    rows: dict[int, QuestionRow] = {q.pk: QuestionRow(q, agreed.get(q.pk)) for q in questions}
    team_answers: dict[int, list[str]] = defaultdict(list)
    answers = Answer.objects.filter(member__cycle=cycle).select_related("member__person")
    for answer in answers:
        row = rows[answer.question_id]
        row.team[answer.answer] += 1
        team_answers[answer.question_id].append(answer.answer)
        if with_team and answer.note:
            row.notes.append((answer.member, answer.note))
    earlier = _earlier_cycles(cycle)
    earlier_agreed: dict[int, dict[int, str]] = defaultdict(dict)
    for a in AgreedAnswer.objects.filter(cycle__in=earlier).values_list(
        "cycle_id", "question_id", "answer"
    ):
        earlier_agreed[a[0]][a[1]] = a[2]
    result = []
    for q in questions:
        if not result or result[-1].code != q.domain.code:
            result.append(
                CompetencyRow(q.domain.code, names.get(q.domain.code, ""), q.domain.title, [])
            )
        result[-1].questions.append(rows[q.pk])
    for competency in result:
        ids = [r.question.pk for r in competency.questions]
        competency.score = score(r.agreed.answer for r in competency.questions if r.agreed)
        competency.team_score = score(a for i in ids for a in team_answers[i])
        competency.earlier = [
            (before, score(earlier_agreed[before.pk].get(i) for i in ids)) for before in earlier
        ]
    return result


@dataclass
class SharedCycle:
    organisation_id: int
    name: str
    finished_on: object
    scores: list  # (code, competency, agreed score or None)


def shared_cycles_by_organisation(*, organisation_ids: list[int]) -> dict[int, SharedCycle]:
    """Each organisation's latest finished cycle it chose to share with its network: the
    agreed score per competency and nothing else — no answer, note or team. The caller
    sets the scope (a network's figures read across organisations); three queries."""
    latest: dict[int, Cycle] = {}
    for cycle in Cycle.objects.filter(
        organisation_id__in=organisation_ids,
        state=Cycle.State.FINISHED,
        shared_with_network=True,
    ).order_by("organisation_id", "-finished_on", "-pk"):
        latest.setdefault(cycle.organisation_id, cycle)
    agreed: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for cycle_id, code, answer in AgreedAnswer.objects.filter(
        cycle__in=list(latest.values())
    ).values_list("cycle_id", "question__domain__code", "answer"):
        agreed[cycle_id][code].append(answer)
    names = competency_names()
    return {
        org_id: SharedCycle(
            org_id,
            cycle.name,
            cycle.finished_on,
            [
                (code, names.get(code, ""), score(answers))
                for code, answers in sorted(
                    agreed[cycle.pk].items(),
                    key=lambda item: [int(p) if p.isdigit() else p for p in item[0].split(".")],
                )
            ],
        )
        for org_id, cycle in latest.items()
    }


# --- The anonymous staff survey -------------------------------------------------------

SURVEY = "wise-workplace-survey"
RISK_FACTORS = "wise-risk-factors"
# The survey's own scale, strongly agree first as the toolkit prints it.
SCALE = [
    (5, "Strongly Agree"),
    (4, "Agree"),
    (3, "Neutral/ Not Sure"),
    (2, "Disagree"),
    (1, "Strongly Disagree"),
]
# No result is shown for fewer respondents than this: a constant, not a setting, so no
# deployment, page or test can lower it.
MIN_GROUP = 5


def groups_recorded(*, invited: int, invited_peers: int) -> bool:
    """Whether a round records each answer's group (peer or not): only when at least
    ``MIN_GROUP`` peers and ``MIN_GROUP`` others are invited, since in a smaller group the
    flag could point to a person."""
    return invited_peers >= MIN_GROUP and invited - invited_peers >= MIN_GROUP


def survey_items() -> list[tuple[str, list]]:
    """The two instruments: (title, items) for the workplace statements, then the risk
    factors."""
    return [
        ("How recovery-oriented is your workplace?", list(framework_items(slug=SURVEY))),
        (
            "Agency policies and practices that address the 13 psychosocial risk factors",
            list(framework_items(slug=RISK_FACTORS)),
        ),
    ]


def survey_item_codes() -> list[str]:
    return [item.code for _, items in survey_items() for item in items]


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _means(responses: list, codes: list[str]) -> dict[str, float | None]:
    return {
        code: _mean([r.answers[code] for r in responses if code in r.answers]) for code in codes
    }


@dataclass
class SurveyResults:
    survey: object
    respondents: int
    peers: int
    others: int
    shown: bool  # at least MIN_GROUP respondents
    compared: bool  # at least MIN_GROUP peers and MIN_GROUP others
    instruments: list = field(default_factory=list)  # (title, [(item, mean, peers, others)])
    trend: list = field(default_factory=list)  # (round, respondents, {title: mean or None})

    @property
    def grouped(self) -> bool:
        """Whether the round recorded groups at all (``groups_recorded``)."""
        return groups_recorded(invited=self.survey.invited, invited_peers=self.survey.invited_peers)

    @property
    def response_rate(self) -> int | None:
        invited = self.survey.invited
        return round(100 * self.respondents / invited) if invited else None


def survey_list(*, queryset: QuerySet) -> QuerySet:
    """The rounds, each with how many of its links are still to be sent (``links_owed``):
    a count, never who."""
    from .models import SurveyInvitation

    return queryset.annotate(
        links_owed=_counted(SurveyInvitation.objects.filter(round=OuterRef("pk")))
    )


def survey_links_owed(*, survey) -> int:
    """How many of the round's links are still to be sent: a count, never who."""
    from .models import SurveyInvitation

    return SurveyInvitation.objects.filter(round=survey).count()


def survey_results(*, survey) -> SurveyResults:
    """Means per statement (1–5) — only with at least ``MIN_GROUP`` respondents; peers and
    others side by side only when each group has that many — and the trend of each
    instrument's mean over this and earlier rounds (hidden for rounds under the threshold)."""
    from .models import SurveyResponse, SurveyRound

    responses = list(SurveyResponse.objects.filter(round=survey).only("peer", "answers"))
    # A round too small to record groups holds peer=None everywhere: neither side counts.
    peers = [r for r in responses if r.peer is True]
    others = [r for r in responses if r.peer is False]
    results = SurveyResults(
        survey=survey,
        respondents=len(responses),
        peers=len(peers),
        others=len(others),
        shown=len(responses) >= MIN_GROUP,
        compared=len(peers) >= MIN_GROUP and len(others) >= MIN_GROUP,
    )
    instruments = survey_items()
    if results.shown:
        for title, items in instruments:
            codes = [i.code for i in items]
            everyone = _means(responses, codes)
            by_peers = _means(peers, codes) if results.compared else {}
            by_others = _means(others, codes) if results.compared else {}
            results.instruments.append(
                (
                    title,
                    [
                        (i, everyone[i.code], by_peers.get(i.code), by_others.get(i.code))
                        for i in items
                    ],
                )
            )
    rounds = list(
        SurveyRound.objects.filter(
            Q(opened_on__lt=survey.opened_on) | Q(opened_on=survey.opened_on, pk__lte=survey.pk)
        ).order_by("opened_on", "pk")
    )
    by_round = defaultdict(list)
    for response in SurveyResponse.objects.filter(round__in=rounds).only("round_id", "answers"):
        by_round[response.round_id].append(response)
    for before in rounds:
        answered = by_round[before.pk]
        means = {}
        for title, items in instruments:
            codes = {i.code for i in items}
            values = [v for r in answered for c, v in r.answers.items() if c in codes]
            means[title] = _mean(values) if len(answered) >= MIN_GROUP else None
        results.trend.append((before, len(answered), means))
    return results


# --- From findings to action ----------------------------------------------------------


def competencies_weakest_first(*, cycle) -> list[tuple[str, str]]:
    """(code, label) of every competency, the cycle's lowest agreed scores first (those
    without questions or answers last), for the action plan's pickers."""
    names = competency_names()
    scores = {c.code: c.score for c in cycle_results(cycle=cycle, with_team=False)}
    order = sorted(names, key=lambda code: (scores.get(code) is None, scores.get(code) or 0))
    return [
        (
            code,
            f"{code} {names[code]}"
            + (f" ({scores[code]}%)" if scores.get(code) is not None else ""),
        )
        for code in order
    ]


def action_plan(*, cycle):
    from .models import Action, Challenge

    challenges = list(Challenge.objects.filter(cycle=cycle))
    actions = list(Action.objects.filter(cycle=cycle).select_related("owner"))
    return challenges, actions


def _counted(queryset: QuerySet) -> Subquery:
    """``queryset``'s row count as a subquery, 0 when it has none."""
    rows = queryset.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n")), 0, output_field=IntegerField())


def needs_me(*, user, roles: set[str], today) -> list[NeedsMe]:
    """The home page's card for the questions this person still has to answer in the cycles
    now answering, in one query (the questions and their answers counted as subqueries).
    It links to the answer page of the earliest cycle still waiting for them."""
    waiting = [
        (cycle_id, left)
        for cycle_id, left in TeamMember.objects.filter(
            person=user, cycle__state=Cycle.State.ANSWERING
        )
        .annotate(
            left=_counted(framework_items(slug=QUESTIONS))
            - _counted(Answer.objects.filter(member=OuterRef("pk")))
        )
        .order_by("cycle__opened_on", "cycle_id")
        .values_list("cycle_id", "left")
        if left > 0
    ]
    if not waiting:
        return []
    return [
        NeedsMe(
            "Self-assessment questions to answer",
            sum(left for _, left in waiting),
            reverse("readiness:cycle-answer", args=[waiting[0][0]]),
        )
    ]
