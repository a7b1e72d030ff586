"""Stacked bars (parts of a whole per row) and grouped bars (series per group)."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString

from .svg import (
    ALERT_STRIPE,
    INK,
    MUTED_INK,
    SERIES,
    TEXT_ON,
    Bar,
    Svg,
    chart_ident,
    num,
    patterns,
    rect,
    shorten,
    text,
)


@dataclass(frozen=True)
class Segment:
    """One kind of part of a stacked bar: its name in the legend, its fill, an optional
    pattern ("stripes") so that it differs from its neighbours by more than colour."""

    label: str
    fill: str
    outlined: bool = False
    pattern: str = ""


def stacked_bars(
    *, chart_id: str, title: str, summary: str, segments: Sequence[Segment], bars: Sequence[Bar]
) -> SafeString:
    """One horizontal bar per row, split into segments of counts, each labelled with its
    count where it is wide enough; the row's total is written after the bar."""
    svg = Svg(chart_ident(chart_id), title, summary)
    label_w, bar_w, bar_h, gap, legend_h = 200, 400, 26, 12, 34
    fills = _segment_fills(svg, segments)
    x = 0
    for segment, fill in zip(segments, fills, strict=True):
        svg.add(rect(x, 6, 18, 18, fill=fill, stroke=INK if segment.outlined else None))
        svg.add(text(x + 24, 20, segment.label))
        x += 24 + 8 * len(segment.label) + 20
    scale = max((sum(bar.values) for bar in bars), default=0) or 1
    for r, bar in enumerate(bars):
        y = legend_h + r * (bar_h + gap)
        svg.add(text(0, y + bar_h / 2 + 5, shorten(bar.label, 26)))
        x = label_w
        for segment, fill, value in zip(segments, fills, bar.values, strict=True):
            if not value:
                continue
            w = bar_w * value / scale
            tip = f"{bar.label}: {value:g} {segment.label.lower()}"
            stroke = INK if segment.outlined else None
            svg.add(rect(x, y, w, bar_h, tip=tip, fill=fill, stroke=stroke))
            if w >= 18:
                label = f"{value:g}"
                svg.add(
                    text(
                        x + w / 2,
                        y + bar_h / 2 + 5,
                        label,
                        text_anchor="middle",
                        fill=TEXT_ON[segment.fill],
                        font_weight="bold",
                    )
                )
            x += w
        svg.add(text(x + 8, y + bar_h / 2 + 5, f"{sum(bar.values):g} in all", fill=MUTED_INK))
    height = legend_h + len(bars) * (bar_h + gap)
    return svg.render(max(label_w + bar_w + 90, x), height)


def _segment_fills(svg: Svg, segments: Sequence[Segment]) -> list[str]:
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
    svg = Svg(chart_ident(chart_id), title, summary)
    fills = patterns(svg, [SERIES[i % len(SERIES)] for i in range(len(series))])
    bar_w, gap, plot_h, axis_w = 34, 30, 200, 44
    legend_h = 22 * len(series) + 10
    for i, (name, fill) in enumerate(zip(series, fills, strict=True)):
        svg.add(rect(0, 4 + 22 * i, 18, 18, fill=fill))
        svg.add(text(26, 18 + 22 * i, name))
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
            f'<line x1="{axis_w}" x2="{num(width)}" y1="{num(y)}" y2="{num(y)}" stroke="#d0d0d0"/>'
        )
        svg.add(text(axis_w - 6, y + 4, f"{tick:g}", text_anchor="end", font_size="11"))
        tick += step
    svg.add(text(0, plot_top - 6, unit, font_size="11", fill=MUTED_INK))
    for g, bar in enumerate(bars):
        x0 = axis_w + gap / 2 + g * group_w
        for s, value in enumerate(bar.values):
            h = plot_h * value / y_max
            x = x0 + s * bar_w
            tip = f"{bar.label}, {series[s]}: {value:g} {unit}"
            svg.add(rect(x + 2, plot_bottom - h, bar_w - 4, h, tip=tip, fill=fills[s]))
            svg.add(
                text(
                    x + bar_w / 2,
                    plot_bottom - h - 5,
                    f"{value:g}",
                    text_anchor="middle",
                    font_size="11",
                )
            )
        svg.add(
            text(x0 + bar_w * len(series) / 2, plot_bottom + 18, bar.label, text_anchor="middle")
        )
    svg.add(
        f'<line x1="{axis_w}" x2="{num(width)}" y1="{plot_bottom}" y2="{plot_bottom}" stroke="{INK}"/>'
    )
    return svg.render(max(width, 360), plot_bottom + 28)
