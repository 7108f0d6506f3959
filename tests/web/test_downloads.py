"""Every download through a real HTTP server, with a real Vietnamese decision number and file names.

A raw "2715/QĐ-UBND" in Content-Disposition was a 500 under gunicorn and a dropped connection on the
development server (issue 24, item 1): each download must carry an ASCII `filename=` and the real name
as RFC 6266 `filename*=UTF-8''…`. The test client never writes headers to a socket, so only a real
server shows the fault."""

from __future__ import annotations

import hashlib
import http.client
import http.cookiejar
import inspect
import re
import sys
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import select

from tests.support.auth import PASSWORD
from tests.support.review import make_draft
from tests.support.server import gunicorn_serving, serving
from tthc.db import transaction
from tthc.models.catalogue import ServicePoint
from tthc.models.decisions import Attachment, Decision, FormFile
from tthc.models.printing import PrintJob
from tthc.printing import jobs
from tthc.web.downloads import ascii_name, content_disposition

NUMBER = "2715/QĐ-UBND"  # the sample's decision 3
POINT_ID = 2  # "Trung tâm Phục vụ hành chính công xã (ví dụ)"


@pytest.fixture
def served(app):
    """The app on a free loopback port, served by werkzeug's real HTTP server in a thread."""
    with serving(app) as base_url:
        yield base_url


@pytest.fixture
def gunicorn_served(app, database_url, tmp_path):
    """The same database and files served by gunicorn as in production, in a subprocess."""
    environment = {
        "TTHC_DATABASE_URL": database_url,
        "TTHC_SECRET_KEY": "test-secret",
        "TTHC_EXPORT_DIR": app.config["EXPORT_DIR"],
        "TTHC_INDEX_DIR": app.config["INDEX_DIR"],
        "TTHC_INSTANCE_DIR": str(tmp_path / "instance"),
        "TTHC_PUBLIC_BASE_URL": "http://tthc.example.vn",
        "TTHC_APPLY_DUE_ON_START": "false",
    }
    with gunicorn_serving(environment, tmp_path / "gunicorn.log", "-w", "1") as base:
        yield base


