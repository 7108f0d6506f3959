"""A citizen types in the home page's search box (browser journeys of search and life events)."""

from __future__ import annotations

SEARCH_LABEL = "Tìm thủ tục (tên, mã hoặc từ khóa; gõ có dấu hoặc không dấu)"


def type_on_home(page, live_server: str, text: str):
    """Open the home page, type `text` in its search box (the results as you type follow) and
    return the box, to press Enter on."""
    page.goto(live_server + "/")
    box = page.get_by_label(SEARCH_LABEL)
    box.fill(text)
    return box
