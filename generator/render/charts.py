"""Charts drawn at build time as inline SVG, each beside a table with the same numbers.

No JavaScript and no library: a few rectangles and labels. Lengths along the value axis are
percentages of the chart's width, so a chart fills any screen while its text keeps its size
(a scaled ``viewBox`` would shrink the labels to nothing on a phone). Every chart has a
``<title>`` and a ``<desc>`` that reads its numbers out, and every label is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

BAR_ROW = 44
"""Height of one row of a bar chart: its label line, then its bar."""
COLUMN_PLOT_TOP = 18
COLUMN_BASELINE = 178
COLUMN_HEIGHT = 200
MAX_LABELLED_GROUPS = 8
"""Column charts with more groups than this leave the values to the table."""


@dataclass(frozen=True)
class Table:
    """The numbers of a chart; the first cell of each row is its header."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    """The bar's length, in the chart's unit (a count, or a percentage)."""
    text: str
    """The value as the page writes it, e.g. ``96（88.9%）``."""
    tone: str = ""
    """Colour class suffix, e.g. an outcome category."""


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int, ...]


def render_bar_chart(chart_id: str, title: str, bars: Sequence[Bar], table: Table, scale: float | None = None) -> Markup:
    """Horizontal bars, one row each, label above the bar and value at the right.
    ``scale`` is the value of a full-width bar (default: the largest value)."""
    scale = scale or max((bar.value for bar in bars), default=0) or 1
    height = BAR_ROW * len(bars) + 2
    shapes = []
    for index, bar in enumerate(bars):
        top = index * BAR_ROW
        width = _percent_width(bar.value, scale)
        tone = f" sl-chart__bar--{bar.tone}" if bar.tone else ""
        shapes.append(
            f'<g class="sl-chart__row">'
            f'<text class="sl-chart__label" x="0" y="{top + 15}">{escape(bar.label)}</text>'
            f'<text class="sl-chart__value" x="100%" y="{top + 15}" text-anchor="end">{escape(bar.text)}</text>'
            f'<rect class="sl-chart__track" x="0" y="{top + 22}" width="100%" height="14" rx="2" fill="#eeeeee"/>'
            + (f'<rect class="sl-chart__bar{tone}" x="0" y="{top + 22}" width="{width}%" height="14" rx="2" fill="#c62828"/>' if width else "")
            + "</g>"
        )
    description = "; ".join(f"{bar.label}: {bar.text}" for bar in bars)
    return _figure(chart_id, "bars", title, description, height, "".join(shapes), table)


def render_column_chart(chart_id: str, title: str, categories: Sequence[str], series: Sequence[Series], table: Table) -> Markup:
    """Vertical columns: one group per category (e.g. a year), one column per series."""
    top_value = _nice_ceiling(max((v for s in series for v in s.values), default=0))
    plot = COLUMN_BASELINE - COLUMN_PLOT_TOP
    group = 100 / max(len(categories), 1)
    column = group * 0.8 / max(len(series), 1)
    labelled = len(categories) <= MAX_LABELLED_GROUPS
    shapes = []
    for fraction in (1, 0.5):
        y = COLUMN_BASELINE - plot * fraction
        shapes.append(
            f'<line class="sl-chart__grid" x1="0" x2="100%" y1="{y:g}" y2="{y:g}" stroke="#dddddd"/>'
            f'<text class="sl-chart__tick" x="0" y="{y - 3:g}">{_number(top_value * fraction)}</text>'
        )
    for i, category in enumerate(categories):
        for s, item in enumerate(series):
            value = item.values[i]
            if not value:
                continue
            x = i * group + group * 0.1 + s * column
            height = plot * value / top_value
            shapes.append(
                f'<rect class="sl-chart__column sl-chart__series-{s + 1}" x="{x:.3f}%" y="{COLUMN_BASELINE - height:.1f}" '
                f'width="{column * 0.92:.3f}%" height="{height:.1f}" fill="#c62828"/>'
            )
            if labelled:
                shapes.append(
                    f'<text class="sl-chart__value" x="{x + column * 0.46:.3f}%" y="{COLUMN_BASELINE - height - 3:.1f}" text-anchor="middle">{value}</text>'
                )
        shapes.append(
            f'<text class="sl-chart__label" x="{(i + 0.5) * group:.3f}%" y="{COLUMN_BASELINE + 17}" text-anchor="middle">{escape(category)}</text>'
        )
    shapes.append(f'<line class="sl-chart__axis" x1="0" x2="100%" y1="{COLUMN_BASELINE}" y2="{COLUMN_BASELINE}" stroke="#999999"/>')
    description = "; ".join(
        f"{category}: " + ", ".join(f"{s.name} {s.values[i]}" for s in series) for i, category in enumerate(categories)
    )
    legend = Markup('<ul class="sl-chart__legend">{}</ul>').format(
        Markup("").join(
            Markup('<li><span class="sl-chart__swatch sl-chart__series-{}" aria-hidden="true"></span>{}</li>').format(i + 1, s.name)
            for i, s in enumerate(series)
        )
    )
    return _figure(chart_id, "columns", title, description, COLUMN_HEIGHT, "".join(shapes), table, legend)


def render_table(table: Table) -> Markup:
    head = Markup("").join(Markup('<th scope="col">{}</th>').format(h) for h in table.headers)
    rows = Markup("").join(
        Markup("<tr>{}{}</tr>").format(
            Markup('<th scope="row">{}</th>').format(row[0]),
            Markup("").join(Markup("<td>{}</td>").format(cell) for cell in row[1:]),
        )
        for row in table.rows
    )
    return Markup('<table><caption>{}</caption><thead><tr>{}</tr></thead><tbody>{}</tbody></table>').format(table.caption, head, rows)


def _figure(
    chart_id: str, kind: str, title: str, description: str, height: int, shapes: str, table: Table, legend: Markup = Markup(""),
) -> Markup:
    svg = Markup(
        '<svg class="sl-chart__svg" xmlns="http://www.w3.org/2000/svg" width="100%" height="{height}" role="img" '
        'aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{shapes}</svg>'
    ).format(height=height, id=chart_id, title=title, desc=description, shapes=Markup(shapes))
    return Markup(
        '<figure class="sl-chart sl-chart--{kind}" id="{id}"><figcaption class="sl-chart__title">{title}</figcaption>'
        '<div class="sl-chart__body"><div class="sl-chart__picture">{svg}{legend}</div>'
        # The table may be wider than its column and scroll sideways: a named region in the Tab
        # order, so that keyboard and screen-reader users can reach and scroll it too.
        '<div class="sl-chart__table" role="region" tabindex="0" aria-label="{caption}">{table}</div></div></figure>'
    ).format(kind=kind, id=chart_id, title=title, svg=svg, legend=legend, caption=table.caption, table=render_table(table))


def _percent_width(value: float, scale: float) -> float:
    """A bar's width in percent; a non-zero value always shows as a sliver."""
    if value <= 0:
        return 0
    return round(max(100 * value / scale, 0.8), 3)


def _nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 × 10ⁿ at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude >= value:
                return step * magnitude
        magnitude *= 10


def _number(value: float) -> str:
    return f"{value:g}"
