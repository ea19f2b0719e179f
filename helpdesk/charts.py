"""Geometry of the horizontal bar charts on report pages, drawn as inline SVG by their templates.

A chart is rows of bars: each row has a label and a few bars (one per series), each bar a share of
the full width. Reports say what to draw; this says where.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class BarSpec:
    key: str  # the series, for the bar's CSS class
    fraction: float | None  # 0..1 of the full width; None draws no bar
    text: str
    title: str = ""


@dataclass(frozen=True)
class Bar:
    key: str
    y: int
    width: float
    text: str
    title: str


@dataclass(frozen=True)
class ChartRow:
    label: str
    y: int
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    axis_x: int
    axis_end: int
    rows: list[ChartRow]


@dataclass(frozen=True)
class Layout:
    label_width: int
    bar_space: int
    bar_height: int
    bar_gap: int
    row_gap: int


def bar_chart(rows: Iterable[tuple[str, list[BarSpec]]], layout: Layout) -> Chart:
    """Place each row's bars one under the other, rows separated by the layout's gap."""
    placed = []
    y = 0
    step = layout.bar_height + layout.bar_gap
    for label, specs in rows:
        row_height = len(specs) * step
        bars = [
            Bar(
                key=spec.key,
                y=y + i * step,
                width=0.0 if spec.fraction is None else round(layout.bar_space * spec.fraction, 1),
                text=spec.text,
                title=spec.title or spec.text,
            )
            for i, spec in enumerate(specs)
        ]
        placed.append(ChartRow(label=label, y=y + row_height // 2 + 4, bars=bars))
        y += row_height + layout.row_gap
    return Chart(
        width=layout.label_width + layout.bar_space + 60,
        height=max(y, 1),
        axis_x=layout.label_width,
        axis_end=layout.label_width + layout.bar_space,
        rows=placed,
    )
