"""Charts drawn on the server as SVG: plain data in, one ``<svg>`` string out.

The same markup goes into a page and into a PDF (WeasyPrint draws inline SVG), so
nothing here may depend on a script or a stylesheet: no ``<script>``, no ``<style>``,
no ``style=`` attribute (the Content-Security-Policy refuses inline styles), only SVG
presentation attributes. Every chart is ``role="img"`` named by its ``<title>`` and
described by its ``<desc>``; the page keeps the numbers in a table as the long
description. Colour is never the only cue: cells and bars carry their numbers, and
series are told apart by pattern as well as by colour.

A chart is sized in user units (``viewBox``) with its natural width and height as
attributes, so a PDF draws it at that size and a page's ``.pw-chart`` rule scales it
down to the column it sits in.
"""

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
class Segment:
    """One kind of part of a stacked bar: its name in the legend, its fill, an optional
    pattern ("stripes") so that it differs from its neighbours by more than colour."""

    label: str
    fill: str
    outlined: bool = False
    pattern: str = ""


@dataclass(frozen=True)
class HeatCell:
    average: float | None
    developing: int
    note: str = ""


@dataclass(frozen=True)
class HeatRow:
    label: str
    cells: Sequence[HeatCell | None]


@dataclass(frozen=True)
class Bar:
    label: str
    values: Sequence[float]


@dataclass(frozen=True)
class Panel:
    label: str
    values: Sequence[float | None]


@dataclass
class _Svg:
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
        # Safe: every text and attribute value went through escape() or _n().
        return mark_safe(
            f'<svg xmlns="http://www.w3.org/2000/svg" class="pw-chart" id="{ident}" '
            f'viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" height="{_n(height)}" '
            f'role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
            f'font-family="{escape(FONT)}" font-size="13" fill="{INK}">'
            f'<title id="{ident}-title">{escape(self.title)}</title>'
            f'<desc id="{ident}-desc">{escape(self.summary)}</desc>'
            f"{defs}{''.join(self.parts)}</svg>"
        )


