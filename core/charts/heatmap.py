"""People × categories, each cell filled by its average."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString

from .svg import (
    GRID,
    HEAT_BINS,
    NO_AVERAGE_FILL,
    TEXT_ON,
    Svg,
    chart_ident,
    rect,
    shorten,
    text,
)


@dataclass(frozen=True)
class HeatCell:
    average: float | None
    developing: int
    note: str = ""


@dataclass(frozen=True)
class HeatRow:
    label: str
    cells: Sequence[HeatCell | None]


def heat_fill(average: float | None) -> str:
    if average is None:
        return NO_AVERAGE_FILL
    return next(fill for bound, fill, _ in HEAT_BINS if average < bound)


def heatmap(
    *, chart_id: str, title: str, summary: str, columns: Sequence[str], rows: Sequence[HeatRow]
) -> SafeString:
    """Rows × columns of cells, each filled by its average and showing the average and,
    when there are any, the count of Developing ratings."""
    svg = Svg(chart_ident(chart_id), title, summary)
    label_w, cell_w, cell_h, legend_h, head_h = 190, 66, 44, 70, 26
    width = max(label_w + cell_w * len(columns) + 4, 480)
    svg.add(text(0, 16, "Each cell: the average rating, 1 Developing to 3 Advanced;"))
    svg.add(text(0, 34, "“2 Dev” means 2 items rated Developing."))
    for i, (_, fill, label) in enumerate(HEAT_BINS):
        svg.add(rect(i * 100, 44, 18, 18, fill=fill, stroke=GRID))
        svg.add(text(i * 100 + 24, 58, label))
    top = legend_h + head_h
    for i, code in enumerate(columns):
        cx = label_w + i * cell_w + cell_w / 2
        svg.add(text(cx, top - 8, code, text_anchor="middle", font_weight="bold"))
    for r, row in enumerate(rows):
        y = top + r * cell_h
        svg.add(text(0, y + cell_h / 2 + 5, shorten(row.label, 24)))
        for c, cell in enumerate(row.cells):
            x = label_w + c * cell_w
            cx = x + cell_w / 2
            fill = heat_fill(cell.average if cell else None)
            tip = f"{row.label}, {columns[c]}: " + (cell.note if cell else "not rated")
            svg.add(rect(x, y, cell_w, cell_h, tip=tip, fill=fill, stroke=GRID))
            ink = TEXT_ON[fill]
            if cell is None or cell.average is None:
                svg.add(text(cx, y + 27, "–", text_anchor="middle", fill=ink))
                continue
            average_y = y + 19 if cell.developing else y + 27
            svg.add(text(cx, average_y, f"{cell.average:.2f}", text_anchor="middle", fill=ink))
            if cell.developing:
                svg.add(
                    text(
                        cx,
                        y + 36,
                        f"{cell.developing} Dev",
                        text_anchor="middle",
                        font_weight="bold",
                        fill=ink,
                    )
                )
    return svg.render(width, top + cell_h * len(rows) + 2)
