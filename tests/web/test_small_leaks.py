"""Issue 25, item 11: small leaks and levers. Public history tags that move when a draft is edited,
anonymous `?tk=` marking search-log rows, no per-account cap on background jobs, a small Word file
hiding 46 MB of XML parsed in the request, and no request budget on search and the API."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile

import pytest
from sqlalchemy import select

from tests.support.auth import csrf_token
from tests.support.review import load, make_draft
from tthc import create_app
from tthc.db import transaction
from tthc.decisions import import_jobs
from tthc.models.search import SearchLog

PROCEDURE = "/thu-tuc/2.000587"  # a procedure of the shipped sample (Sở Tư pháp)


# --- public history tags ---------------------------------------------------------------------------------
def test_editing_a_draft_does_not_move_the_public_history_tags(client, demo):
    draft_id = make_draft(demo, [{"action": "amended", "code": "2.000587", "applicants": "Luật sư"}])
    before = {url: client.get(url).headers["ETag"] for url in ("/quyet-dinh/", "/thay-doi/")}
    time.sleep(1.1)  # updated_at has second precision on some databases
    with transaction(demo) as session:
        load(session, draft_id).title = "Dự thảo đã sửa tên lúc 22 giờ"
    after = {url: client.get(url).headers["ETag"] for url in ("/quyet-dinh/", "/thay-doi/")}
    assert after == before


# --- ?tk= on result links ------------------------------------------------------------------------------------
def opened(session_factory) -> list[bool]:
    with session_factory() as session:
        return list(session.scalars(select(SearchLog.opened).order_by(SearchLog.id)))


def test_only_a_link_the_search_page_made_marks_its_row_opened(client, demo, session_factory):
    page = client.get("/tim-kiem?q=nuôi+con+nuôi").get_data(as_text=True)
    with session_factory() as session:
        log_id = session.scalar(select(SearchLog.id))
    anonymous = client.application.test_client()
    for forged in (str(log_id), f"{log_id}.0123456789abcdef0123", f"{log_id}."):
        assert anonymous.get(f"{PROCEDURE}?tk={forged}").status_code == 200
    assert opened(session_factory) == [False]
    link = re.search(r'href="(/thu-tuc/[^"]+tk=[^"]+)"', page).group(1).replace("&amp;", "&")
    assert anonymous.get(link).status_code == 200
    assert opened(session_factory) == [True]


# --- background jobs --------------------------------------------------------------------------------------
def docx_hiding(megabytes: int) -> bytes:
    """A small .docx-shaped zip whose document.xml unpacks to `megabytes` MB (compresses ~1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        body = "<w:p><w:r><w:t>Thủ tục đăng ký nuôi con nuôi</w:t></w:r></w:p>" * (megabytes * 1024 * 1024 // 64)
        archive.writestr("word/document.xml", "<w:document><w:body>" + body + "</w:body></w:document>")
    return out.getvalue()


def test_a_small_word_file_hiding_a_large_xml_is_read_by_a_job(app, demo, make_user, auth):
    content = docx_hiding(5)  # 5 MB of XML in a 10 KB upload (the report's was 46 MB)
    assert len(content) < app.config["IMPORT_IN_BACKGROUND_BYTES"]
    assert import_jobs.in_background(app.config, len(content), content)
    make_user("soan", "drafter", agency="Sở Tư pháp")
    auth.login("soan")
    response = auth.client.post(
        "/soan-thao/word/",
        data={"file": (io.BytesIO(content), "QD-2715.docx"), "csrf_token": csrf_token(auth.client, "/soan-thao/")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302 and "/soan-thao/nhap/" in response.headers["Location"]


def test_one_account_has_at_most_its_share_of_background_jobs(session_factory, make_user):
    from tthc.models.accounts import User

    make_user("soan", "drafter", agency="Sở Tư pháp")
    make_user("soan-2", "drafter", agency="Sở Tư pháp")
    with transaction(session_factory) as session:
        soan = session.scalar(select(User).where(User.username == "soan"))
        for i in range(2):
            import_jobs.create_job(session, "word", f"QD-{i}.docx", b"x", soan, limit=2)
    with transaction(session_factory) as session:
        soan = session.scalar(select(User).where(User.username == "soan"))
        with pytest.raises(import_jobs.TooManyJobs, match="tối đa 2 tệp"):
            import_jobs.create_job(session, "word", "QD-3.docx", b"x", soan, limit=2)
        other = session.scalar(select(User).where(User.username == "soan-2"))
        assert import_jobs.create_job(session, "word", "QD-4.docx", b"x", other, limit=2)  # a colleague's own share


# --- request budget on search and the API ------------------------------------------------------------------
@pytest.fixture
def budget_apps(database_url, tmp_path, demo):
    """Two apps on one database, as two gunicorn workers are, with a budget of 5 requests a minute."""
    apps = [
        create_app(
            {
                "TESTING": True,
                "DATABASE_URL": database_url,
                "SECRET_KEY": "khoa-bi-mat-thu",
                "INDEX_DIR": str(tmp_path / "index"),
                "EXPORT_DIR": str(tmp_path / "exports"),
                "APPLY_DUE_ON_START": False,
                "REQUEST_BUDGET_PER_MINUTE": 5,
                "TRUSTED_PROXIES": 1,
            }
        )
        for _ in range(2)
    ]
    for app in apps:  # build each worker's search index first, unbudgeted: then requests take milliseconds
        app.config["REQUEST_BUDGET_PER_MINUTE"] = 0
        app.test_client().get("/tim-kiem?q=khai+sinh")
        app.config["REQUEST_BUDGET_PER_MINUTE"] = 5
    second = dt.datetime.now(dt.UTC).second
    if second >= 54:  # the budget is per minute: start the count inside one
        time.sleep(61 - second)
    yield apps
    for app in apps:
        app.extensions["tthc"].engine.dispose()


def test_search_and_the_api_have_a_budget_per_address_across_workers(budget_apps):
    first, second = (app.test_client() for app in budget_apps)
    client_a = {"REMOTE_ADDR": "127.0.0.1"}  # the proxy; the client's address comes from it
    from_a = {"X-Forwarded-For": "203.0.113.10"}
    answers = [
        (first if i % 2 else second).get(f"/api/v1/procedures?q=khai+sinh+{i}", headers=from_a, environ_base=client_a)
        for i in range(5)
    ]
    assert [a.status_code for a in answers] == [200] * 5
    refused = first.get("/tim-kiem?q=ket+hon", headers=from_a, environ_base=client_a)
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "yêu cầu tra cứu trong một phút" in refused.get_data(as_text=True)
    api_refused = second.get("/api/v1/procedures?q=ket+hon", headers=from_a, environ_base=client_a)
    assert api_refused.status_code == 429 and "Retry-After" in api_refused.headers and api_refused.json["error"]
    # Another address has its own budget; pages that are not search or the API are not counted.
    assert first.get("/api/v1/procedures?q=ket+hon", headers={"X-Forwarded-For": "198.51.100.4"}).status_code == 200
    assert first.get("/", headers=from_a, environ_base=client_a).status_code == 200
