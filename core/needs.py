"""One card of a home page's "Needs me" area: what is due, how many, how many overdue.

Each app's selectors count its own due work (one aggregate query, whatever the number of
rows) and return these; the home page, which may read every app, lays them out."""

from dataclasses import dataclass


@dataclass(frozen=True)
class NeedsMe:
    label: str
    count: int
    url: str
    overdue: int = 0
    # What the count means beside the number, e.g. "due this week".
    detail: str = ""
