"""Layout checks run in a phone-sized page: words broken mid-letter, content wider than the screen."""

from __future__ import annotations

# Words (split at spaces, hyphens and slashes, where a line may break) whose parts land on two lines.
BROKEN_WORDS = """root => {
  const broken = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!parent || parent.closest('svg') || !parent.getClientRects().length) continue;
    for (const m of node.data.matchAll(/[^\\s\\-\\/]+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.bottom)));
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""


FITS = (
    "document.documentElement.scrollWidth <= window.innerWidth && "
    "[...document.querySelectorAll('.table-scroll')].every(t => t.scrollWidth <= t.clientWidth)"
)


def fits(page) -> bool:
    """No sideways scroll (FITS) on the page as styled: a page reached by a click or a form may be in the DOM
    before its stylesheet applies (a busy machine measured 396 px at 360), so the load event comes first."""
    page.wait_for_load_state("load")
    return page.evaluate(FITS)


PHONE = {"User-Agent": "Mozilla/5.0 (Linux; Android 14; SM-A155F) Mobile"}  # a phone's browser, as a header
