"""Charts drawn on the server as SVG: bars, a line, progress against time elapsed.

Each function returns SVG markup (safe to put in a page or a PDF template) that keeps
within the Content Security Policy: no script, no <style>, no style attribute (colours are
presentation attributes). Every chart has a <title> and <desc> for screen readers, and
every bar or point carries its figure as text, so the chart says what the table beside it
says (tests/core/test_charts.py reads the figures back). The table is the page's job:
`{% include "core/_chart.html" %}` puts one beside each chart.

Money and counts are given as Decimal or int and printed as given (pence exact), never
through floating point; only the geometry is computed in floats.
"""

import itertools
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH = 640
FONT = 'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"'
COLOURS = ["#b0171f", "#1f4e79", "#4d7c0f", "#7c3aed", "#8a5a00"]  # contrast >= 4.5:1 on white
GREY = "#595959"
_ids = itertools.count(1)


@dataclass
class Chart:
    """A chart and the table beside it: `templates/_chart.html` shows both."""

    svg: str
    caption: str
    header: list
    rows: list  # [[cell, ...]]: the figures as text, exactly as the chart writes them


def figure(value, unit=""):
    """A figure as the table shows it: £1,234.50 for money, 1,234 for counts."""
    if unit == "£":
        value = Decimal(value)
        sign = "−" if value < 0 else ""
        return f"{sign}£{abs(value):,.2f}"
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    return f"{value:,}" + (f" {unit}" if unit else "")


def _head(width, height, title, desc):
    n = next(_ids)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="chart{n}-t chart{n}-d" {FONT} '
        f'font-size="12"><title id="chart{n}-t">{escape(title)}</title>'
        f'<desc id="chart{n}-d">{escape(desc)}</desc>'
    )


def _scale(values):
    top = max([abs(float(v)) for v in values] + [0.0])
    return top or 1.0


