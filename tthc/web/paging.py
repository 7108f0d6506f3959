"""One way to cut a long list into pages: `?trang=` read the same everywhere, the slice to show, and the
links of tthc/templates/_pager.html (the catalogue list, decision pages and diffs, lists between two dates
and behind a statistic, a point's procedures and re-post lists, a draft's entries and listings, the agency
register)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import request

from .caching import etag_inputs

MAX_PAGE = 10_000  # beyond any list of the catalogue; keeps a hostile ?trang= from building huge slices


def page_number(raw: str | None) -> int:
    try:
        return max(1, min(MAX_PAGE, int(raw or 1)))
    except ValueError:
        return 1


@dataclass(frozen=True)
class Page:
    number: int  # 1-based, within 1..pages
    pages: int
    total: int
    start: int  # the items shown: [start, stop)
    stop: int
    url: Callable[[int], str]  # the address of page n
    bounds: tuple[int, ...] = ()  # where each page starts, then the total

    def page_of(self, index: int) -> int:
        """The page that shows the item at 0-based `index` (a link to an entry on another page)."""
        return max(1, min(self.pages, bisect_right(self.bounds, index))) if self.bounds else 1

    @property
    def items(self) -> slice:
        return slice(self.start, self.stop)

    @property
    def first(self) -> int:
        """The 1-based position of the first item shown (for <ol start> and "mục 51–100")."""
        return min(self.total, self.start + 1)

    @property
    def last(self) -> int:
        return self.stop

    @property
    def several(self) -> bool:
        return self.pages > 1


def _page_urls(param: str, anchor: str) -> Callable[[int], str]:
    """Links to the other pages keep the request's other arguments: on a cached page only those its ETag
    names (tthc.web.caching.etag_inputs), so the page shows nothing its tag does not say."""
    named = etag_inputs()
    if named is None:
        base = {k: v[:200] for k, v in request.args.items() if k != param}
    else:
        base = {k: request.args[k][:200] for k in named if k != param and request.args.get(k)}

    def url(n: int) -> str:
        args = {**base, **({param: str(n)} if n > 1 else {})}
        return f"{request.path}{'?' + urlencode(args) if args else ''}{anchor}"

    return url


def _page(bounds: list[int], total: int, param: str, anchor: str) -> Page:
    """`bounds`: where each page starts, then `total`."""
    pages = max(1, len(bounds) - 1)
    number = min(page_number(request.args.get(param)), pages)
    start, stop = (bounds[number - 1], bounds[number]) if len(bounds) > 1 else (0, 0)
    return Page(number, pages, total, start, stop, _page_urls(param, anchor), tuple(bounds))


def paginate(total: int, per_page: int, param: str = "trang", anchor: str = "") -> Page:
    """The page `?<param>=` asks for (clamped), its links keeping the request's other parameters."""
    return _page([*range(0, total, per_page), total], total, param, anchor)


def paginate_by_weight(weights: list[int], budget: int, most: int, param: str = "trang", anchor: str = "") -> Page:
    """Pages of items of very different sizes (a decision's entries: a few lines to 70 KB of content):
    each page holds as many items as fit in `budget` (at least one, at most `most`)."""
    bounds, weight = [0], 0
    for index, item_weight in enumerate(weights):
        if index > bounds[-1] and (weight + item_weight > budget or index - bounds[-1] >= most):
            bounds.append(index)
            weight = 0
        weight += item_weight
    return _page([*bounds, len(weights)] if weights else [0], len(weights), param, anchor)


def paginate_groups(
    groups: list[dict[str, Any]], keys: tuple[str, ...], per_page: int, param: str = "trang", anchor: str = ""
) -> tuple[Page, list[dict[str, Any]]]:
    """Lists inside groups paged as one list (a list decision's gains and losses at each service point):
    the page, and each group with a part on it, its lists cut to that part and their whole lengths in
    `totals`."""
    page = paginate(sum(len(group[key]) for group in groups for key in keys), per_page, param, anchor)
    shown, offset = [], 0
    for group in groups:
        part: dict[str, Any] = {**group, "totals": {key: len(group[key]) for key in keys}}
        for key in keys:
            items = group[key]
            low, high = max(page.start - offset, 0), min(page.stop - offset, len(items))
            part[key] = items[low:high] if low < high else []
            offset += len(items)
        if any(part[key] for key in keys):
            shown.append(part)
    return page, shown
