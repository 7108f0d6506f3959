"""A process annex uploaded on a draft's page (issue 22, item 7) is read by a background job of its own
kind, never in the request: progress, then a preview of what will be attached to which entry, with the
doubts; nothing is written before the drafter confirms, once; a job that fails writes nothing; and
`tthc decision import FILE --attach-to ID` attaches the same processes through the same core function."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from tests.support.review import make_draft
from tests.support.word import LICENCE_AMENDMENT, RETAIL_LICENCE
from tthc.config import PROJECT_ROOT
from tthc.db import transaction
from tthc.decisions import import_jobs
from tthc.models.accounts import AuditLog
from tthc.models.decisions import Decision
from tthc.models.import_jobs import ImportJob

pytestmark = pytest.mark.app_config(WTF_CSRF_ENABLED=False)

AGENCY = "Sở Công Thương"
NUMBER = "1120/QĐ-UBND"
# Lào Cai's draft process annex as it was circulated: three step tables, each procedure named in the
# paragraphs above its table (the second table for two procedures).
LAOCAI = PROJECT_ROOT / "catalogue_data" / "originals" / "laocai-qtnb-hhnh-draft.docx"
PDF = PROJECT_ROOT / "tests" / "fixtures" / "2715_QĐ-UBND.pdf"  # a decision of 7 pages, no process table
HAZARDOUS = (
    "Giấy phép vận chuyển hàng hóa nguy hiểm loại 1 (trừ vật liệu nổ công nghiệp, tiền chất thuốc nổ), 2, 3, 4, 9"
)
NAMES = [
    "Cấp Giấy phép bán lẻ điện",  # no process in the file: left alone
    f"Cấp {HAZARDOUS}",
    f"Cấp điều chỉnh {HAZARDOUS}",
    f"Cấp lại {HAZARDOUS}",
]


@pytest.fixture(autouse=True)
def _join_import_jobs(app):
    yield
    import_jobs.wait_all(timeout=120)


def _draft(session_factory, number: str = NUMBER) -> int:
    draft_id = make_draft(
        session_factory,
        [{"action": "new", "code": "", "name": name} for name in NAMES],
        title="Công bố thủ tục hành chính mới ban hành lĩnh vực hóa chất",
        created_by="soan",
    )
    with transaction(session_factory) as session:
        session.get(Decision, draft_id).number = number
    return draft_id


@pytest.fixture
def drafter(make_user, client, auth):
    make_user("soan", "drafter", AGENCY)
    auth.login("soan")
    return client


def _upload(client, draft_id: int, data: bytes, name: str):
    return client.post(
        f"/soan-thao/word/du-thao/{draft_id}/quy-trinh",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _job_id(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    location = response.headers["Location"]
    assert "/soan-thao/nhap/" in location, location
    return int(location.rstrip("/").split("/")[-1])


def _processes(session_factory, draft_id: int) -> list:
    with session_factory() as session:
        return [(e.record or {}).get("process") for e in session.get(Decision, draft_id).entries]


def _attach_events(session_factory) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "decision.attach_processes"))


def _shown_entries(preview_html: str) -> str:
    return preview_html.split('name="entries" value="')[1].split('"')[0]


def test_a_process_annex_is_read_by_a_job_previewed_and_attached_once_confirmed(drafter, session_factory):
    draft_id = _draft(session_factory)
    page = drafter.get(f"/soan-thao/{draft_id}").get_data(as_text=True)
    assert "Gắn quy trình nội bộ từ tệp riêng" in page and "Đọc tệp và xem trước quy trình" in page

    job_id = _job_id(_upload(drafter, draft_id, LAOCAI.read_bytes(), LAOCAI.name))
    progress = drafter.get(f"/soan-thao/nhap/{job_id}").get_data(as_text=True)
    assert f"Gắn quy trình nội bộ: {LAOCAI.name}" in progress
    import_jobs.wait(job_id, timeout=120)

    state = drafter.get(f"/soan-thao/nhap/{job_id}/trang-thai").get_json()
    preview_url = f"/soan-thao/word/du-thao/{draft_id}/quy-trinh/{job_id}"
    assert (state["kind"], state["status"], state["finished"], state["next"]) == (
        "processes",
        "kept",
        True,
        preview_url,
    )
    assert state["status_label"] == "Chờ xác nhận gắn"
    assert state["message"].startswith("Đọc được quy trình nội bộ cho mục 2 (Cấp Giấy phép vận chuyển hàng hóa")
    with session_factory() as session:
        job = session.get(ImportJob, job_id)
        assert job.content is None and job.decision_id == draft_id  # the bytes are dropped, the read kept
    assert _processes(session_factory, draft_id) == [None] * 4 and _attach_events(session_factory) == 0

    preview = drafter.get(preview_url).get_data(as_text=True)
    assert "Xem trước quy trình nội bộ gắn vào dự thảo" in preview and "Chưa có gì được ghi vào hệ thống" in preview
    assert f"Mục 2: Cấp {HAZARDOUS}" in preview and f"Mục 4: Cấp lại {HAZARDOUS}" in preview
    assert "Mục 1:" not in preview  # Cấp Giấy phép bán lẻ điện: no process in the file
    assert "11 bước; quy trình nội bộ" in preview and "Tiếp nhận hồ sơ" in preview
    assert _processes(session_factory, draft_id) == [None] * 4  # previewing wrote nothing

    confirmed = drafter.post(f"{preview_url}/gan", data={"entries": _shown_entries(preview)}, follow_redirects=True)
    text = confirmed.get_data(as_text=True)
    assert (
        "Đã gắn quy trình nội bộ vào mục 2 (Cấp Giấy phép vận chuyển hàng hóa nguy h); mục 3 (Cấp điều chỉnh "
        "Giấy phép vận chuyển hàng); mục 4 (Cấp lại Giấy phép vận chuyển hàng hóa ng)."
    ) in text
    processes = _processes(session_factory, draft_id)
    assert processes[0] is None
    assert [len(p["cases"][0]["steps"]) for p in processes[1:]] == [11, 12, 12]
    with session_factory() as session:
        decision = session.get(Decision, draft_id)
        assert decision.number == NUMBER and session.get(ImportJob, job_id).status == "done"
    assert _attach_events(session_factory) == 1

    again = drafter.post(f"{preview_url}/gan", data={"entries": _shown_entries(preview)}, follow_redirects=True)
    assert "Tệp này đã được gắn vào dự thảo hoặc bản xem trước đã hết hạn" in again.get_data(as_text=True)
    assert _attach_events(session_factory) == 1  # a second confirmation writes nothing


def test_a_draft_changed_since_the_preview_is_refused_and_nothing_is_written(drafter, session_factory):
    draft_id = _draft(session_factory)
    job_id = _job_id(_upload(drafter, draft_id, LAOCAI.read_bytes(), LAOCAI.name))
    import_jobs.wait(job_id, timeout=120)
    preview_url = f"/soan-thao/word/du-thao/{draft_id}/quy-trinh/{job_id}"
    refused = drafter.post(f"{preview_url}/gan", data={"entries": "1"}, follow_redirects=True)  # not what it shows
    assert "Dự thảo đã thay đổi sau khi xem trước" in refused.get_data(as_text=True)
    assert _processes(session_factory, draft_id) == [None] * 4 and _attach_events(session_factory) == 0
    with session_factory() as session:
        assert session.get(ImportJob, job_id).status == "kept"  # still waiting for the right confirmation


def test_a_job_that_finds_no_process_for_the_draft_fails_and_writes_nothing(drafter, session_factory):
    """A PDF decision of seven pages holds no process table: its pages are counted, the job fails with the
    reason, no preview, nothing attached."""
    draft_id = _draft(session_factory)
    job_id = _job_id(_upload(drafter, draft_id, PDF.read_bytes(), PDF.name))
    import_jobs.wait(job_id, timeout=300)
    state = drafter.get(f"/soan-thao/nhap/{job_id}/trang-thai").get_json()
    assert (state["status"], state["unit"], state["total"], state["next"]) == ("failed", "trang", 7, "")
    assert state["message"] == ("Không gắn được quy trình nào vào dự thảo: tệp không có bảng quy trình nội bộ nào.")
    page = drafter.get(f"/soan-thao/nhap/{job_id}").get_data(as_text=True)
    assert "Không nạp được" in page and "Chưa có gì được ghi vào dự thảo" in page
    preview_url = f"/soan-thao/word/du-thao/{draft_id}/quy-trinh/{job_id}"
    assert drafter.get(preview_url).status_code == 302  # no preview to show
    assert "đã được gắn" in drafter.post(f"{preview_url}/gan", data={"entries": "1"}, follow_redirects=True).get_data(
        as_text=True
    )
    with session_factory() as session:
        job = session.get(ImportJob, job_id)
        assert job.content is None and job.result is None and job.finished_at is not None
    assert _processes(session_factory, draft_id) == [None] * 4 and _attach_events(session_factory) == 0


def test_a_file_that_cannot_be_read_fails_its_job_in_vietnamese(drafter, session_factory):
    draft_id = _draft(session_factory)
    job_id = _job_id(_upload(drafter, draft_id, b"PK\x03\x04 hong", "quy-trinh.docx"))
    import_jobs.wait(job_id, timeout=60)
    state = drafter.get(f"/soan-thao/nhap/{job_id}/trang-thai").get_json()
    assert state["status"] == "failed" and state["message"].startswith("Không đọc được tệp quy trình: ")
    assert _processes(session_factory, draft_id) == [None] * 4


def test_another_drafter_neither_sees_nor_confirms_the_job(drafter, make_user, client, auth, session_factory):
    draft_id = _draft(session_factory)
    job_id = _job_id(_upload(drafter, draft_id, LAOCAI.read_bytes(), LAOCAI.name))
    import_jobs.wait(job_id, timeout=120)
    auth.logout()
    make_user("khac", "drafter", AGENCY)
    auth.login("khac")
    preview_url = f"/soan-thao/word/du-thao/{draft_id}/quy-trinh/{job_id}"
    assert client.get(preview_url).status_code == 404
    assert client.post(f"{preview_url}/gan", data={"entries": "1,2,3"}).status_code == 404
    assert client.get(f"/soan-thao/word/du-thao/{draft_id + 1}/quy-trinh/{job_id}").status_code == 404
    assert _processes(session_factory, draft_id) == [None] * 4


def test_the_command_line_attaches_what_the_web_attaches(drafter, runner, session_factory, tmp_path):
    web_id, cli_id = _draft(session_factory), _draft(session_factory, number="1121/QĐ-UBND")
    job_id = _job_id(_upload(drafter, web_id, LAOCAI.read_bytes(), LAOCAI.name))
    import_jobs.wait(job_id, timeout=120)
    preview_url = f"/soan-thao/word/du-thao/{web_id}/quy-trinh/{job_id}"
    shown = _shown_entries(drafter.get(preview_url).get_data(as_text=True))
    assert drafter.post(f"{preview_url}/gan", data={"entries": shown}).status_code == 302

    result = runner.invoke(args=["decision", "import", str(LAOCAI), "--attach-to", str(cli_id), "--json"])
    assert result.exit_code == 0, result.output
    assert [a["entry"] for a in json.loads(result.stdout)["attached"]] == [1, 2, 3]
    assert _processes(session_factory, cli_id) == _processes(session_factory, web_id)


# A process annex as a department sends it, in Word and as the PDF made from it once by LibreOffice
# (scripts/make_pdf_fixtures.sh): in the PDF, step B1 and its time ("0,5" / "ngày") are cut by the page
# break, and the second procedure's heading stands right under the first table at the foot of a page.
PROCESS_DOCX = PROJECT_ROOT / "tests" / "fixtures" / "process-annex.docx"
PROCESS_PDF = PROJECT_ROOT / "tests" / "fixtures" / "process-annex.pdf"


def _electricity_draft(session_factory) -> int:
    """A draft amending three electricity procedures of the demo (2715/QĐ-UBND); the annex holds the
    processes of the second and third."""
    return make_draft(
        session_factory,
        [
            {"action": "amended", "code": code, "name": name}
            for code, name in [
                (
                    "1.013418",
                    "Cấp gia hạn giấy phép hoạt động điện lực thuộc thẩm quyền cấp của Ủy ban nhân dân cấp tỉnh",
                ),
                RETAIL_LICENCE,
                LICENCE_AMENDMENT,
            ]
        ],
        title="Công bố thủ tục hành chính được sửa đổi, bổ sung lĩnh vực điện",
        created_by="soan",
    )


def _attached_through_the_job(client, session_factory, path) -> tuple[int, str]:
    """The file uploaded on a new draft's page, read by its job, previewed and confirmed: (draft, preview)."""
    draft_id = _electricity_draft(session_factory)
    job_id = _job_id(_upload(client, draft_id, path.read_bytes(), path.name))
    import_jobs.wait(job_id, timeout=120)
    state = client.get(f"/soan-thao/nhap/{job_id}/trang-thai").get_json()
    preview_url = f"/soan-thao/word/du-thao/{draft_id}/quy-trinh/{job_id}"
    assert (state["status"], state["next"]) == ("kept", preview_url), state
    preview = client.get(preview_url).get_data(as_text=True)
    confirmed = client.post(f"{preview_url}/gan", data={"entries": _shown_entries(preview)}, follow_redirects=True)
    assert "Đã gắn quy trình nội bộ vào mục 2 (1.013416); mục 3 (1.013419)." in confirmed.get_data(as_text=True)
    return draft_id, preview