def bar_chart(*, title, categories, series, unit="£"):
    """Grouped horizontal bars: `series` is [(name, [value per category])]."""
    rows = len(categories)
    bar, gap = 14, 10
    group = bar * len(series) + gap
    label_w, value_w = 210, 110
    plot_w = WIDTH - label_w - value_w
    legend_h = 22
    height = legend_h + rows * group + 10
    top = _scale([v for _, values in series for v in values])
    desc = "; ".join(
        f"{cat}: " + ", ".join(f"{name} {figure(values[i], unit)}" for name, values in series)
        for i, cat in enumerate(categories)
    )
    parts = [_head(WIDTH, height, title, desc)]
    for k, (name, _) in enumerate(series):
        x = label_w + k * 150
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{COLOURS[k % len(COLOURS)]}"/>')
        parts.append(f'<text x="{x + 16}" y="14" fill="#111">{escape(name)}</text>')
    for i, cat in enumerate(categories):
        y0 = legend_h + i * group
        parts.append(
            f'<text x="{label_w - 6}" y="{y0 + bar * len(series) / 2 + 4:.1f}" text-anchor="end" '
            f'fill="#111">{escape(_short(cat))}</text>'
        )
        for k, (name, values) in enumerate(series):
            value = values[i]
            w = max(abs(float(value)) / top * plot_w, 1 if value else 0)
            y = y0 + k * bar
            parts.append(
                f'<rect class="bar" x="{label_w}" y="{y}" width="{w:.1f}" height="{bar - 2}" '
                f'fill="{COLOURS[k % len(COLOURS)]}"><title>{escape(cat)}, {escape(name)}: '
                f"{escape(figure(value, unit))}</title></rect>"
            )
            parts.append(
                f'<text class="figure" x="{label_w + w + 4:.1f}" y="{y + bar - 4}" font-size="11" '
                f'fill="#111">{escape(figure(value, unit))}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def line_chart(*, title, labels, values, unit="£"):
    """One line through `values` (one per label), with each point's figure written beside it."""
    height, left, right, top_m, bottom = 260, 70, 20, 20, 40
    plot_w, plot_h = WIDTH - left - right, height - top_m - bottom
    floats = [float(v) for v in values]
    low, high = min(floats + [0.0]), max(floats + [0.0])
    span = (high - low) or 1.0
    step = plot_w / max(len(values) - 1, 1)

    def y_of(v):
        return top_m + plot_h - (float(v) - low) / span * plot_h

    desc = "; ".join(f"{label}: {figure(v, unit)}" for label, v in zip(labels, values, strict=True))
    parts = [_head(WIDTH, height, title, desc)]
    zero = y_of(0)
    parts.append(f'<line x1="{left}" y1="{zero:.1f}" x2="{WIDTH - right}" y2="{zero:.1f}" stroke="{GREY}"/>')
    points = " ".join(f"{left + i * step:.1f},{y_of(v):.1f}" for i, v in enumerate(values))
    parts.append(f'<polyline points="{points}" fill="none" stroke="{COLOURS[1]}" stroke-width="2"/>')
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        x, y = left + i * step, y_of(v)
        parts.append(
            f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{COLOURS[1]}">'
            f"<title>{escape(label)}: {escape(figure(v, unit))}</title></circle>"
        )
        parts.append(
            f'<text class="figure" x="{x:.1f}" y="{y - 7:.1f}" text-anchor="middle" font-size="9" '
            f'fill="#111">{escape(figure(v, unit))}</text>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="10" '
            f'fill="#111">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def column_chart(*, title, labels, values, unit=""):
    """Vertical columns, one per label (events per month), each with its figure on top."""
    height, left, bottom, top_m = 200, 20, 30, 20
    plot_h = height - bottom - top_m
    step = (WIDTH - 2 * left) / max(len(values), 1)
    top = _scale(values)
    desc = "; ".join(f"{label}: {figure(v, unit)}" for label, v in zip(labels, values, strict=True))
    parts = [_head(WIDTH, height, title, desc)]
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        h = float(v) / top * plot_h
        x = left + i * step + step * 0.15
        y = top_m + plot_h - h
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
            f'fill="{COLOURS[0]}"><title>{escape(label)}: {escape(figure(v, unit))}</title></rect>'
        )
        parts.append(
            f'<text class="figure" x="{x + step * 0.35:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
            f'fill="#111">{escape(figure(v, unit))}</text>'
        )
        parts.append(
            f'<text x="{x + step * 0.35:.1f}" y="{height - 10}" text-anchor="middle" font-size="11" '
            f'fill="#111">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def progress_chart(*, title, rows):
    """Progress bars against time elapsed: `rows` is [(label, done %, time elapsed %)] with
    the percentages as whole numbers. The bar is the share achieved, the dark tick how much
    of the time has gone: a bar short of its tick is behind."""
    bar, gap, label_w, value_w = 16, 12, 230, 150
    plot_w = WIDTH - label_w - value_w
    height = len(rows) * (bar + gap) + 10
    desc = "; ".join(f"{label}: {done}% done, {elapsed}% of the time gone" for label, done, elapsed in rows)
    parts = [_head(WIDTH, height, title, desc)]
    for i, (label, done, elapsed) in enumerate(rows):
        y = 5 + i * (bar + gap)
        w = min(done, 100) / 100 * plot_w
        tick = label_w + min(elapsed, 100) / 100 * plot_w
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar - 4}" text-anchor="end" fill="#111">'
            f"{escape(_short(label))}</text>"
        )
        parts.append(f'<rect x="{label_w}" y="{y}" width="{plot_w}" height="{bar}" fill="#e5e5e5"/>')
        colour = COLOURS[2] if done >= elapsed else COLOURS[0]
        parts.append(
            f'<rect class="bar" x="{label_w}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colour}">'
            f"<title>{escape(label)}: {done}% done, {elapsed}% of the time gone</title></rect>"
        )
        parts.append(
            f'<line x1="{tick:.1f}" y1="{y - 3}" x2="{tick:.1f}" y2="{y + bar + 3}" stroke="#111" '
            'stroke-width="2"/>'
        )
        parts.append(
            f'<text class="figure" x="{label_w + plot_w + 6}" y="{y + bar - 4}" font-size="11" fill="#111">'
            f"{done}% done · {elapsed}% time</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _short(text, most=32):
    return text if len(text) <= most else text[: most - 1] + "…"
