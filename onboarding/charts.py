"""Onboarding progress by phase as stacked bars (core.charts), from ``phases_of``."""

from django.utils.safestring import SafeString

from core.charts import ALERT, NEUTRAL, SERIES, WHITE, Bar, Segment, stacked_bars

SEGMENTS = (
    Segment("Done", SERIES[0]),
    Segment("Not applicable", NEUTRAL),
    Segment("Open", WHITE, outlined=True),
    Segment("Overdue", ALERT, pattern="stripes"),
)


def phase_progress(phases: list[dict], *, chart_id: str = "onboarding-progress") -> SafeString:
    bars = [
        Bar(
            label=p["label"],
            values=[p["done"] - p["not_applicable"], p["not_applicable"], p["open"], p["overdue"]],
        )
        for p in phases
    ]
    text = "; ".join(
        f"{p['label']}: {p['done'] - p['not_applicable']} done, {p['not_applicable']} not applicable, "
        f"{p['open']} open, {p['overdue']} overdue"
        for p in phases
    )
    return stacked_bars(
        chart_id=chart_id,
        title="Onboarding progress by phase",
        summary=f"Items in each phase. {text}.",
        segments=SEGMENTS,
        bars=bars,
    )
