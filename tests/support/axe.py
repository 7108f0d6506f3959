"""axe-core in a real browser: the script, a page on a desktop and on a phone screen (the `axe_page` fixture),
WCAG 2.1 AA violations as lines."""

from __future__ import annotations

import pytest

from tthc.config import PROJECT_ROOT

AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"


WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def axe_script():
    if not AXE_SCRIPT.exists():
        pytest.fail("axe-core is not installed: run ./scripts/setup.sh test (npm ci)")
    return AXE_SCRIPT


VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {
        "viewport": {"width": 360, "height": 740},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}


@pytest.fixture(params=list(VIEWPORTS))
def axe_page(request, browser):
    """A page, on a desktop screen and on a phone's, whose context lets Playwright inject axe-core: the
    site's CSP (rightly) forbids inline scripts, and add_script_tag inserts the file's text inline."""
    context = browser.new_context(locale="vi-VN", bypass_csp=True, **VIEWPORTS[request.param])
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def axe_violations(page, axe_script) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line per rule and element."""
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate(
        """async (tags) => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ' — ' + n.failureSummary.replace(/\\s+/g, ' '))}));
    }""",
        WCAG_21_AA,
    )
    return [f"{v['id']} ({v['help']}): {node}" for v in result for node in v["nodes"]]
