"""core.charts: escaped text, a text alternative on every chart, the numbers drawn, AA contrast."""

import re
from xml.etree import ElementTree

import pytest

from core.charts import (
    HEAT_BINS,
    SERIES,
    TEXT_ON,
    WHITE,
    Bar,
    HeatCell,
    HeatRow,
    Panel,
    Segment,
    grouped_bars,
    heat_fill,
    heatmap,
    small_multiples,
    stacked_bars,
)

NS = {"svg": "http://www.w3.org/2000/svg"}
HOSTILE = "<script>alert('x')</script> & \"quoted\""


def _parse(markup) -> ElementTree.Element:
    """The markup is well-formed XML (so any stray < or & would fail here)."""
    return ElementTree.fromstring(str(markup))


def _texts(root) -> list[str]:
    return [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]


def _heatmap(**overrides):
    arguments = {
        "chart_id": "team",
        "title": "Team",
        "summary": "Two people.",
        "columns": ["I", "II", "III"],
        "rows": [
            HeatRow("Avery Quinn", [HeatCell(2.4, 1, "note"), HeatCell(1.25, 3), None]),
            HeatRow("Blake Ruiz", [HeatCell(3.0, 0), HeatCell(None, 0), HeatCell(2.0, 0)]),
        ],
    }
    return heatmap(**(arguments | overrides))


def _all_charts(title="T", summary="S", label="L"):
    return [
        _heatmap(title=title, summary=summary, rows=[HeatRow(label, [None, None, None])]),
        small_multiples(
            chart_id="lines",
            title=title,
            summary=summary,
            x_labels=[label, "Feb 2026"],
            panels=[Panel(label, [1.0, 2.5])],
            y_ticks=[(1, "Developing"), (2, "Proficient"), (3, "Advanced")],
        ),
        stacked_bars(
            chart_id="stack",
            title=title,
            summary=summary,
            segments=[Segment(label, SERIES[0]), Segment("Overdue", "#b3261e", pattern="stripes")],
            bars=[Bar(label, [3, 1])],
        ),
        grouped_bars(
            chart_id="grouped",
            title=title,
            summary=summary,
            series=[label, "Other"],
            bars=[Bar(label, [3, 4.5])],
            unit="hours",
        ),
    ]


@pytest.mark.parametrize("index", range(4))
def test_every_chart_is_an_image_named_by_its_title_and_described_by_its_desc(index):
    root = _parse(_all_charts(title="Hours by year", summary="2025: 12 hours.")[index])
    ident = root.get("id")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{ident}-title"
    assert root.get("aria-describedby") == f"{ident}-desc"
    assert root.find("svg:title", NS).text == "Hours by year"
    assert root.find("svg:title", NS).get("id") == f"{ident}-title"
    assert root.find("svg:desc", NS).text == "2025: 12 hours."
    assert root.find("svg:desc", NS).get("id") == f"{ident}-desc"
    # Scales with its column: a viewBox, with the natural size as width and height.
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"


@pytest.mark.parametrize("index", range(4))
def test_text_is_escaped_and_nothing_a_csp_refuses_is_drawn(index):
    markup = str(_all_charts(title=HOSTILE, summary=HOSTILE, label=HOSTILE)[index])
    root = _parse(markup)
    assert "<script" not in markup and "<style" not in markup and " style=" not in markup
    assert "javascript:" not in markup and "href" not in markup
    assert root.find("svg:title", NS).text == HOSTILE
    assert root.find("svg:desc", NS).text == HOSTILE
    assert not any(el.tag.endswith("script") for el in root.iter())


def test_a_chart_id_is_reduced_to_a_safe_id():
    root = _parse(_heatmap(chart_id='Team "summary" <1>'))
    assert root.get("id") == "team--summary---1"
    with pytest.raises(ValueError):
        _heatmap(chart_id="<>")


def test_heatmap_cells_carry_their_average_and_developing_count():
    root = _parse(_heatmap())
    texts = _texts(root)
    assert texts.count("2.40") == 1 and texts.count("1 Dev") == 1
    assert texts.count("1.25") == 1 and texts.count("3 Dev") == 1
    assert "3.00" in texts and "2.00" in texts
    # Not rated, and rated with no counted rating, both show a dash.
    assert texts.count("–") == 2
    assert ["I", "II", "III"] == [t for t in texts if t in ("I", "II", "III")]
    fills = [r.get("fill") for r in root.iter("{http://www.w3.org/2000/svg}rect")]
    assert heat_fill(1.25) in fills and heat_fill(3.0) in fills


