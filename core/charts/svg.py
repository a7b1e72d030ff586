"""What every chart shares: the palette, the <svg> wrapper and escaped primitives."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
INK = "#1b1b1b"
MUTED_INK = "#595959"
GRID = "#8c8c8c"
WHITE = "#ffffff"

# Average rating (1 Developing … 3 Advanced) → fill; all light enough for INK text.
HEAT_BINS = (
    (1.5, "#f6c28b", "1.0–1.4"),
    (2.0, "#fbe3c3", "1.5–1.9"),
    (2.5, "#dbe9f6", "2.0–2.4"),
    (3.01, "#9cc3e4", "2.5–3.0"),
)
NO_AVERAGE_FILL = WHITE

# Bars and segments: each at least 3:1 against white (WCAG 1.4.11), and the text
# drawn on them at least 4.5:1 (tests/core/test_charts.py checks every pair).
SERIES = ("#1f5f99", "#8a4500", "#1b7a6e", "#6a3d9a")
NEUTRAL = "#767676"
ALERT = "#b3261e"
ALERT_STRIPE = "#7f1a15"

# Fill → the colour of any text drawn on it.
TEXT_ON = {
    **{fill: INK for _, fill, _ in HEAT_BINS},
    NO_AVERAGE_FILL: INK,
    **{fill: WHITE for fill in SERIES},
    NEUTRAL: WHITE,
    ALERT: WHITE,
    ALERT_STRIPE: WHITE,
}


@dataclass(frozen=True)
class Bar:
    label: str
    values: Sequence[float]


@dataclass
class Svg:
    chart_id: str
    title: str
    summary: str
    parts: list[str] = field(default_factory=list)
    defs: list[str] = field(default_factory=list)

    def add(self, markup: str):
        self.parts.append(markup)

    def render(self, width: float, height: float) -> SafeString:
        ident = self.chart_id
        defs = f"<defs>{''.join(self.defs)}</defs>" if self.defs else ""
        # Safe: every text and attribute value went through escape() or num().
        return mark_safe(
            f'<svg xmlns="http://www.w3.org/2000/svg" class="pw-chart" id="{ident}" '
            f'viewBox="0 0 {num(width)} {num(height)}" width="{num(width)}" height="{num(height)}" '
            f'role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
            f'font-family="{escape(FONT)}" font-size="13" fill="{INK}">'
            f'<title id="{ident}-title">{escape(self.title)}</title>'
            f'<desc id="{ident}-desc">{escape(self.summary)}</desc>'
            f"{defs}{''.join(self.parts)}</svg>"
        )


def num(value: float) -> str:
    """A coordinate without float noise: 12, 12.5, never 12.500000001."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def chart_ident(chart_id: str) -> str:
    ident = re.sub(r"[^a-z0-9-]", "-", chart_id.lower()).strip("-")
    if not ident:
        raise ValueError("A chart needs an id to name its title and description.")
    return ident


def attrs(**attributes) -> str:
    """SVG attributes from keywords: ``text_anchor="end"`` → ``text-anchor="end"``."""
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(value)}"'
        for name, value in attributes.items()
        if value is not None
    )


def text(x: float, y: float, content: str, **attributes) -> str:
    return f'<text x="{num(x)}" y="{num(y)}"{attrs(**attributes)}>{escape(content)}</text>'


def rect(x: float, y: float, w: float, h: float, *, tip: str = "", **attributes) -> str:
    """A rectangle; ``tip`` becomes its tooltip (a <title>), read on hover, not by screen
    readers: the chart as a whole is one image to them."""
    inner = f"<title>{escape(tip)}</title>" if tip else ""
    return (
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}"{attrs(**attributes)}>'
        f"{inner}</rect>"
    )


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def patterns(svg: Svg, fills: Sequence[str]) -> list[str]:
    """Fills for series 0, 1, …: solid, then hatched, dotted, cross-hatched."""
    marks = (
        "",
        '<path d="M0 6 L6 0" stroke="#ffffff" stroke-width="1.6"/>',
        '<circle cx="3" cy="3" r="1.2" fill="#ffffff"/>',
        '<path d="M0 0 L6 6 M0 6 L6 0" stroke="#ffffff" stroke-width="1.2"/>',
    )
    result = []
    for i, fill in enumerate(fills):
        mark = marks[i % len(marks)]
        if not mark:
            result.append(fill)
            continue
        pid = f"{svg.chart_id}-p{i}"
        svg.defs.append(
            f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{escape(fill)}"/>{mark}</pattern>'
        )
        result.append(f"url(#{pid})")
    return result
