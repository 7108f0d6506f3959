"""Printing cannot point citizens to the wrong place, and counter staff print for their own points only."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from tests.support.auth import csrf_token
from tthc.accounts.counters import set_points
from tthc.accounts.service import find_user
from tthc.db import transaction
from tthc.models.catalogue import CatalogueRevision, ServicePoint
from tthc.models.printing import PrintJob
from tthc.printing import jobs, postings

LOOPBACK = "http://127.0.0.1:5000"


@pytest.fixture(autouse=True)
def _join_print_jobs(app):
    yield
    jobs.wait_all(timeout=180)


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def _point(session, name_part: str) -> ServicePoint:
    return next(p for p in session.scalars(select(ServicePoint)) if name_part in p.name)


def test_only_a_public_address_is_printable():
    for url in (
        LOOPBACK,
        "http://localhost:8000",
        "http://[::1]/",
        "",
        "http://0.0.0.0",
        "https://app.localhost",
        "ftp://tthc.example.vn",
        "tthc.example.vn",
    ):
        assert postings.base_url_problem(url), url
    for url in ("https://dichvucong.quangtri.gov.vn", "http://10.0.0.5", "http://tthc.example.vn"):
        assert postings.base_url_problem(url) is None, url


def test_printing_with_a_loopback_base_url_is_refused(
    demo, app, client, make_user, auth, runner, tmp_path, session_factory
):
    services = app.extensions["tthc"]
    services.settings = services.settings.replace(public_base_url=LOOPBACK)
    with session_factory() as session:
        settings = postings.PrintSettings.from_settings(app.extensions["tthc"].settings)
        point = _point(session, "xã (ví dụ)")
        for attempt in (
            lambda: postings.bundle(session, settings, point),
            lambda: postings.procedure_sheets(session, settings, ["3.000527"]),
            lambda: postings.repost_sheets(session, settings, point, 1),
        ):
            with pytest.raises(postings.PrintError, match="TTHC_PUBLIC_BASE_URL"):
                attempt()
    # The web: told before starting, refused if started anyway, no job created.
    make_user("tham", "reviewer")
    auth.login("tham")
    index = client.get("/can-bo/niem-yet/").get_data(as_text=True)
    assert "Chưa in được phiếu niêm yết" in index and "127.0.0.1:5000" in index
    started = client.post(
        f"/can-bo/niem-yet/noi-tiep-nhan/{point.id}/in", data={"csrf_token": csrf_token(client, "/can-bo/niem-yet/")}
    )
    assert started.status_code == 302 and started.headers["Location"].endswith("/can-bo/niem-yet/")
    assert "Chưa in được phiếu niêm yết" in client.get("/can-bo/niem-yet/").get_data(as_text=True)
    with session_factory() as session:
        assert session.scalar(select(func.count(PrintJob.id))) == 0
    sheet = client.get("/can-bo/niem-yet/thu-tuc/3.000527.pdf")
    assert sheet.status_code == 400 and "TTHC_PUBLIC_BASE_URL" in sheet.get_data(as_text=True)
    # The command line too.
    result = runner.invoke(args=["print", "postings", "--code", "3.000527", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "TTHC_PUBLIC_BASE_URL" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_a_test_print_is_marked_on_every_page_and_never_served_as_the_real_one(demo, app, session):
    real = postings.PrintSettings.from_settings(app.extensions["tthc"].settings)
    trial = postings.PrintSettings.from_settings(
        dict(app.extensions["tthc"].settings, PUBLIC_BASE_URL=LOOPBACK, PRINT_TEST_COPY=True)
    )
    content, _ = postings.procedure_sheets(session, trial, ["3.000527"])
    pages = _pages(content)
    assert len(pages) >= 2 and all("BẢN IN THỬ" in page for page in pages)
    real_content, _ = postings.procedure_sheets(session, real, ["3.000527"])
    assert not any("BẢN IN THỬ" in page for page in _pages(real_content))
    assert "tthc.example.vn/thu-tuc/3.000527" in " ".join(_pages(real_content))


def test_the_list_page_is_reprinted_with_the_changed_sheets_dated_by_the_revision(demo, app, session):
    later = dt.date(2031, 1, 2)  # printed long after the revision took effect
    settings = postings.PrintSettings.from_settings(app.extensions["tthc"].settings, made_on=later)
    point = _point(session, "tỉnh (ví dụ)")
    content, plan = postings.repost_sheets(session, settings, point, 1)
    assert content is not None and plan["put_up"]
    pages = _pages(content)
    revision = session.scalar(select(CatalogueRevision).order_by(CatalogueRevision.id.desc()))
    first = " ".join(pages[0].split())
    assert "DANH MỤC THỦ TỤC HÀNH CHÍNH TIẾP NHẬN TẠI" in first and "in lại cùng các phiếu thay đổi" in first
    assert f"có hiệu lực từ {revision.effective_date:%d/%m/%Y}" in first
    assert f"phiên bản danh mục {revision.id}" in first and "02/01/2031" not in first
    # The list page, then the sheets to put up, each starting on its own page.
    assert sum("Trang 1/" in page for page in pages) >= len(plan["put_up"]) + 1


def test_counter_staff_print_their_own_points_and_nothing_else(demo, client, make_user, auth, session_factory):
    make_user("motcua", "counter")
    with transaction(session_factory) as session:
        commune, province = _point(session, "xã (ví dụ)"), _point(session, "tỉnh (ví dụ)")
        set_points(session, find_user(session, "motcua"), [commune.id], actor="test")
    auth.login("motcua")
    index = client.get("/can-bo/niem-yet/")
    page = index.get_data(as_text=True)
    assert index.status_code == 200 and commune.name in page and province.name not in page
    menu = re.search(r'<nav aria-label="Điều hướng chính">(.*?)</nav>', page, re.S).group(1)
    assert "Niêm yết" in menu and "Soạn thảo" not in menu and "Thẩm định" not in menu and "Tài khoản" not in menu
    for url in (
        "/soan-thao/",
        "/tham-dinh/",
        "/can-bo/niem-yet/noi-tiep-nhan/moi",
        "/quan-tri/tai-khoan",
        "/can-bo/niem-yet/quyet-dinh/2.docx",
    ):
        assert client.get(url).status_code == 403, url
    # Their own point's page (read-only) and the published decisions their re-post lists name.
    assert client.get(f"/can-bo/niem-yet/noi-tiep-nhan/{commune.id}").status_code == 200
    assert client.get(f"/can-bo/niem-yet/noi-tiep-nhan/{province.id}").status_code == 404
    assert client.get("/can-bo/niem-yet/quyet-dinh/2.pdf").status_code == 200
    token = csrf_token(client, "/can-bo/niem-yet/")
    refused = client.post(f"/can-bo/niem-yet/noi-tiep-nhan/{province.id}/in", data={"csrf_token": token})
    assert refused.status_code == 404
    started = client.post(f"/can-bo/niem-yet/noi-tiep-nhan/{commune.id}/in", data={"csrf_token": token})
    assert started.status_code == 302
    job_id = int(started.headers["Location"].rstrip("/").split("/")[-1])
    jobs.wait(job_id, timeout=180)
    state = client.get(f"/can-bo/niem-yet/viec/{job_id}/trang-thai").get_json()
    assert state["status"] == "done" and state["ready"]
    with client.get(state["download"]) as pdf:
        assert pdf.data.startswith(b"%PDF")
    changes = client.get("/can-bo/niem-yet/thay-doi?tu=1").get_data(as_text=True)
    assert commune.name in changes and province.name not in changes
    assert client.get(f"/can-bo/niem-yet/thu-tuc/3.000527.pdf?noi={commune.id}").status_code == 200
    assert client.get(f"/can-bo/niem-yet/thu-tuc/3.000527.pdf?noi={province.id}").status_code == 404
    # A job at another point does not exist for them.
    with transaction(session_factory) as session:
        other = jobs.create_job(session, session.get(ServicePoint, province.id), actor="test")
        other_id = other.id
    assert client.get(f"/can-bo/niem-yet/viec/{other_id}").status_code == 404
    assert client.get(f"/can-bo/niem-yet/viec/{other_id}/trang-thai").status_code == 404


def test_only_counter_accounts_get_service_points(demo, make_user, session_factory, runner):
    make_user("motcua", "counter")
    make_user("tham", "reviewer")
    with session_factory() as session:
        commune = _point(session, "xã (ví dụ)").id
    result = runner.invoke(args=["users", "set-points", "motcua", "--service-point", str(commune), "--json"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["users", "set-points", "tham", "--service-point", str(commune)]).exit_code != 0
    assert runner.invoke(args=["users", "set-points", "motcua", "--service-point", "99999"]).exit_code != 0
    with session_factory() as session:
        from tthc.accounts.counters import point_ids_of

        assert point_ids_of(session, find_user(session, "motcua")) == {commune}


def test_an_administrator_assigns_a_counter_accounts_points_on_the_accounts_page(
    demo, client, make_user, auth, session_factory
):
    from tthc.accounts.counters import point_ids_of
    from tthc.models.accounts import AuditLog

    make_user("quan-tri", "admin")
    make_user("motcua", "counter")
    make_user("soan", "drafter", agency="Sở Tư pháp")
    with session_factory() as session:
        commune, province = _point(session, "xã (ví dụ)"), _point(session, "tỉnh (ví dụ)")
        counter_id, drafter_id = find_user(session, "motcua").id, find_user(session, "soan").id
    auth.login("quan-tri")
    page = client.get("/quan-tri/tai-khoan").get_data(as_text=True)
    form = re.search(rf'action="/quan-tri/tai-khoan/{counter_id}/noi-tiep-nhan".*?</form>', page, re.S).group(0)
    assert f'value="{commune.id}"' in form and f'value="{province.id}"' in form and "checked" not in form
    assert f"/quan-tri/tai-khoan/{drafter_id}/noi-tiep-nhan" not in page  # only counter accounts have points
    token = csrf_token(client, "/quan-tri/tai-khoan")
    done = client.post(
        f"/quan-tri/tai-khoan/{counter_id}/noi-tiep-nhan",
        data={"service_point": [str(commune.id), str(province.id)], "csrf_token": token},
    )
    assert done.status_code == 302
    with session_factory() as session:
        assert point_ids_of(session, find_user(session, "motcua")) == {commune.id, province.id}
    page = client.get("/quan-tri/tai-khoan").get_data(as_text=True)
    form = re.search(rf'action="/quan-tri/tai-khoan/{counter_id}/noi-tiep-nhan".*?</form>', page, re.S).group(0)
    assert form.count("checked") == 2
    client.post(
        f"/quan-tri/tai-khoan/{counter_id}/noi-tiep-nhan",
        data={"service_point": [str(commune.id)], "csrf_token": token},
    )
    refused = client.post(
        f"/quan-tri/tai-khoan/{drafter_id}/noi-tiep-nhan",
        data={"service_point": [str(commune.id)], "csrf_token": token},
    )
    assert refused.status_code == 400 and "không phải cán bộ một cửa" in refused.get_data(as_text=True)
    unknown = client.post(
        f"/quan-tri/tai-khoan/{counter_id}/noi-tiep-nhan", data={"service_point": ["987654"], "csrf_token": token}
    )
    assert unknown.status_code == 400 and "Không có nơi tiếp nhận số 987654" in unknown.get_data(as_text=True)
    with session_factory() as session:
        assert point_ids_of(session, find_user(session, "motcua")) == {commune.id}  # refusals changed nothing
        audit = session.scalars(
            select(AuditLog)
            .where(AuditLog.action == "user.service_points", AuditLog.object_id == str(counter_id))
            .order_by(AuditLog.id)
        ).all()
        assert [a.detail["service_points"] for a in audit] == [sorted([commune.id, province.id]), [commune.id]]
        assert {a.actor for a in audit} == {"quan-tri"} and all(a.user_id is not None for a in audit)
        assert not point_ids_of(session, find_user(session, "soan"))
    auth.logout()
    auth.login("motcua")
    listed = client.get("/can-bo/niem-yet/").get_data(as_text=True)
    assert commune.name in listed and province.name not in listed
