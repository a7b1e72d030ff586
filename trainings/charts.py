"""Training hours by course group and year as grouped bars (core.charts), from a transcript."""

from django.utils.safestring import SafeString

from core.charts import Bar, grouped_bars

from .selectors import Transcript


def hours_by_group_and_year(
    transcript: Transcript, *, chart_id: str = "training-hours"
) -> SafeString:
    rows = transcript.rows()
    text = "; ".join(
        f"{row['year']}: "
        + ", ".join(
            f"{g.title} {h:g}" for g, h in zip(transcript.groups, row["cells"], strict=True)
        )
        for row in rows
    )
    return grouped_bars(
        chart_id=chart_id,
        title="Training hours by course group and year",
        summary=f"Hours credited for completed trainings. {text}.",
        series=[g.title for g in transcript.groups],
        bars=[Bar(label=str(row["year"]), values=[float(h) for h in row["cells"]]) for row in rows],
        unit="hours",
    )