def _n(value: float) -> str:
    """A coordinate without float noise: 12, 12.5, never 12.500000001."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _id(chart_id: str) -> str:
    ident = re.sub(r"[^a-z0-9-]", "-", chart_id.lower()).strip("-")
    if not ident:
        raise ValueError("A chart needs an id to name its title and description.")
    return ident


def _attrs(**attrs) -> str:
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not None
    )


def _text(x: float, y: float, text: str, **attrs) -> str:
    return f'<text x="{_n(x)}" y="{_n(y)}"{_attrs(**attrs)}>{escape(text)}</text>'


def _rect(x: float, y: float, w: float, h: float, *, tip: str = "", **attrs) -> str:
    inner = f"<title>{escape(tip)}</title>" if tip else ""
    return (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}"{_attrs(**attrs)}>'
        f"{inner}</rect>"
    )


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def heat_fill(average: float | None) -> str:
    if average is None:
        return NO_AVERAGE_FILL
    return next(fill for bound, fill, _ in HEAT_BINS if average < bound)


def _patterns(svg: _Svg, fills: Sequence[str]) -> list[str]:
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


def heatmap(
    *, chart_id: str, title: str, summary: str, columns: Sequence[str], rows: Sequence[HeatRow]
) -> SafeString:
    """Rows × columns of cells, each filled by its average and showing the average and,
    when there are any, the count of Developing ratings."""
    svg = _Svg(_id(chart_id), title, summary)
    label_w, cell_w, cell_h, legend_h, head_h = 190, 66, 44, 70, 26
    width = max(label_w + cell_w * len(columns) + 4, 480)
    svg.add(_text(0, 16, "Each cell: the average rating, 1 Developing to 3 Advanced;"))
    svg.add(_text(0, 34, "“2 Dev” means 2 items rated Developing."))
    for i, (_, fill, label) in enumerate(HEAT_BINS):
        svg.add(_rect(i * 100, 44, 18, 18, fill=fill, stroke=GRID))
        svg.add(_text(i * 100 + 24, 58, label))
    top = legend_h + head_h
    for i, code in enumerate(columns):
        cx = label_w + i * cell_w + cell_w / 2
        svg.add(_text(cx, top - 8, code, text_anchor="middle", font_weight="bold"))
    for r, row in enumerate(rows):
        y = top + r * cell_h
        svg.add(_text(0, y + cell_h / 2 + 5, shorten(row.label, 24)))
        for c, cell in enumerate(row.cells):
            x = label_w + c * cell_w
            cx = x + cell_w / 2
            fill = heat_fill(cell.average if cell else None)
            tip = f"{row.label}, {columns[c]}: " + (cell.note if cell else "not rated")
            svg.add(_rect(x, y, cell_w, cell_h, tip=tip, fill=fill, stroke=GRID))
            ink = TEXT_ON[fill]
            if cell is None or cell.average is None:
                svg.add(_text(cx, y + 27, "–", text_anchor="middle", fill=ink))
                continue
            average_y = y + 19 if cell.developing else y + 27
            svg.add(_text(cx, average_y, f"{cell.average:.2f}", text_anchor="middle", fill=ink))
            if cell.developing:
                svg.add(
                    _text(
                        cx,
                        y + 36,
                        f"{cell.developing} Dev",
                        text_anchor="middle",
                        font_weight="bold",
                        fill=ink,
                    )
                )
    return svg.render(width, top + cell_h * len(rows) + 2)


def small_multiples(
    *,
    chart_id: str,
    title: str,
    summary: str,
    x_labels: Sequence[str],
    panels: Sequence[Panel],
    y_ticks: Sequence[tuple[float, str]],
    columns: int = 3,
) -> SafeString:
    """One small line-and-dot chart per panel, all on the same axes; a missing value
    breaks the line rather than being drawn as zero."""
    svg = _Svg(_id(chart_id), title, summary)
    panel_w, panel_h, gap, key_h = 206, 132, 14, 30
    plot_l, plot_t, plot_r, plot_b = 34, 26, 10, 26
    y_min, y_max = y_ticks[0][0], y_ticks[-1][0]
    key = ", ".join(f"{value:g} {name}" for value, name in y_ticks)
    svg.add(_text(0, 16, f"Average rating: {key}.", fill=MUTED_INK))
    count = len(x_labels)
    for p, panel in enumerate(panels):
        ox = (p % columns) * (panel_w + gap)
        oy = key_h + (p // columns) * (panel_h + gap)
        svg.add(_text(ox, oy + 14, shorten(panel.label, 30), font_weight="bold", font_size="12"))
        left, right = ox + plot_l, ox + panel_w - plot_r
        top, bottom = oy + plot_t, oy + panel_h - plot_b

        def at(i, value, left=left, right=right, top=top, bottom=bottom):
            x = left + (right - left) * (i / (count - 1) if count > 1 else 0.5)
            return x, bottom - (bottom - top) * (value - y_min) / (y_max - y_min)

        for value, _ in y_ticks:
            _, y = at(0, value)
            svg.add(
                f'<line x1="{_n(left)}" x2="{_n(right)}" y1="{_n(y)}" y2="{_n(y)}" stroke="#d0d0d0"/>'
            )
            svg.add(_text(left - 6, y + 4, f"{value:g}", text_anchor="end", font_size="11"))
        svg.add(_text(left, bottom + 16, x_labels[0], font_size="11", fill=MUTED_INK))
        if count > 1:
            svg.add(
                _text(
                    right,
                    bottom + 16,
                    x_labels[-1],
                    font_size="11",
                    text_anchor="end",
                    fill=MUTED_INK,
                )
            )
        points = [(i, v) for i, v in enumerate(panel.values) if v is not None]
        run: list[str] = []
        for i, value in enumerate(panel.values):
            if value is None:
                run = _flush_line(svg, run)
                continue
            x, y = at(i, value)
            run.append(f"{_n(x)},{_n(y)}")
        _flush_line(svg, run)
        for i, value in points:
            x, y = at(i, value)
            tip = f"{panel.label}, {x_labels[i]}: {value:.2f}"
            svg.add(
                f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="{SERIES[0]}">'
                f"<title>{escape(tip)}</title></circle>"
            )
        if points:
            i, value = points[-1]
            x, y = at(i, value)
            svg.add(
                _text(
                    x,
                    y - 7,
                    f"{value:.2f}",
                    text_anchor="end" if count > 1 else "middle",
                    font_size="11",
                )
            )
    rows = -(-len(panels) // columns)
    width = min(columns, max(len(panels), 1)) * (panel_w + gap) - gap
    return svg.render(max(width, 420), key_h + rows * (panel_h + gap))


def _flush_line(svg: _Svg, run: list[str]) -> list[str]:
    if len(run) > 1:
        svg.add(
            f'<polyline points="{" ".join(run)}" fill="none" stroke="{SERIES[0]}" stroke-width="2"/>'
        )
    return []


def stacked_bars(
    *, chart_id: str, title: str, summary: str, segments: Sequence[Segment], bars: Sequence[Bar]
) -> SafeString:
    """One horizontal bar per row, split into segments of counts, each labelled with its
    count where it is wide enough; the row's total is written after the bar."""
    svg = _Svg(_id(chart_id), title, summary)
    label_w, bar_w, bar_h, gap, legend_h = 200, 400, 26, 12, 34
    fills = _segment_fills(svg, segments)
    x = 0
    for segment, fill in zip(segments, fills, strict=True):
        svg.add(_rect(x, 6, 18, 18, fill=fill, stroke=INK if segment.outlined else None))
        svg.add(_text(x + 24, 20, segment.label))
        x += 24 + 8 * len(segment.label) + 20
    scale = max((sum(bar.values) for bar in bars), default=0) or 1
    for r, bar in enumerate(bars):
        y = legend_h + r * (bar_h + gap)
        svg.add(_text(0, y + bar_h / 2 + 5, shorten(bar.label, 26)))
        x = label_w
        for segment, fill, value in zip(segments, fills, bar.values, strict=True):
            if not value:
                continue
            w = bar_w * value / scale
            tip = f"{bar.label}: {value:g} {segment.label.lower()}"
            stroke = INK if segment.outlined else None
            svg.add(_rect(x, y, w, bar_h, tip=tip, fill=fill, stroke=stroke))
            if w >= 18:
                label = f"{value:g}"
                svg.add(
                    _text(
                        x + w / 2,
                        y + bar_h / 2 + 5,
                        label,
                        text_anchor="middle",
                        fill=TEXT_ON[segment.fill],
                        font_weight="bold",
                    )
                )
            x += w
        svg.add(_text(x + 8, y + bar_h / 2 + 5, f"{sum(bar.values):g} in all", fill=MUTED_INK))
    height = legend_h + len(bars) * (bar_h + gap)
    return svg.render(max(label_w + bar_w + 90, x), height)


