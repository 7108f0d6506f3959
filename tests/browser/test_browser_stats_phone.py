"""/thong-ke/ read on a phone (320 and 390 px) as a citizen or an official opens it: nothing scrolls
sideways, no word of a figure, a table or a list is cut inside a syllable ("Ch ưa đạ t"), and every chart
label is drawn at 11 px or more on the screen, its viewBox scaling counted. Screenshots at 320, 390 and
1280 px are kept under test-artifacts/ (git-ignored) for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.axe import axe_violations
from tests.support.phone import BROKEN_WORDS, fits
from tthc.config import PROJECT_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.rendering]  # what the browser makes of it: SQLite only
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
PAGE = "/thong-ke/?ngay=2026-02-01"


# Each visible chart label: its size on the screen (font size times the SVG's scale) and its box.
CHART_LABELS = """() => [...document.querySelectorAll('svg.chart text')]
  .filter(t => t.getClientRects().length && getComputedStyle(t).display !== 'none')
  .map(t => {
    const m = t.getScreenCTM(), box = t.getBoundingClientRect();
    return {text: t.textContent, chart: [...document.querySelectorAll('svg.chart')].indexOf(t.closest('svg.chart')),
            px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b),
            left: box.left, right: box.right, top: box.top, bottom: box.bottom};
  })"""


def _overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            if a["chart"] != b["chart"]:
                continue
            overlap_x = a["left"] < b["right"] - 0.5 and b["left"] < a["right"] - 0.5
            overlap_y = a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5
            if overlap_x and overlap_y:
                pairs.append((a["text"], b["text"]))
    return pairs


def _screenshot(page, width: int) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"thong-ke-{width}px.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def _assert_reads_well(page, width: int) -> None:
    assert page.evaluate("window.innerWidth") == width
    assert fits(page), f"{width} px: the page scrolls sideways"
    broken = page.evaluate(BROKEN_WORDS, page.locator("main").element_handle())
    assert broken == [], f"{width} px: words cut across lines: {broken[:10]}"
    labels = page.evaluate(CHART_LABELS)
    assert len(labels) >= 8, labels  # both charts are there, with their labels
    small = [(label["text"], round(label["px"], 1)) for label in labels if label["px"] < 11]
    assert small == [], f"{width} px: chart labels under 11 px: {small}"
    assert _overlapping(labels) == [], f"{width} px: chart labels drawn over each other"


@pytest.mark.parametrize("width", [320, 390])
def test_statistics_read_on_a_phone(phone_page, live_server, stats_catalogue, width):  # noqa: F811
    phone_page.set_viewport_size({"width": width, "height": 800})
    phone_page.goto(live_server + PAGE)
    assert phone_page.get_by_role("heading", level=1).inner_text().startswith("Thống kê thủ tục hành chính")
    # The overview: each figure a card whose number stands on one line, wide enough to read.
    numbers = phone_page.locator(".figures dd").all()
    assert len(numbers) == 7
    for number in numbers:
        box = number.bounding_box()
        assert box is not None and box["width"] >= 60 and box["height"] < 60, box
    _assert_reads_well(phone_page, width)
    # The verdicts read whole ("Chưa đạt", never "Ch ưa đạ t").
    expect(phone_page.locator("td.verdict", has_text="Chưa đạt").first).to_be_visible()
    _screenshot(phone_page, width)
    # The list behind a figure reads on the same phone.
    phone_page.get_by_role("link", name="36").first.click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Thủ tục đang có hiệu lực", use_inner_text=True)
    phone_page.wait_for_load_state("load")  # measured once styled
    assert fits(phone_page)
    assert phone_page.evaluate(BROKEN_WORDS, phone_page.locator("main").element_handle()) == []


def test_statistics_on_a_desktop_screen(page, live_server, stats_catalogue):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server + PAGE)
    _assert_reads_well(page, 1280)
    _screenshot(page, 1280)


def test_the_statistics_page_passes_axe(axe_page, axe_script, live_server, stats_catalogue):  # noqa: F811
    """The cards, the row headers and the charts keep WCAG 2.1 AA (on a desktop screen and a phone)."""
    axe_page.goto(live_server + PAGE)
    assert axe_violations(axe_page, axe_script) == []
