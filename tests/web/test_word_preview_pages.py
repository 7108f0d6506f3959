"""The Word/PDF preview a page at a time (issue 24, item 2): a 300-entry annex with its Phần II was 2.2 MB of
HTML on one page; now every page of its preview is under 300 KB, the doubts stay atop every page with their
counts and links to their entries' pages, a fix made on any page is kept on the job (no hidden form carries
it), and one confirmation makes the draft of the whole decision with every fix."""

from __future__ import annotations

import html
import io
import re

import pytest
from sqlalchemy import select

from tests.support.word import BIG_DOUBTED, big_annex, preview_form, preview_urls, word_decision
from tthc.models.decisions import Decision
from tthc.models.import_jobs import ImportJob

# The file is built once per process (tests/support/word.py); the page-size walk on the large catalogue
# previews the same read, so both run in that test's process.
pytestmark = [pytest.mark.app_config(WTF_CSRF_ENABLED=False), pytest.mark.xdist_group("large_catalogue")]

LIMIT = 300 * 1024
DOUBTFUL = BIG_DOUBTED  # rows printing a malformed code: the reader doubts them
NEXT = re.compile(r'<a rel="next" href="([^"]+)"')


@pytest.fixture
def drafter(demo, make_user, client, auth):
    make_user("soan", "drafter", "Sở Tư pháp")
    auth.login("soan")
    return client


def _upload(client, data: bytes) -> str:
    """The preview's address (a small .docx is read in the request, the read kept on its job)."""
    response = client.post(
        "/soan-thao/word/", data={"file": (io.BytesIO(data), "2715_QĐ-UBND.docx")}, content_type="multipart/form-data"
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return response.headers["Location"]


def _entries(page: str) -> list[int]:
    """The 1-based numbers of the entries the page shows."""
    return [int(n) for n in re.findall(r'<section class="word-entry" id="muc-(\d+)"', page)]


def _get(client, url: str) -> str:
    response = client.get(html.unescape(url))
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_a_300_entry_annex_is_previewed_in_pages_under_300_kb_and_fixes_on_two_pages_reach_the_draft(
    drafter, session_factory
):
    preview = _upload(drafter, big_annex(300, True, DOUBTFUL))
    pages, url, seen = [], preview, []
    while url:  # every page, by its «Trang sau» link
        page = _get(drafter, url)
        assert len(page.encode()) < LIMIT, f"{url}: {len(page.encode()) // 1024} KB"
        # the doubts atop every page, counted, each linking to the page that shows its entry
        assert "Mục có nghi vấn (3)" in page and "3 mục có nghi vấn" in page
        assert all(f"#muc-{n + 1}" in page for n in DOUBTFUL)
        pages.append(page)
        seen += _entries(page)
        url = (NEXT.search(page) or [None, None])[1]
    assert seen == list(range(1, 301)) and len(pages) >= 10  # every entry once, on pages of at most 20
    assert "Nội dung cụ thể lấy từ Phần II" in pages[-1]
    # the doubtful entries alone, as the filter shows them
    only = _get(drafter, f"{preview}?loc=nghi-van")
    assert _entries(only) == [n + 1 for n in DOUBTFUL] and "Xem tất cả 300 mục" in only

    # Page 1: a field fixed, then on to page 2 (the button «Lưu và sang trang sau» or a caught link).
    first, second = pages[0], pages[1]
    save, confirm = preview_urls(first)
    page_two = html.unescape(NEXT.search(first).group(1))
    moved = drafter.post(
        save, data={**preview_form(first), "entry-0-name": "Cấp giấy phép thử nghiệm (tên đã sửa)", "sang": page_two}
    )
    assert moved.status_code == 303 and moved.headers["Location"] == page_two
    # Page 2: an action fixed, then on to page 3 with nothing else sent.
    target = _entries(second)[3] - 1
    page_three = html.unescape(NEXT.search(second).group(1))
    fixes = {**preview_form(second), f"entry-{target}-action": "abolished", "sang": page_three}
    assert drafter.post(save, data=fixes).headers["Location"] == page_three
    # Back on page 1 and page 2, the fixes show; nothing of a draft exists yet.
    again = _get(drafter, preview)
    assert "Cấp giấy phép thử nghiệm (tên đã sửa)</textarea>" in again and "Đã lưu sửa đổi ở 2 mục" in again
    assert '<option value="abolished" selected>' in _get(drafter, page_two)
    with session_factory() as session:
        assert session.scalar(select(Decision).where(Decision.number == "123/QĐ-UBND")) is None
        job = session.get(ImportJob, int(preview.rstrip("/").split("/")[-1]))
        assert job.status == "kept" and job.fixes == {
            "entry-0-name": "Cấp giấy phép thử nghiệm (tên đã sửa)",
            f"entry-{target}-action": "abolished",
        }

    # Confirmed once, from page 3 (its own fields untouched): the draft of all 300 with both fixes.
    third = _get(drafter, page_three)
    assert preview_urls(third)[1] == confirm
    done = drafter.post(confirm, data=preview_form(third))
    assert done.status_code == 303
    with session_factory() as session:
        decision = session.scalar(select(Decision).where(Decision.number == "123/QĐ-UBND"))
        entries = sorted(decision.entries, key=lambda e: e.position)
        assert len(entries) == 300
        assert entries[0].record["name"] == "Cấp giấy phép thử nghiệm (tên đã sửa)"
        assert entries[target].action == "abolished" and entries[target + 1].action == "new"
        assert entries[5].record["steps"][0] == "Bước 1: Nộp hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh."
        assert session.get(ImportJob, job.id).result is None  # the read goes once confirmed
    assert drafter.get(preview).headers["Location"].endswith(f"/soan-thao/{decision.id}")


def test_a_page_saves_only_what_it_changed_and_keeps_the_other_pages_fixes(drafter, session_factory):
    """A field sent as read drops its fix; a box unticked on the page it shows is kept in; a page never
    touches another page's fixes; a field the catalogue cannot take (an unknown action) is not kept."""
    preview = _upload(drafter, word_decision(number="2715/QĐ-UBND"))
    page = _get(drafter, preview)
    save = preview_urls(page)[0]
    form = preview_form(page)
    drafter.post(save, data={**form, "entry-0-place": "Bộ phận Một cửa Sở Tư pháp", "entry-1-skip": "1"})
    drafter.post(save, data={"entries_shown": "0", "entry-0-action": "bien-mat", "heading-signer": "Lê Đức Tiến"})
    job_id = int(preview.rstrip("/").split("/")[-1])
    with session_factory() as session:
        assert session.get(ImportJob, job_id).fixes == {
            "entry-0-place": "Bộ phận Một cửa Sở Tư pháp",
            "entry-1-skip": "1",  # entry 1 was not on the second post's page: its box stays ticked
            "heading-signer": "Lê Đức Tiến",
        }
    shown = preview_form(_get(drafter, preview))  # the page again, showing the fixes
    assert shown["entry-0-place"] == "Bộ phận Một cửa Sở Tư pháp" and shown["heading-signer"] == "Lê Đức Tiến"
    drafter.post(save, data={**shown, "entry-0-place": form["entry-0-place"]})  # back as read; the box unticked
    with session_factory() as session:
        assert session.get(ImportJob, job_id).fixes == {"heading-signer": "Lê Đức Tiến"}
    assert 'value="Lê Đức Tiến"' in _get(drafter, preview)
