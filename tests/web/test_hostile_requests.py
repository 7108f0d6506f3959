"""Hostile requests: oversized bodies, unbounded form counts, formula injection in downloads, hostile
PDFs, numbers too large for the database, Host-header links, junk query parameters, cached staff files."""

from __future__ import annotations

import csv
import http.client
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from sqlalchemy import func, select

from tests.support.auth import AuthActions
from tests.support.server import port_of, serving
from tthc import create_app
from tthc.db import transaction
from tthc.models.decisions import Decision
from tthc.security import UploadRejected, check_pdf_upload, csv_cell, safe_filename

pytestmark = pytest.mark.app_config(WTF_CSRF_ENABLED=False)  # CSRF has its own tests; these reach the views

AGENCY = "Sở Tư pháp"


def _login(client, username):
    AuthActions(client).login(username)  # the shared login (asserts it worked)


@pytest.fixture
def drafter(demo, make_user, client):
    make_user("soan", "drafter", AGENCY)
    _login(client, "soan")
    return client


def _draft(client, **extra) -> int:
    response = client.post(
        "/soan-thao/moi", data={"title": "Công bố thử", "issuer": "UBND tỉnh", "effective_date": "2027-03-01", **extra}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


# --- 4. request size limits ---------------------------------------------------------------------------
def test_the_global_body_limit_is_applied(app):
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024  # Flask's None no longer wins


def _raw_post(port: int, path: str, length: int, send: int) -> tuple[int, float]:
    """A POST announcing `length` bytes that sends only `send`: the answer must not wait for the rest."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.putrequest("POST", path)
        connection.putheader("Content-Type", "multipart/form-data; boundary=x")
        connection.putheader("Content-Length", str(length))
        connection.endheaders()
        connection.send(b"--x\r\n" + b"a" * send)
        response = connection.getresponse()
        return response.status, 0.0
    finally:
        connection.close()


@pytest.fixture
def served(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "x",
            "INDEX_DIR": str(tmp_path / "index"),
            "EXPORT_DIR": str(tmp_path / "exports"),
            "APPLY_DUE_ON_START": False,
        }
    )
    try:
        with serving(app) as base_url:
            yield port_of(base_url)
    finally:
        app.extensions["tthc"].engine.dispose()


@pytest.mark.parametrize(
    "path, length",
    [
        ("/dang-nhap", 300 * 1024 * 1024),  # anonymous, 300 MB
        ("/soan-thao/nhap-excel", 6 * 1024 * 1024),  # annex limit 5 MB
        ("/tham-dinh/1/ky", 11 * 1024 * 1024),
    ],
)  # signed PDF 10 MB
def test_oversized_bodies_get_413_before_being_read(served, path, length):
    status, _ = _raw_post(served, path, length, send=1024)
    assert status == 413


def test_an_annex_within_its_limit_but_over_the_form_limit_is_read(drafter):
    import secrets

    book = Workbook()
    for _ in range(6000):
        book.active.append([secrets.token_hex(100) for _ in range(3)])
    data = io.BytesIO()
    book.save(data)
    assert 1024 * 1024 < len(data.getvalue()) < 5 * 1024 * 1024  # over the form limit, under the annex one
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data.getvalue()), "a.xlsx")})
    response = drafter.post(
        "/soan-thao/nhap-excel", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    # Not 413: accepted, and (being over IMPORT_IN_BACKGROUND_BYTES) read by a background job, which
    # refuses it for its content (no annex sheets).
    assert response.status_code == 302 and "/soan-thao/nhap/" in response.headers["Location"]
    from tthc.decisions import import_jobs

    job_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    import_jobs.wait(job_id, timeout=120)
    state = drafter.get(f"/soan-thao/nhap/{job_id}/trang-thai").get_json()
    assert state["status"] == "failed"
    assert "thiếu trang" in drafter.get(f"/soan-thao/nhap/{job_id}").get_data(as_text=True)


# --- 5. bounded counts --------------------------------------------------------------------------------
@pytest.mark.parametrize("field", ["methods-count", "dossier-count", "dossier-0-count"])
def test_huge_row_counts_in_the_entry_form_are_a_400_at_once(drafter, field):
    decision_id = _draft(drafter)
    entry = drafter.post(f"/soan-thao/{decision_id}/muc", data={"action": "new", "name": "Thủ tục thử"})
    target = entry.headers["Location"]
    form = {"name": "Thủ tục thử", "dossier-count": "1", field: "99999999"}
    response = drafter.post(target, data=form)
    assert response.status_code == 400 and "tối đa" in response.get_data(as_text=True)


# --- 6. formula injection ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value, safe",
    [
        ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Đăng ký", "Đăng ký"),
        ("", ""),
    ],
)
def test_csv_cells_are_neutralised(value, safe):
    assert csv_cell(value) == safe


def test_public_csv_and_xlsx_never_carry_a_live_formula(demo):
    """The writers behind /api/v1/catalogue.csv and .xlsx, given a procedure named like a formula."""
    import datetime as dt

    from tthc.annex import catalogue_workbook
    from tthc.catalogue.io import catalogue_records, export_csv

    with demo() as session:
        records = catalogue_records(session)
    evil = "=cmd|'/C calc'!A0"
    records[0] = {**records[0], "name": evil, "fee": "+1+1", "place": "@SUM(1)"}
    rows = list(csv.DictReader(io.StringIO(export_csv(records).lstrip("\ufeff"))))
    assert (rows[0]["name"], rows[0]["fee"], rows[0]["place"]) == ("'" + evil, "'+1+1", "'@SUM(1)")
    assert all(not value.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for value in row.values())
    book = load_workbook(io.BytesIO(catalogue_workbook(records, dt.date.today())))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value == evil]
    assert cells and all(c.data_type == "s" for c in cells)  # kept as typed, as text, never a formula


def test_the_csv_download_goes_through_the_neutralising_writer(client, demo):
    text = client.get("/api/v1/catalogue.csv").get_data(as_text=True)
    assert text.startswith("\ufeffcode,name")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows and not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for v in row.values())
    assert any(v.startswith("'-") for row in rows for v in row.values())  # the sample's "- ..." lists


# --- 12. 400/404 instead of 500 -------------------------------------------------------------------------
TOO_BIG = "9" * 25


def test_too_large_numbers_are_400_not_500(client, demo, make_user):
    make_user("quan-tri", "admin")
    _login(client, "quan-tri")
    from tthc.catalogue.service_points import create_service_point

    with transaction(demo) as session:
        point_id = create_service_point(session, "Quầy thử").id
    answer = client.post(f"/can-bo/niem-yet/noi-tiep-nhan/{point_id}/in", data={"tu_phien_ban": TOO_BIG})
    assert answer.status_code == 400
    assert client.get(f"/can-bo/niem-yet/thu-tuc/1.001233.pdf?noi={TOO_BIG}").status_code == 400
    assert client.get(f"/can-bo/niem-yet/thay-doi?tu={TOO_BIG}").status_code == 400
    assert client.get(f"/thu-tuc/1.001233/so-sanh?tu={TOO_BIG}&den=1").status_code == 400
    decision_id = _draft(client)
    for field in ("entry_id", "parent_id"):
        response = client.post(f"/tham-dinh/{decision_id}/gop-y", data={"body": "Góp ý", field: TOO_BIG})
        assert response.status_code == 400, field


def test_unknown_agency_on_draft_creation_is_400(client, demo, make_user):
    make_user("quan-tri", "admin")
    _login(client, "quan-tri")
    assert client.post("/soan-thao/moi", data={"title": "x", "agency_id": "987654"}).status_code == 400
    assert client.post("/soan-thao/moi", data={"title": "x", "agency_id": TOO_BIG}).status_code == 400


def test_a_newline_in_next_is_not_a_500(client, make_user):
    make_user("quan-tri", "admin")
    response = client.post(
        "/dang-nhap?next=/soan-thao/%0d%0aSet-Cookie:x=1",
        data={"username": "quan-tri", "password": "mat-khau-an-toan-1"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/tham-dinh/"  # the admin's landing


def test_cr_lf_in_a_decision_number_does_not_break_the_excel_download(drafter, session_factory):
    decision_id = _draft(drafter)
    with transaction(session_factory) as session:
        session.get(Decision, decision_id).number = "12/2026\r\nX-Evil: 1/QĐ-UBND"
    response = drafter.get(f"/soan-thao/{decision_id}/excel")
    assert response.status_code == 200 and "X-Evil" not in response.headers
    assert "\n" not in response.headers["Content-Disposition"]
    assert safe_filename("12/2026\r\nQĐ \"x\"") == "12-2026-QĐ-x"


def test_a_truncated_sheet_is_an_import_problem(drafter):
    book = Workbook()
    book.active.append(["a"])
    data = io.BytesIO()
    book.save(data)
    source = zipfile.ZipFile(io.BytesIO(data.getvalue()))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            truncated = item.filename.startswith("xl/worksheets/")
            target.writestr(item, content[: len(content) // 2] if truncated else content)
    response = drafter.post("/soan-thao/nhap-excel", data={"file": (io.BytesIO(broken.getvalue()), "a.xlsx")})
    assert response.status_code in (302, 400)
    assert response.status_code == 400 or "Không đọc được" in drafter.get("/soan-thao/").get_data(as_text=True)


# --- 13. PDFs ---------------------------------------------------------------------------------------------
def _pdf(change=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if change:
        change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _launch(writer):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )


def _javascript(writer):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )


@pytest.mark.parametrize(
    "change, name",
    [(_javascript, "JavaScript"), (_launch, "Launch"), (lambda w: w.add_attachment("a.exe", b"MZ"), "Embedded")],
)
def test_active_pdfs_are_refused(change, name):
    with pytest.raises(UploadRejected, match="tự chạy"):
        check_pdf_upload(_pdf(change))


def test_a_plain_pdf_passes_and_html_framed_as_pdf_does_not():
    plain = _pdf()
    assert check_pdf_upload(plain) == plain
    with pytest.raises(UploadRejected):
        check_pdf_upload(b"%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF\n")


def test_attachments_are_downloads_in_a_sandbox(client, demo, session_factory):
    from tthc.models.decisions import Attachment

    with transaction(session_factory) as session:
        decision = session.scalars(
            select(Decision).where(Decision.status == "in_force", Decision.kind == "cong_bo")
        ).first()
        session.add(
            Attachment(
                decision_id=decision.id, filename="qd.pdf", content_type="text/html", sha256="0" * 64, content=_pdf()
            )
        )
        session.flush()
        decision_id = decision.id
        attachment_id = session.scalar(select(func.max(Attachment.id)))
    response = client.get(f"/quyet-dinh/{decision_id}/tep/{attachment_id}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Security-Policy"].startswith("sandbox")


# --- 14. absolute links -------------------------------------------------------------------------------
def test_feed_and_api_links_ignore_the_host_header(client, demo, app):
    app.config["PUBLIC_BASE_URL"] = "https://tthc.example.gov.vn"
    headers = {"Host": "evil.example", "X-Forwarded-Host": "evil2.example"}
    feed = client.get("/thay-doi/atom.xml", headers=headers).get_data(as_text=True)
    api = client.get("/api/v1/procedures?q=nuoi", headers=headers).get_data(as_text=True)
    for body in (feed, api):
        assert "evil" not in body and "https://tthc.example.gov.vn/" in body


def test_proxy_headers_are_trusted_only_when_configured(database_url, tmp_path):
    for proxies, expected in ((0, "127.0.0.1"), (1, "203.0.113.9")):
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": database_url,
                "SECRET_KEY": "x",
                "INDEX_DIR": str(tmp_path),
                "APPLY_DUE_ON_START": False,
                "TRUSTED_PROXIES": proxies,
            }
        )
        seen = {}

        @app.before_request
        def remember(seen=seen):
            from flask import request

            seen["address"] = request.remote_addr

        app.test_client().get("/dang-nhap", headers={"X-Forwarded-For": "203.0.113.9"})
        assert seen["address"] == expected
        app.extensions["tthc"].engine.dispose()


# --- 15. search links carry only known parameters ---------------------------------------------------------
def test_search_links_drop_unknown_parameters(client, demo):
    junk = "&".join(f"rac{i}=x" for i in range(2000))
    page = client.get(f"/tim-kiem?q=nuoi&cap=tinh&{junk}").get_data(as_text=True)
    assert "rac1=" not in page and "rac1999" not in page
    assert len(page) < 300_000


# --- 16. staff files are never stored by caches -------------------------------------------------------
def test_staff_downloads_are_no_store(drafter):
    decision_id = _draft(drafter)
    for url in (f"/soan-thao/{decision_id}/excel", "/soan-thao/mau-phu-luc.xlsx"):
        response = drafter.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store", url
