"""The evaluation pictures: the team heatmap and a person's ratings over time.

Each takes what a selector returned (``team_summary``, ``peer_history``) and hands
core.charts plain labels and numbers; the words of the text alternatives live here.
"""

from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString

from core.charts import HeatCell, HeatRow, Panel, heatmap, small_multiples

from .models import SCORES, Rating

Y_TICKS = [(SCORES[rating], rating.label) for rating in reversed(list(SCORES))]


def _person(user) -> str:
    return user.get_full_name() or user.username


def _note(cell: dict) -> str:
    average = "no average" if cell["average"] is None else f"average {cell['average']:.2f}"
    return (
        f"{average}; {cell['advanced']} {Rating.ADVANCED.label}, "
        f"{cell['proficient']} {Rating.PROFICIENT.label}, "
        f"{cell['developing']} {Rating.DEVELOPING.label}"
    )


def team_heatmap(summary: dict, *, chart_id: str = "team-heatmap") -> SafeString:
    """People × categories from ``team_summary``: each cell by its average rating."""
    rows = [
        HeatRow(
            label=_person(row["person"]),
            cells=[
                HeatCell(average=c["average"], developing=c["developing"], note=_note(c))
                if c
                else None
                for c in row["cells"]
            ],
        )
        for row in summary["rows"]
    ]
    with_developing = sum(
        1 for row in summary["rows"] if any(c and c["developing"] for c in row["cells"])
    )
    people = len(rows)
    text = (
        f"{people} {'person' if people == 1 else 'people'} by "
        f"{len(summary['headings'])} categories. "
        f"People with at least one item rated Developing: {with_developing}. "
        "The table that follows gives every number."
    )
    return heatmap(
        chart_id=chart_id,
        title="My team: average rating by category",
        summary=text,
        columns=[code for code, _ in summary["headings"]],
        rows=rows,
    )


def ratings_over_time(history: dict, *, chart_id: str = "ratings-over-time") -> SafeString:
    """From ``peer_history``: one small chart per category of its average across the
    person's evaluations, oldest first."""
    evaluations = history["evaluations"]
    labels = [date_format(e.period_end, "M Y") for e in evaluations]
    panels = []
    trends = []
    for row in history["rows"]:
        values = [cell["average"] if cell else None for cell in row["cells"]]
        panels.append(Panel(label=f"{row['code']}. {row['title']}", values=values))
        shown = [v for v in values if v is not None]
        if shown:
            trends.append(
                f"{row['code']}. {row['title']}: "
                + (f"{shown[0]:.2f} to {shown[-1]:.2f}" if len(shown) > 1 else f"{shown[0]:.2f}")
            )
    span = f"{labels[0]} to {labels[-1]}" if len(labels) > 1 else "".join(labels)
    text = (
        f"Average rating per category (1 Developing to 3 Advanced) across {len(evaluations)} "
        f"evaluations, {span}. " + "; ".join(trends) + "."
    )
    return small_multiples(
        chart_id=chart_id,
        title="Ratings over time, by category",
        summary=text,
        x_labels=labels,
        panels=panels,
        y_ticks=Y_TICKS,
    )
