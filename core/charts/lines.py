"""Values over time: small multiples of line-and-dot charts."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString

from .svg import (
    MUTED_INK,
    SERIES,
    Svg,
    chart_ident,
    num,
    shorten,
    text,
)


@dataclass(frozen=True)
class Panel:
    label: str
    values: Sequence[float | None]


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
    svg = Svg(chart_ident(chart_id), title, summary)
    panel_w, panel_h, gap, key_h = 206, 132, 14, 30
    plot_l, plot_t, plot_r, plot_b = 34, 26, 10, 26
    y_min, y_max = y_ticks[0][0], y_ticks[-1][0]
    key = ", ".join(f"{value:g} {name}" for value, name in y_ticks)
    svg.add(text(0, 16, f"Average rating: {key}.", fill=MUTED_INK))
    count = len(x_labels)
    for p, panel in enumerate(panels):
        ox = (p % columns) * (panel_w + gap)
        oy = key_h + (p // columns) * (panel_h + gap)
        svg.add(text(ox, oy + 14, shorten(panel.label, 27), font_weight="bold", font_size="12"))
        left, right = ox + plot_l, ox + panel_w - plot_r
        top, bottom = oy + plot_t, oy + panel_h - plot_b

        def at(i, value, left=left, right=right, top=top, bottom=bottom):
            x = left + (right - left) * (i / (count - 1) if count > 1 else 0.5)
            return x, bottom - (bottom - top) * (value - y_min) / (y_max - y_min)

        for value, _ in y_ticks:
            _, y = at(0, value)
            svg.add(
                f'<line x1="{num(left)}" x2="{num(right)}" y1="{num(y)}" y2="{num(y)}" stroke="#d0d0d0"/>'
            )
            svg.add(text(left - 6, y + 4, f"{value:g}", text_anchor="end", font_size="11"))
        svg.add(text(left, bottom + 16, x_labels[0], font_size="11", fill=MUTED_INK))
        if count > 1:
            svg.add(
                text(
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
            run.append(f"{num(x)},{num(y)}")
        _flush_line(svg, run)
        for i, value in points:
            x, y = at(i, value)
            tip = f"{panel.label}, {x_labels[i]}: {value:.2f}"
            svg.add(
                f'<circle cx="{num(x)}" cy="{num(y)}" r="3.5" fill="{SERIES[0]}">'
                f"<title>{escape(tip)}</title></circle>"
            )
        if points:
            i, value = points[-1]
            x, y = at(i, value)
            svg.add(
                text(
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


def _flush_line(svg: Svg, run: list[str]) -> list[str]:
    if len(run) > 1:
        svg.add(
            f'<polyline points="{" ".join(run)}" fill="none" stroke="{SERIES[0]}" stroke-width="2"/>'
        )
    return []