class Visitor:
    """A browser-like HTTP client: cookies kept, redirects followed, errors returned (not raised)."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str):
        try:
            return self.opener.open(self.base + path, timeout=60)
        except urllib.error.HTTPError as error:
            return error

    def login(self, username: str) -> Visitor:
        form = self.get("/dang-nhap").read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        data = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrf_token": token}).encode()
        assert "/dang-nhap" not in self.opener.open(self.base + "/dang-nhap", data, timeout=60).url
        return self


def real_name(header: str) -> str:
    """The UTF-8 name of a Content-Disposition header, after checking both parameters are there."""
    fallback = re.search(r'filename="([^"]*)"', header)
    encoded = re.search(r"filename\*=UTF-8''([^;\s]+)", header)
    assert fallback and encoded, header
    assert fallback.group(1).isascii() and fallback.group(1), header
    name = urllib.parse.unquote(encoded.group(1), encoding="utf-8", errors="strict")
    assert fallback.group(1) == ascii_name(name)
    return name


def test_the_header_carries_an_ascii_name_and_the_real_one():
    header = content_disposition("quyết-định-2715/QĐ-UBND.docx")
    assert header == (
        'attachment; filename="quyet-dinh-2715-QD-UBND.docx"; '
        "filename*=UTF-8''quy%E1%BA%BFt-%C4%91%E1%BB%8Bnh-2715-Q%C4%90-UBND.docx"
    )
    assert content_disposition('a"b\r\nSet-Cookie: x.pdf', inline=True).startswith(
        'inline; filename="a-b-Set-Cookie-x.pdf"'
    )
    header.encode("latin-1")  # what a server writes on the wire


@pytest.fixture
def files(demo, make_user, app):
    """The sample with a signed PDF and a form file on 2715/QĐ-UBND, a numbered draft, a done print job."""
    make_user("quan-tri", "admin")
    with transaction(demo) as session:
        decision = session.scalar(select(Decision).where(Decision.number == NUMBER))
        pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        session.add(
            Attachment(
                decision_id=decision.id,
                filename="Quyết định 2715-QĐ-UBND đã ký.pdf",
                content_type="application/pdf",
                sha256=hashlib.sha256(pdf).hexdigest(),
                content=pdf,
            )
        )
        docx = b"PK\x03\x04 t\xe1\xbb\x9d khai"
        session.add(
            FormFile(
                decision_id=decision.id,
                entry_id=decision.entries[0].id,
                title="Tờ khai đăng ký",
                filename="Tờ-khai-đăng-ký-cai-nghiện.docx",
                extension="docx",
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                size=len(docx),
                sha256=hashlib.sha256(docx).hexdigest(),
                content=docx,
            )
        )
        session.flush()
        ids = {
            "decision": decision.id,
            "attachment": session.scalar(select(Attachment.id)),
            "form": session.scalar(select(FormFile.id)),
        }
    draft = make_draft(demo, [{"action": "abolished", "code": "3.000527"}], title="Bãi bỏ thủ tục cai nghiện")
    with transaction(demo) as session:
        session.get(Decision, draft).number = "2716/QĐ-UBND"
    ids["draft"] = draft
    with transaction(demo) as session:
        job = jobs.create_job(session, session.get(ServicePoint, POINT_ID), since_revision=None, user=None)
        session.flush()
        ids["job"] = job.id
    services = app.extensions["tthc"]
    jobs.start_in_background(services.session_factory, services.settings, ids["job"])
    return ids


def downloads(ids: dict) -> list[tuple[str, str, str]]:
    """(who, path, the file's real name) of every file the site sends: staff's and citizens'."""
    d, a = ids["decision"], ids["attachment"]
    return [
        ("staff", f"/can-bo/niem-yet/quyet-dinh/{d}.docx", "quyet-dinh-2715-QĐ-UBND.docx"),
        ("staff", f"/can-bo/niem-yet/quyet-dinh/{d}.pdf", "quyet-dinh-2715-QĐ-UBND.pdf"),
        ("staff", f"/can-bo/niem-yet/thu-tuc/3.000527.pdf?noi={POINT_ID}", "niem-yet-3.000527.pdf"),
        (
            "staff",
            f"/can-bo/niem-yet/viec/{ids['job']}/tai-ve",
            "niem-yet-Trung-tâm-Phục-vụ-hành-chính-công-xã-ví-dụ-phien-ban-3.pdf",
        ),
        ("staff", f"/tham-dinh/{d}/tep/{a}", "Quyết-định-2715-QĐ-UBND-đã-ký.pdf"),
        ("staff", "/soan-thao/mau-phu-luc.xlsx", "mẫu-phụ-lục-quyết-định-công-bố.xlsx"),
        ("staff", f"/soan-thao/{ids['draft']}/excel", "phụ-lục-2716-QĐ-UBND.xlsx"),
        ("staff", "/doi-chieu/doi-chieu.xlsx", "đối-chiếu-csdl-quốc-gia.xlsx"),
        ("citizen", f"/quyet-dinh/{d}/tep/{a}", "Quyết-định-2715-QĐ-UBND-đã-ký.pdf"),
        ("citizen", f"/mau-don/{ids['form']}/To-khai.docx", "Tờ-khai-đăng-ký-cai-nghiện.docx"),
        ("citizen", "/thong-ke/bao-cao.xlsx?ngay=2026-01-15", "thống-kê-tthc-2026-01-15.xlsx"),
        ("citizen", "/api/v1/catalogue.csv?ngay=2026-01-15", "danh-mục-tthc-2026-01-15.csv"),
        ("citizen", "/api/v1/catalogue.xlsx?ngay=2026-01-15", "danh-mục-tthc-2026-01-15.xlsx"),
        ("citizen", "/api/v1/catalogue.jsonl?ngay=2026-01-15", "danh-mục-tthc-2026-01-15.jsonl"),
    ]


def _names_its_file(view) -> bool:
    """A view sends a named file when it calls send_download or content_disposition, itself or through a
    helper of tthc.web (history.attachment_response serves both attachment routes)."""
    function = inspect.unwrap(view)
    module = sys.modules[function.__module__]
    source = inspect.getsource(function)
    helpers = [
        helper
        for name in set(re.findall(r"\b(\w+)\(", source))
        if inspect.isfunction(helper := getattr(module, name, None)) and helper.__module__.startswith("tthc.web.")
    ]
    sends = re.compile(r"\b(send_download|content_disposition)\(")
    return any(sends.search(inspect.getsource(f)) for f in [function, *helpers])


def test_the_download_test_covers_every_view_that_sends_a_file(app):
    """A download route added later joins the list below, or this fails (the reconciliation workbook,
    /doi-chieu/doi-chieu.xlsx, was missing from it)."""
    sending = {
        endpoint for endpoint, view in app.view_functions.items() if endpoint != "static" and _names_its_file(view)
    }
    adapter = app.url_map.bind("tthc.example.vn")
    ids = {"decision": 1, "attachment": 1, "form": 1, "draft": 2, "job": 1}
    covered = {adapter.match(urllib.parse.urlsplit(path).path)[0] for _, path, _ in downloads(ids)}
    assert len(sending) >= 12 and sending <= covered, sorted(sending - covered)


@pytest.mark.parametrize("server", ["served", "gunicorn_served"])
def test_every_download_answers_with_its_vietnamese_name_through_a_real_server(files, server, request, demo):
    """Through werkzeug's server (the development one) and through gunicorn (production)."""
    served = request.getfixturevalue(server)
    jobs.wait(files["job"], timeout=120)
    with demo() as session:
        assert session.get(PrintJob, files["job"]).status == "done"
    visitors = {"staff": Visitor(served).login("quan-tri"), "citizen": Visitor(served)}
    for who, path, expected in downloads(files):
        try:
            response = visitors[who].get(path)
        except (http.client.HTTPException, OSError) as error:  # the development server drops the connection
            pytest.fail(f"{path}: no answer ({error!r})")
        with response:
            body = response.read()
        assert response.status == 200 and body, path
        assert real_name(response.headers["Content-Disposition"]) == expected, path
