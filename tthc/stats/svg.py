"""Charts as inline SVG (no JavaScript): bars per centre with the target line, the online share over time.
Plain strings built from numbers and escaped names; each bar links to the list behind it.

The charts have no viewBox: positions across are percentages of the chart's width and heights are
pixels, so the chart takes the width of the screen while its text keeps the page's pixel size (a
viewBox scaled a 720-unit chart to a phone's 290 px and its 11-unit labels to 4–5 px)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

NAME_CHARS = 30  # a line of a centre's name: about 210 px at 13 px, inside a 320 px phone's 288 px
NAME_LINES = 3
LINE = 17  # px between lines of text (13 px type)


def _pct(value: float | None) -> float:
    return (value or 0) * 100


def _vn(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def name_lines(name: str, width: int = NAME_CHARS, most: int = NAME_LINES) -> list[str]:
    """The name cut into lines of whole words (SVG text does not wrap); the last line ends in "…"
    when the name is longer than `most` lines."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1].rstrip(",;") + " …"
    return lines


def centre_bars(centres: list[dict[str, Any]], link: Callable[[str], str]) -> str:
    """One horizontal bar per centre (share resolved on the spot, of the chart's width) under its name,
    a dashed line at its own target, and the share in words below."""
    if not centres:
        return ""
    rows: list[str] = []
    y = 0
    for centre in centres:
        share, target = _pct(centre["share"]), _pct(centre["target"])
        verdict = "đạt" if centre["met"] else "chưa đạt"
        # No share when the centre receives nothing: said so, never drawn as 0 %.
        value = "chưa có tỷ lệ" if centre["share"] is None else f"{_vn(share)}%"
        summary = escape(f"{centre['name']}: {value} (chỉ tiêu {target:.0f}%, {verdict})")
        for line in name_lines(centre["name"]):
            y += LINE
            rows.append(f'<text x="0" y="{y}" class="label">{escape(line)}</text>')
        bar_top = y + 8
        rows.append(
            f'<a href="{escape(link(centre["on_the_spot_key"]))}" aria-label="{summary}">'
            f'<rect x="0" y="{bar_top}" width="100%" height="18" class="track"/>'
            f'<rect x="0" y="{bar_top}" width="{min(share, 100):.1f}%" height="18" '
            f'class="bar {"met" if centre["met"] else "not-met"}"><title>{summary}</title></rect></a>'
            f'<line x1="{target:.1f}%" x2="{target:.1f}%" y1="{bar_top - 4}" y2="{bar_top + 22}" class="target"/>'
        )
        y = bar_top + 18 + LINE
        rows.append(f'<text x="0" y="{y}" class="value">{value} (chỉ tiêu {target:.0f}%): {verdict}</text>')
        y += 12
    return (
        # A group, not an image: its bars are links, and an image cannot hold focusable parts.
        f'<svg class="chart centres" role="group" width="100%" height="{y}" '
        f'aria-labelledby="bieu-do-tai-cho-tieu-de"><title id="bieu-do-tai-cho-tieu-de">Tỷ lệ giải quyết tại chỗ '
        f"theo trung tâm, so với chỉ tiêu</title>{''.join(rows)}</svg>"
    )


PLOT_LEFT, PLOT_RIGHT = 15.0, 91.0  # % of the width: the axis labels left, half a date label right


def online_line(history: list[dict[str, Any]]) -> str:
    """Two polylines (toàn trình, một phần) over the dates of the history. The lines are drawn in a
    nested SVG stretched to the plot area (so they follow the width); the labels stay in pixels. Every
    other date label sits on a second row on a narrow screen (stats.css), so neighbours never overlap."""
    if not history:
        return ""
    top, height = 10, 180
    bottom = top + height
    y = lambda pct: top + height - height * min(pct, 100) / 100  # noqa: E731
    step = (PLOT_RIGHT - PLOT_LEFT) / max(len(history) - 1, 1)
    x = lambda i: PLOT_LEFT + i * step  # noqa: E731
    parts = [
        f'<svg class="chart online" role="img" width="100%" height="{bottom + 2 * LINE + 14}" '
        f'aria-labelledby="bieu-do-truc-tuyen-tieu-de"><title id="bieu-do-truc-tuyen-tieu-de">Tỷ lệ dịch vụ công '
        f"trực tuyến theo thời gian</title>"
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{PLOT_LEFT}%" x2="{PLOT_RIGHT}%" y1="{y(tick):.1f}" y2="{y(tick):.1f}" class="grid"/>'
            f'<text x="{PLOT_LEFT - 1.5}%" y="{y(tick) + 4:.1f}" text-anchor="end" class="tick">{tick} %</text>'
        )
    parts.append(
        f'<svg x="{PLOT_LEFT}%" y="{top}" width="{PLOT_RIGHT - PLOT_LEFT}%" height="{height}" '
        f'viewBox="0 0 100 100" preserveAspectRatio="none" overflow="visible">'
    )
    span = max(len(history) - 1, 1)
    for series, css in (("full_share", "full"), ("partial_share", "partial")):
        points = " ".join(f"{100 * i / span:.2f},{100 - min(_pct(p[series]), 100):.2f}" for i, p in enumerate(history))
        parts.append(f'<polyline points="{points}" class="line {css}" vector-effect="non-scaling-stroke"/>')
    parts.append("</svg>")
    last = len(history) - 1
    for i, point in enumerate(history):
        row = "odd" if (last - i) % 2 else "even"  # the date itself (last) always on the first row
        year, month = point["date"][:4], point["date"][5:7]
        parts.append(
            f'<text x="{x(i):.2f}%" y="{bottom + LINE + 5}" text-anchor="middle" class="label {row}">'
            f"{escape(month)}/{escape(year)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