def test_a_pdf_process_annex_attaches_the_same_processes_as_its_word_file(demo, drafter, session_factory):
    pdf_draft, preview = _attached_through_the_job(drafter, session_factory, PROCESS_PDF)
    docx_draft, _ = _attached_through_the_job(drafter, session_factory, PROCESS_DOCX)
    assert "Mục 2: " in preview and "Mục 3: " in preview and "Mục 1:" not in preview
    assert "gắn theo mã 1.013416" in preview and "không khớp" not in preview  # no doubt
    from_pdf, from_docx = _processes(session_factory, pdf_draft), _processes(session_factory, docx_draft)
    assert from_pdf == from_docx
    licence, amendment = from_pdf[1:]
    assert from_pdf[0] is None and (licence["code"], amendment["code"]) == ("QT.SCT.01", "QT.SCT.02")
    (case,) = licence["cases"]
    assert case["total"] == "15 ngày làm việc" and len(case["steps"]) == 6
    first = case["steps"][0]  # cut by the page break in the PDF, one step again
    assert (first["order"], first["work"], first["unit"], first["time_value"], first["product"]) == (
        "B1",
        "Tiếp nhận, kiểm tra hồ sơ, chuyển phòng chuyên môn",
        "Trung tâm Phục vụ hành chính công tỉnh",
        0.5,
        "Phiếu tiếp nhận",
    )
    assert [s["order"] for s in amendment["cases"][0]["steps"]] == [
        "Tiếp nhận hồ sơ, Bước 1",
        "Giải quyết hồ sơ, Bước 2",
        "Giải quyết hồ sơ, Bước 3",
        "Trả kết quả, Bước 4",
    ]
