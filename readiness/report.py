"""The cycle's report: the scores chart (the same SVG on the page and in the PDF) and what
the board's PDF shows — scores, evidence, the latest survey's results and the actions."""

from datetime import date

from django.conf import settings

from core.charts import Bar, grouped_bars

from .evidence import evidence_by_question
from .selectors import MIN_GROUP, action_plan, assessment_questions, cycle_results, survey_results


def scores_chart(*, cycle, results) -> str | None:
    """Bars of each competency's agreed score in this cycle beside the latest earlier
    finished cycle's (None when nothing is scored yet). The table of scores beside it is
    the long description; the summary says the same in one sentence."""
    scored = [c for c in results if c.score is not None]
    if not scored:
        return None
    before = results[0].earlier[0][0] if results and results[0].earlier else None
    series = [cycle.name] + ([before.name] if before else [])
    bars = []
    parts = []
    for c in scored:
        values = [c.score]
        if before:
            values.append(c.earlier[0][1] or 0)
        bars.append(Bar(c.code, values))
        earlier = f" (before: {c.earlier[0][1]}%)" if before and c.earlier[0][1] is not None else ""
        parts.append(f"{c.code} {c.score}%{earlier}")
    return grouped_bars(
        chart_id=f"cycle-{cycle.pk}-scores",
        title=f"Agreed score by competency: {cycle.name}"
        + (f" beside {before.name}" if before else ""),
        summary="Agreed score, percent of possible points: " + "; ".join(parts) + ".",
        series=series,
        bars=bars,
        unit="%",
    )


def latest_survey():
    from .models import SurveyRound

    return SurveyRound.objects.order_by("-opened_on", "-pk").first()


def cycle_report(*, cycle, user, today: date) -> dict:
    """Everything the board's PDF of ``cycle`` shows, as of ``today``. Survey results keep
    their own thresholds (``survey_results``): nothing under five respondents."""
    results = cycle_results(cycle=cycle, with_team=False)
    found = evidence_by_question(user=user, today=today)
    survey = latest_survey()
    challenges, actions = action_plan(cycle=cycle)
    return {
        "cycle": cycle,
        "results": results,
        "chart": scores_chart(cycle=cycle, results=results),
        "evidence": [(q, found[q.code]) for q in assessment_questions() if q.code in found],
        "survey": survey_results(survey=survey) if survey else None,
        "challenges": challenges,
        "actions": actions,
        "min_group": MIN_GROUP,
        "today": today,
        "agency_name": settings.AGENCY_NAME,
    }
