"""A procedure's form files: the API lists those the page links (one view-model, tthc.procedure_view)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from tests.support.form_files import CODE, docx_bytes, draft_with_entry, upload
from tthc.catalogue.apply import apply_decision
from tthc.db import transaction
from tthc.models.decisions import Decision

pytestmark = pytest.mark.app_config(WTF_CSRF_ENABLED=False)  # CSRF is not what is tested here


def test_the_api_lists_the_form_files_the_page_links(demo, make_user, client, auth, app):
    make_user("soan", "drafter", "Sở Tư pháp")
    auth.login("soan")
    decision_id, entry_id = draft_with_entry(client)
    upload(client, decision_id, entry_id, "To khai.docx", docx_bytes(), "Tờ khai đăng ký hộ tịch")
    with transaction(demo) as session:  # signed and applied today (the workflow is tested elsewhere)
        decision = session.get(Decision, decision_id)
        decision.status, decision.number = "signed", "56/QĐ-UBND"
        decision.signed_date = decision.effective_date = dt.date.today()
        for entry in decision.entries:
            entry.record = {"forms": ["Tờ khai theo mẫu đính kèm"]}
        session.flush()
        apply_decision(session, decision, actor="test")
    public = app.test_client()
    [form] = public.get(f"/api/v1/procedures/{CODE}").get_json()["form_files"]
    assert (form["title"], form["filename"], form["extension"]) == ("Tờ khai đăng ký hộ tịch", "To-khai.docx", "docx")
    assert form["size"] > 0 and re.search(r"/mau-don/\d+/To-khai\.docx$", form["url"])
    page = html.unescape(public.get(f"/thu-tuc/{CODE}").get_data(as_text=True))
    path = form["url"][form["url"].index("/mau-don/") :]
    assert f'href="{path}"' in page and form["title"] in page
    assert public.get(path).data[:2] == b"PK"
    # Before the decision, the version then in force had no file: neither door shows one.
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert public.get(f"/api/v1/procedures/{CODE}?ngay={yesterday}").get_json()["form_files"] == []
    assert "/mau-don/" not in public.get(f"/thu-tuc/{CODE}?ngay={yesterday}").get_data(as_text=True)
