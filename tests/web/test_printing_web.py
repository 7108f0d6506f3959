"""Staff printing pages over HTTP: roles, forms, the background bundle and its download."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.support.auth import csrf_token
from tthc.models.catalogue import ServicePoint
from tthc.models.printing import PrintJob
from tthc.printing import jobs


@pytest.fixture(autouse=True)
def _join_print_jobs(app):
    """Background jobs end before the app's engine is disposed (no connection left to the collector)."""
    yield
    jobs.wait_all(timeout=120)


@pytest.fixture
def staff(client, make_user, auth):
    """Log the client in as a new account of this role."""

    def login(role: str):
        username, password = make_user(f"nguoi-{role}", role, agency="Sở Tư pháp" if role == "drafter" else None)
        auth.login(username, password)
        return client

    return login


def test_only_reviewers_and_admins_manage_service_points(demo, client, staff):
    assert client.get("/can-bo/niem-yet/").status_code == 302  # to the login page
    staff("drafter")
    assert client.get("/can-bo/niem-yet/").status_code == 403
    # Any staff member may print one procedure's sheet and a decision document.
    sheet = client.get("/can-bo/niem-yet/thu-tuc/3.000527.pdf")
    assert sheet.status_code == 200 and sheet.data.startswith(b"%PDF")
    assert client.get("/can-bo/niem-yet/thu-tuc/0.000000.pdf").status_code == 404
    document = client.get("/can-bo/niem-yet/quyet-dinh/2.pdf")
    assert document.status_code == 200 and document.mimetype == "application/pdf"


def test_create_edit_point_and_bad_input_is_a_clear_400(demo, client, staff, session_factory):
    staff("reviewer")
    token = csrf_token(client, "/can-bo/niem-yet/noi-tiep-nhan/moi")
    form = {
        "csrf_token": token,
        "name": "Quầy Tư pháp (ví dụ)",
        "kind": "quay",
        "sectors": "Trợ giúp pháp lý",
        "levels": ["tinh"],
        "contact_phone": "(ví dụ) chưa cấu hình",
    }
    created = client.post("/can-bo/niem-yet/noi-tiep-nhan/moi", data=form)
    assert created.status_code == 302
    with session_factory() as session:
        point = session.scalar(select(ServicePoint).where(ServicePoint.name == "Quầy Tư pháp (ví dụ)"))
        assert point.rules["sectors"] == ["Trợ giúp pháp lý"] and point.rules["levels"] == ["tinh"]
    page = client.get(f"/can-bo/niem-yet/noi-tiep-nhan/{point.id}").get_data(as_text=True)
    assert "Thủ tục yêu cầu trợ giúp pháp lý" in page
    bad = client.post("/can-bo/niem-yet/noi-tiep-nhan/moi", data=dict(form, include="1.0", exclude="1.0"))
    assert bad.status_code == 400 and "vừa được thêm vừa bị loại" in bad.get_data(as_text=True)


def test_bundle_runs_outside_the_request_and_is_offered_when_ready(demo, client, staff, session_factory):
    staff("reviewer")
    with session_factory() as session:
        point = session.scalar(select(ServicePoint).where(ServicePoint.name.like("%xã (ví dụ)%")))
    token = csrf_token(client, f"/can-bo/niem-yet/noi-tiep-nhan/{point.id}")
    started = client.post(f"/can-bo/niem-yet/noi-tiep-nhan/{point.id}/in", data={"csrf_token": token})
    assert started.status_code == 302
    job_id = int(started.headers["Location"].rstrip("/").split("/")[-1])
    jobs.wait(job_id, timeout=120)
    state = client.get(f"/can-bo/niem-yet/viec/{job_id}/trang-thai").get_json()
    assert state["status"] == "done" and state["done"] == state["total"] > 0 and state["ready"]
    with client.get(state["download"]) as pdf:
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    with session_factory() as session:
        assert session.get(PrintJob, job_id).revision == 3


def test_changes_page_lists_take_down_and_put_up_per_point(demo, client, staff):
    staff("reviewer")
    page = client.get("/can-bo/niem-yet/thay-doi?tu=1").get_data(as_text=True)
    assert "Gỡ xuống (8)" in page and "Niêm yết mới (9)" in page and "2715/QĐ-UBND" in page
    assert client.get("/can-bo/niem-yet/thay-doi?tu=abc").status_code == 400
    assert client.get("/can-bo/niem-yet/thay-doi?tu=99").status_code == 400
