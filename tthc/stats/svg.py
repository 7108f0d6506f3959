"""Charts as inline SVG (no JavaScript): bars per centre with the target line, the online share over time.
Plain strings built from numbers and escaped names; each bar links to the list behind it."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any


def _pct(value: float | None) -> float:
    return (value or 0) * 100


def centre_bars(centres: list[dict[str, Any]], link: Callable[[str], str]) -> str:
    """One bar per centre (share resolved on the spot) and a dashed line at its own target."""
    if not centres:
        return ""
    bar, gap, left, top, height = 56, 28, 44, 16, 200
    width = left + len(centres) * (bar + gap) + gap
    y = lambda pct: top + height - height * min(pct, 100) / 100  # noqa: E731
    parts = [
        # A group, not an image: its bars are links, and an image cannot hold focusable parts.
        f'<svg class="chart" role="group" viewBox="0 0 {width} {top + height + 70}" width="100%" '
        f'aria-labelledby="bieu-do-tai-cho-tieu-de"><title id="bieu-do-tai-cho-tieu-de">Tỷ lệ giải quyết tại chỗ '
        f'theo trung tâm, so với chỉ tiêu</title>'
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{left}" x2="{width}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}%</text>'
        )
    for i, centre in enumerate(centres):
        x = left + gap + i * (bar + gap)
        share, target = _pct(centre["share"]), _pct(centre["target"])
        verdict = "đạt" if centre["met"] else "chưa đạt"
        summary = f'{escape(centre["name"])}: {share:.1f}% (chỉ tiêu {target:.0f}%, {verdict})'
        parts.append(
            f'<a href="{escape(link(centre["on_the_spot_key"]))}" aria-label="{summary}">'
            f'<rect x="{x}" y="{y(share):.1f}" width="{bar}" '
            f'height="{top + height - y(share):.1f}" class="bar {"met" if centre["met"] else "not-met"}">'
            f'<title>{summary}</title></rect></a>'
            f'<line x1="{x - 8}" x2="{x + bar + 8}" y1="{y(target):.1f}" y2="{y(target):.1f}" class="target"/>'
            f'<text x="{x + bar / 2}" y="{y(share) - 4:.1f}" text-anchor="middle">{share:.1f}%</text>'
            f'<text x="{x + bar / 2}" y="{top + height + 16}" text-anchor="middle" class="label">'
            f'{escape(_short(centre["name"]))}</text>'
            f'<text x="{x + bar / 2}" y="{top + height + 32}" text-anchor="middle" class="label">'
            f'chỉ tiêu {target:.0f}%</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _short(name: str, limit: int = 14) -> str:
    words = name.replace("Trung tâm Phục vụ hành chính công", "TTPVHCC")
    return words if len(words) <= limit else words[: limit - 1] + "…"


def online_line(history: list[dict[str, Any]]) -> str:
    """Two polylines (toàn trình, một phần) over the dates of the history."""
    if not history:
        return ""
    left, top, width, height = 44, 16, 520, 180
    step = width / max(len(history) - 1, 1)
    y = lambda pct: top + height - height * min(pct, 100) / 100  # noqa: E731
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {left + width + 20} {top + height + 40}" width="100%" '
        f'aria-labelledby="bieu-do-truc-tuyen-tieu-de"><title id="bieu-do-truc-tuyen-tieu-de">Tỷ lệ dịch vụ công '
        f'trực tuyến theo thời gian</title>'
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{left}" x2="{left + width}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}%</text>'
        )
    for series, css in (("full_share", "full"), ("partial_share", "partial")):
        points = " ".join(f"{left + i * step:.1f},{y(_pct(p[series])):.1f}" for i, p in enumerate(history))
        parts.append(f'<polyline points="{points}" class="line {css}"/>')
    for i, point in enumerate(history):
        parts.append(
            f'<text x="{left + i * step:.1f}" y="{top + height + 16}" text-anchor="middle" class="label">'
            f'{escape(point["date"][:7])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
