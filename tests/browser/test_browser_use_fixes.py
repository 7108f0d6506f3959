"""Smaller things found when officials and citizens used the site (issue 24, item 10), in the browser:
the catalogue list's filters (e), the account form's error (f), the administrators' door (g) and the
review page's count of open comments (h)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.support.review import load, make_draft, user
from tthc.catalogue.apply import apply_decision
from tthc.db import transaction
from tthc.decisions import workflow
from tthc.models.decisions import Decision

pytestmark = pytest.mark.browser

UNLEVELLED = "Đăng ký hoạt động cơ sở trợ giúp xã hội ngoài công lập"


def _procedure_without_level(factory) -> None:
    """A procedure in force that records no level and no sector (as some imported ones do)."""
    decision_id = make_draft(factory, [{"action": "new", "code": "2.002999", "name": UNLEVELLED}])
    with transaction(factory) as session:
        decision = session.get(Decision, decision_id)
        decision.status, decision.number = "signed", "2716/QĐ-UBND"
        decision.signed_date = decision.effective_date = dt.date.today()
        session.flush()
        apply_decision(session, decision, actor="test")


# --- e. the catalogue list filters by level and sector, and reaches procedures without either -------
def test_a_citizen_filters_the_catalogue_by_level_and_finds_those_without_one(phone_page, live_server, demo):
    _procedure_without_level(demo)
    page = phone_page
    page.goto(f"{live_server}/")
    page.get_by_role("link", name="Chưa xác định cấp thực hiện").click()
    expect(page.get_by_role("link", name=UNLEVELLED)).to_be_visible()
    assert page.get_by_label("Cấp thực hiện").input_value() == "chua-xac-dinh"

    page.get_by_label("Cấp thực hiện").select_option(label="Cấp xã")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("h2", has_text="Cấp xã")).to_be_visible()
    assert page.locator("section.level h2").all_inner_texts() == ["Cấp xã"]
    options = page.get_by_label("Lĩnh vực").locator("option").all_inner_texts()
    assert "Chưa xác định lĩnh vực" in options
    sector = page.locator("section.level h3").first.inner_text().rsplit(" (", 1)[0]  # a sector of Cấp xã
    page.get_by_label("Lĩnh vực").select_option(label=sector)
    page.get_by_role("button", name="Lọc").click()
    assert page.get_by_label("Cấp thực hiện").input_value() == "xa"
    assert page.get_by_label("Lĩnh vực").input_value() == sector
    assert [h.rsplit(" (", 1)[0] for h in page.locator("section.level h3").all_inner_texts()] == [sector]
    page.wait_for_load_state("load")  # measured once styled
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


# --- f. a web error speaks of the form, not of the command line ------------------------------------
def test_creating_a_drafter_without_an_agency_says_so_in_the_forms_words(page, live_server, make_user, browser_auth):
    make_user("quan-tri", "admin")
    browser_auth.login("quan-tri")
    page.goto(f"{live_server}/quan-tri/tai-khoan")
    page.locator("#username").fill("soan-tu-phap")
    page.locator("#role").select_option("drafter")
    page.locator("#password").fill("mat-khau-an-toan-1")
    page.get_by_role("button", name="Tạo tài khoản").click()
    error = page.get_by_text("Cán bộ soạn thảo phải thuộc một cơ quan")
    expect(error).to_be_visible()
    assert "--agency" not in page.content()


# --- g. /quan-tri/ is the administrators' door ------------------------------------------------------
def test_the_administrators_door_opens(page, live_server, make_user, browser_auth):
    make_user("quan-tri", "admin")
    browser_auth.login("quan-tri")
    response = page.goto(f"{live_server}/quan-tri/")
    assert response is not None and response.status == 200
    page.wait_for_url(re.compile(re.escape("/quan-tri/tai-khoan") + "$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


# --- h. the note that sent a draft back is not an open comment -------------------------------------
def test_the_request_for_changes_note_is_not_counted_as_an_open_comment(
    page, live_server, demo, make_user, browser_auth
):
    make_user("soan", "drafter", "Sở Tư pháp")
    make_user("tham", "reviewer")
    did = make_draft(
        demo, [{"action": "amended", "code": "2.000587", "applicants": "Cộng tác viên mới"}], created_by="soan"
    )
    with transaction(demo) as session:
        workflow.submit(session, load(session, did), user(session, "soan"))
    with transaction(demo) as session:
        workflow.request_changes(
            session, load(session, did), user(session, "tham"), "Bổ sung căn cứ pháp lý cho mục 1."
        )
    browser_auth.login("soan")
    page.goto(f"{live_server}/tham-dinh/{did}")
    expect(page.get_by_text("Bổ sung căn cứ pháp lý cho mục 1.")).to_be_visible()
    expect(page.locator("#gop-y-tieu-de")).to_have_text("Góp ý (0 chưa giải quyết)")