@pytest.mark.parametrize(
    "average,fill",
    [(1.0, HEAT_BINS[0][1]), (1.49, HEAT_BINS[0][1]), (1.5, HEAT_BINS[1][1]),
     (2.49, HEAT_BINS[2][1]), (2.5, HEAT_BINS[3][1]), (3.0, HEAT_BINS[3][1]), (None, WHITE)],
)  # fmt: skip
def test_heat_fill_bins(average, fill):
    assert heat_fill(average) == fill


def test_heatmap_shortens_a_long_name_and_keeps_it_whole_in_the_tooltip():
    name = "Alexandria Montgomery-Fitzgerald"
    root = _parse(_heatmap(rows=[HeatRow(name, [None, None, None])]))
    assert name not in _texts(root)
    assert any(t.startswith("Alexandria") and t.endswith("…") for t in _texts(root))
    tips = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert f"{name}, I: not rated" in tips


def test_small_multiples_break_the_line_where_a_value_is_missing():
    root = _parse(
        small_multiples(
            chart_id="over-time",
            title="T",
            summary="S",
            x_labels=["Jan 2025", "Jul 2025", "Jan 2026", "Jul 2026"],
            panels=[Panel("I. Recovery", [1.0, 2.0, None, 3.0]), Panel("II. Ethics", [2.0] * 4)],
            y_ticks=[(1, "Developing"), (2, "Proficient"), (3, "Advanced")],
        )
    )
    lines = [p.get("points").split() for p in root.iter("{http://www.w3.org/2000/svg}polyline")]
    # Panel I: one line of two points (the lone last point is a dot only); panel II: four.
    assert sorted(len(points) for points in lines) == [2, 4]
    circles = list(root.iter("{http://www.w3.org/2000/svg}circle"))
    assert len(circles) == 3 + 4
    texts = _texts(root)
    assert "3.00" in texts and "2.00" in texts  # each panel's latest value
    assert "Jan 2025" in texts and "Jul 2026" in texts


def test_stacked_bars_label_each_part_and_the_total():
    root = _parse(
        stacked_bars(
            chart_id="phases",
            title="T",
            summary="S",
            segments=[
                Segment("Done", SERIES[0]),
                Segment("Open", WHITE, outlined=True),
                Segment("Overdue", "#b3261e", pattern="stripes"),
            ],
            bars=[Bar("Day one", [5, 0, 12]), Bar("Week one", [1, 2, 0])],
        )
    )
    texts = _texts(root)
    assert {"5", "12", "1", "2"} <= set(texts)
    assert "17 in all" in texts and "3 in all" in texts
    assert "0" not in texts  # an empty part is not drawn
    pattern = root.find(".//svg:pattern", NS)
    assert pattern.get("id") == "phases-s2"
    assert any(
        r.get("fill") == "url(#phases-s2)" for r in root.iter("{http://www.w3.org/2000/svg}rect")
    )


def test_grouped_bars_are_as_tall_as_their_values_and_told_apart_by_pattern():
    root = _parse(
        grouped_bars(
            chart_id="hours",
            title="T",
            summary="S",
            series=["WISE Core", "Peer staff"],
            bars=[Bar("2025", [10, 5]), Bar("2026", [0, 2.5])],
            unit="hours",
        )
    )
    bars = [
        r
        for r in root.iter("{http://www.w3.org/2000/svg}rect")
        if r.find("svg:title", NS) is not None
    ]
    heights = {r.find("svg:title", NS).text: float(r.get("height")) for r in bars}
    assert heights["2025, WISE Core: 10 hours"] == 2 * heights["2025, Peer staff: 5 hours"]
    assert heights["2026, WISE Core: 0 hours"] == 0
    assert heights["2026, Peer staff: 2.5 hours"] == heights["2025, Peer staff: 5 hours"] / 2
    assert {"10", "5", "2.5", "2025", "2026", "WISE Core", "Peer staff"} <= set(_texts(root))
    fills = {r.find("svg:title", NS).text.split(":")[0].split(", ")[1]: r.get("fill") for r in bars}
    assert fills["WISE Core"] == SERIES[0] and fills["Peer staff"] == "url(#hours-p1)"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    lighter, darker = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("fill,ink", sorted(TEXT_ON.items()))
def test_text_on_every_fill_meets_wcag_aa(fill, ink):
    assert re.fullmatch(r"#[0-9a-f]{6}", fill)
    assert _contrast(fill, ink) >= 4.5


@pytest.mark.parametrize("fill", SERIES)
def test_every_series_colour_stands_out_from_the_page(fill):
    assert _contrast(fill, WHITE) >= 3
