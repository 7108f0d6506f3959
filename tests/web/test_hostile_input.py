"""Bad input that gave 500s (issue 25, item 6): a search-log marker that is not a plain number, NUL
bytes on PostgreSQL, a synonym group id «²», deleting a draft that holds a form file. (Non-numeric
gridBefore/gridSpan in a Word upload: tests/web/test_hostile_word.py.) Each is answered at the door: a NUL
byte anywhere in the path, the query or the form is a 400, numbers are ASCII digits within bounds."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from tests.support.form_files import CODE, docx_bytes, draft_with_entry, upload
from tthc.models.decisions import Decision, FormFile
from tthc.models.search import SearchLog

# the fuzz of tests/web/test_fuzz_input.py and the browser cover CSRF
pytestmark = pytest.mark.app_config(WTF_CSRF_ENABLED=False)

AGENCY = "Sở Tư pháp"
BAD_NUMBERS = ["²", "٣", "9" * 25, "9" * 5000, "-1", "1e9", " ", "0x10"]


@pytest.mark.parametrize("marker", BAD_NUMBERS, ids=lambda m: repr(m[:12]))
def test_a_procedure_page_opened_from_search_takes_any_marker(demo, client, session, marker):
    response = client.get(f"/thu-tuc/{CODE}", query_string={"tk": marker})
    assert response.status_code == 200
    assert session.scalar(select(func.count()).select_from(SearchLog).where(SearchLog.opened.is_(True))) == 0


def test_a_real_marker_still_marks_the_search_opened(demo, client, session):
    # (the sample handles no birth: "khai sinh" answers that no procedure of the event is here)
    page = client.get("/tim-kiem", query_string={"q": "trợ giúp pháp lý"}).get_data(as_text=True)
    log_id = session.scalar(select(func.max(SearchLog.id)))
    token = re.search(rf"tk=({log_id}\.\w+)", page).group(1)  # as the search page signed it
    assert client.get(f"/thu-tuc/{CODE}", query_string={"tk": token}).status_code == 200
    session.expire_all()
    assert session.get(SearchLog, log_id).opened is True


@pytest.mark.parametrize(
    "method, url, options",
    [
        ("GET", f"/thu-tuc/{CODE}%00", {}),
        ("GET", "/thu-tuc/1.00\x001233", {}),
        ("GET", "/tim-kiem", {"query_string": {"q": "khai\x00sinh"}}),
        ("GET", "/tim-kiem", {"query_string": {"q\x00": "khai sinh"}}),
        ("GET", "/api/v1/procedures", {"query_string": {"q": "\x00"}}),
        ("POST", "/dang-nhap", {"data": {"username": "ad\x00min", "password": "mat-khau-an-toan-1"}}),
        ("POST", "/dang-nhap", {"data": {"username\x00": "admin", "password": "x"}}),
    ],
    ids=["path-escaped", "path-raw", "query-value", "query-key", "api-query", "login-name", "form-key"],
)
def test_a_nul_byte_anywhere_is_a_400_at_the_door(demo, client, method, url, options):
    response = client.open(url, method=method, **options)
    assert response.status_code == 400
    said = response.get_json()["message"] if response.is_json else response.get_data(as_text=True)
    assert "ký tự NUL" in said


@pytest.fixture
def drafter(demo, make_user, client, auth):
    make_user("soan", "drafter", AGENCY)
    auth.login("soan")
    return client


def test_a_nul_byte_in_an_uploaded_file_name_is_a_400(drafter):
    decision_id, entry_id = draft_with_entry(drafter)
    response = drafter.post(
        f"/soan-thao/{decision_id}/muc/{entry_id}/mau-don",
        data={"title": "Tờ khai", "file": (io.BytesIO(docx_bytes()), "to-khai\x00.exe.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400


def test_deleting_a_draft_that_holds_a_form_file_is_refused_with_a_reason(drafter, session):
    decision_id, entry_id = draft_with_entry(drafter)
    assert "Đã đính kèm" in upload(drafter, decision_id, entry_id, "to-khai.docx", docx_bytes()).get_data(as_text=True)
    response = drafter.post(f"/soan-thao/{decision_id}/xoa", data={"xac_nhan": "1"}, follow_redirects=True)
    assert response.status_code == 200
    assert "hãy rút dự thảo" in response.get_data(as_text=True)
    assert session.get(Decision, decision_id) is not None
    assert session.scalar(select(func.count(FormFile.id)).where(FormFile.decision_id == decision_id)) == 1


def test_a_draft_without_form_files_is_still_deleted(drafter, session):
    decision_id, _ = draft_with_entry(drafter)
    assert drafter.post(f"/soan-thao/{decision_id}/xoa", data={"xac_nhan": "1"}).status_code == 303
    assert session.get(Decision, decision_id) is None


@pytest.mark.parametrize("group_id", ["²", "٣", "9" * 25, "abc"])
def test_a_synonym_group_id_that_is_not_a_number_is_a_400(demo, make_user, client, auth, group_id):
    make_user("quantri", "admin")
    auth.login("quantri")
    response = client.post("/quan-tri/tim-kiem", data={"phrases": "khai sinh\ngiấy khai sinh", "group_id": group_id})
    assert response.status_code == 400


def test_a_text_past_its_column_is_one_line_from_the_cli_on_both_databases(demo, runner, tmp_path, session):
    """A decision number of 200 characters: PostgreSQL refused it with a DataError (a traceback),
    SQLite kept it; both now refuse it before the database, with one line."""
    import json

    before = session.scalar(select(func.count(Decision.id)))
    path = tmp_path / "qd.jsonl"
    flat = {
        "number": "2715/QĐ-UBND" + "-" * 200,
        "title": "Công bố thủ tục",
        "issuer": "UBND tỉnh",
        "entries": [{"action": "new", "name": "Thủ tục thử nghiệm", "level": "tinh"}],
    }
    path.write_text(json.dumps(flat, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(args=["decision", "import", str(path)])
    assert result.exit_code == 1
    assert "Số quyết định" in result.output and "80 ký tự" in result.output
    assert session.scalar(select(func.count(Decision.id))) == before


@pytest.mark.parametrize("page", ["٣", "²", "9" * 5000, "１"])
def test_page_numbers_are_ascii_digits(demo, client, page):
    assert client.get("/api/v1/procedures", query_string={"page": page}).status_code == 400
    assert client.get("/tim-kiem", query_string={"q": "khai sinh", "trang": page}).status_code == 200