def _segment_fills(svg: _Svg, segments: Sequence[Segment]) -> list[str]:
    fills = []
    for i, segment in enumerate(segments):
        if segment.pattern != "stripes":
            fills.append(segment.fill)
            continue
        pid = f"{svg.chart_id}-s{i}"
        svg.defs.append(
            f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{escape(segment.fill)}"/>'
            f'<rect width="3" height="8" fill="{ALERT_STRIPE}"/></pattern>'
        )
        fills.append(f"url(#{pid})")
    return fills


def _nice_step(top: float) -> float:
    """A round tick step (1, 2, 5, 10, 20, …) giving at most five steps up to ``top``."""
    magnitude = 1.0
    while True:
        for factor in (1, 2, 5):
            if top / (factor * magnitude) <= 5:
                return factor * magnitude
        magnitude *= 10


def grouped_bars(
    *,
    chart_id: str,
    title: str,
    summary: str,
    series: Sequence[str],
    bars: Sequence[Bar],
    unit: str,
) -> SafeString:
    """Vertical bars grouped by ``bars`` (one group each, say a year), one bar per series
    (say a course group), each bar with its value written above it."""
    svg = _Svg(_id(chart_id), title, summary)
    fills = _patterns(svg, [SERIES[i % len(SERIES)] for i in range(len(series))])
    bar_w, gap, plot_h, axis_w = 34, 30, 200, 44
    legend_h = 22 * len(series) + 10
    for i, (name, fill) in enumerate(zip(series, fills, strict=True)):
        svg.add(_rect(0, 4 + 22 * i, 18, 18, fill=fill))
        svg.add(_text(26, 18 + 22 * i, name))
    top = max((v for bar in bars for v in bar.values), default=0)
    step = _nice_step(top) if top else 1
    y_max = max(step * -(-top // step), step)
    plot_top, plot_bottom = legend_h + 16, legend_h + 16 + plot_h
    group_w = bar_w * len(series) + gap
    width = axis_w + gap / 2 + group_w * len(bars)
    tick = 0.0
    while tick <= y_max:
        y = plot_bottom - plot_h * tick / y_max
        svg.add(
            f'<line x1="{axis_w}" x2="{_n(width)}" y1="{_n(y)}" y2="{_n(y)}" stroke="#d0d0d0"/>'
        )
        svg.add(_text(axis_w - 6, y + 4, f"{tick:g}", text_anchor="end", font_size="11"))
        tick += step
    svg.add(_text(0, plot_top - 6, unit, font_size="11", fill=MUTED_INK))
    for g, bar in enumerate(bars):
        x0 = axis_w + gap / 2 + g * group_w
        for s, value in enumerate(bar.values):
            h = plot_h * value / y_max
            x = x0 + s * bar_w
            tip = f"{bar.label}, {series[s]}: {value:g} {unit}"
            svg.add(_rect(x + 2, plot_bottom - h, bar_w - 4, h, tip=tip, fill=fills[s]))
            svg.add(
                _text(
                    x + bar_w / 2,
                    plot_bottom - h - 5,
                    f"{value:g}",
                    text_anchor="middle",
                    font_size="11",
                )
            )
        svg.add(
            _text(x0 + bar_w * len(series) / 2, plot_bottom + 18, bar.label, text_anchor="middle")
        )
    svg.add(
        f'<line x1="{axis_w}" x2="{_n(width)}" y1="{plot_bottom}" y2="{plot_bottom}" stroke="{INK}"/>'
    )
    return svg.render(max(width, 360), plot_bottom + 28)
