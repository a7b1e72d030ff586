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

from .bars import Segment, grouped_bars, stacked_bars
from .heatmap import HeatCell, HeatRow, heat_fill, heatmap
from .lines import Panel, small_multiples
from .svg import (
    ALERT,
    HEAT_BINS,
    INK,
    NEUTRAL,
    SERIES,
    TEXT_ON,
    WHITE,
    Bar,
)

__all__ = [
    "ALERT",
    "HEAT_BINS",
    "INK",
    "NEUTRAL",
    "SERIES",
    "TEXT_ON",
    "WHITE",
    "Bar",
    "HeatCell",
    "HeatRow",
    "Panel",
    "Segment",
    "grouped_bars",
    "heat_fill",
    "heatmap",
    "small_multiples",
    "stacked_bars",
]
