"""A Word or PDF decision uploaded on the drafting page: a small .docx read in the request, a large one and
every PDF by a background job (progress, then the same preview); nothing
written before the drafter confirms, nothing written when the job fails; and the command line makes
the same draft from the same file as the web (one path: tthc.decisions.file_import)."""

from __future__ import annotations

import io
import json
import re
import zlib

import pytest
from sqlalchemy import func, select

from tests.support.word import confirm_preview, open_preview
from tthc.config import PROJECT_ROOT
from tthc.decisions import import_jobs
from tthc.decisions.drafting import delete_draft
from tthc.decisions.showing import decision_as_dict
from tthc.models.accounts import User
from tthc.models.decisions import Decision, DecisionEntry
from tthc.models.import_jobs import ImportJob

pytestmark = pytest.mark.app_config(WTF_CSRF_ENABLED=False)

AGENCY = "Sở Công Thương"
DOCX = PROJECT_ROOT / "catalogue_data" / "annex" / "2715_QĐ-UBND.docx"
PDF = PROJECT_ROOT / "tests" / "fixtures" / "2715_QĐ-UBND.pdf"  # the same decision, 7 pages
DISAGREES = PROJECT_ROOT / "tests" / "fixtures" / "dieu1-disagrees.docx"  # 3012/QĐ-UBND
LONG_PDF = PROJECT_ROOT / "tests" / "fixtures" / "long-decision.pdf"  # 99 pages, 173 KB


@pytest.fixture
def catalogue(runner, sample_dir):
    """The sample catalogue in force, without its decisions (2715/QĐ-UBND among them): the file is new."""
    result = runner.invoke(
        args=["catalogue", "import", str(sample_dir / "procedures.jsonl"), "--effective", "2025-01-01"]
    )
    assert result.exit_code == 0, result.output


@pytest.fixture
def drafter(catalogue, make_user, client, auth):
    """An administrator drafting: the sample catalogue names no agency for the electricity procedures
    2715/QĐ-UBND abolishes, so no agency's drafter may touch them (the last test shows the refusal)."""
    make_user("soan", "admin", AGENCY)
    auth.login("soan")
    return client


def _upload(client, data: bytes, name: str):
    return client.post("/soan-thao/word/", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def _counts(factory):
    with factory() as session:
        return session.scalar(select(func.count(Decision.id))), session.scalar(select(func.count(DecisionEntry.id)))


def _job_id(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    location = response.headers["Location"]
    assert "/soan-thao/nhap/" in location, location
    return int(location.rstrip("/").split("/")[-1])


def _comparable(decision: Decision) -> dict:
    shown = decision_as_dict(decision)
    shown["decision"].pop("id")
    return {**shown, "doubts": (decision.extra or {}).get("doubts")}


def test_a_pdf_decision_is_read_by_a_job_whose_page_leads_to_the_preview(app, drafter, session_factory):
    before = _counts(session_factory)
    job_id = _job_id(_upload(drafter, PDF.read_bytes(), "2715_QĐ-UBND.pdf"))
    progress = drafter.get(f"/soan-thao/nhap/{job_id}")
    assert progress.status_code == 200 and "Nạp tệp Word: 2715_QĐ-UBND.pdf" in progress.get_data(as_text=True)
    import_jobs.wait(job_id, timeout=300)

    state = drafter.get(f"/soan-thao/nhap/{job_id}/trang-thai").get_json()
    assert (state["status"], state["done"], state["total"], state["unit"]) == ("kept", 7, 7, "trang")
    assert state["message"] == "Đã đọc 17 mục; hãy kiểm tra rồi xác nhận."
    assert state["next"] == f"/soan-thao/word/viec/{job_id}"
    assert "7/7 trang" in drafter.get(f"/soan-thao/nhap/{job_id}").get_data(as_text=True)
    with session_factory() as session:
        job = session.get(ImportJob, job_id)
        assert job.content is None and job.result["heading"]["number"] == "2715/QĐ-UBND"  # the read, waiting
    assert _counts(session_factory) == before  # reading wrote nothing

    preview = drafter.get(state["next"]).get_data(as_text=True)
    assert "2715/QĐ-UBND" in preview and "Chưa có gì được ghi vào hệ thống" in preview
    confirmed = confirm_preview(drafter, preview)
    assert confirmed.status_code == 303, re.findall(r"(?s)<main.*", confirmed.get_data(as_text=True))[0][:1500]
    with session_factory() as session:
        decision = session.scalars(select(Decision).where(Decision.number == "2715/QĐ-UBND")).one()
        assert (decision.status, decision.drafting_agency.name, len(decision.entries)) == ("draft", AGENCY, 17)
        assert [e.action for e in decision.entries].count("abolished") == 8
        assert decision.extra["doubts"] == []  # the reader kept its (empty) list of doubts, as the CLI does


def _pdf_of_one_page_drawn(operations: bytes) -> bytes:
    """A valid one-page PDF whose content stream (compressed) draws `operations`: no text at all."""
    stream = zlib.compress(operations, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    table = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % table


def test_a_small_docx_is_read_in_the_request_and_no_pdf_is(app, drafter):
    settings = app.extensions["tthc"].settings
    docx = DOCX.read_bytes()
    assert not import_jobs.in_background(settings, len(docx), docx)
    response = open_preview(drafter, _upload(drafter, docx, "2715_QĐ-UBND.docx"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "2715/QĐ-UBND" in page and "Xác nhận và tạo dự thảo" in page
    # Its bytes do not tell what a PDF costs: 6 KB drawing 200,000 lines took 65 s to read, in the
    # request before; the 7 pages of 2715/QĐ-UBND take about 2 s.
    bomb = _pdf_of_one_page_drawn(b"0 0 m 1 1 l S\n" * 200_000)
    assert len(bomb) < 8 * 1024
    for pdf in (bomb, PDF.read_bytes(), LONG_PDF.read_bytes()):
        assert import_jobs.in_background(settings, len(pdf), pdf)


def test_a_job_that_cannot_read_the_file_writes_nothing_and_says_why_in_vietnamese(app, drafter, session_factory):
    before = _counts(session_factory)
    broken = b"%PDF-1.7\n" + b"0 0 obj garbage " * 64  # no page tree
    job_id = _job_id(_upload(drafter, broken, "quyet-dinh-2715.pdf"))
    import_jobs.wait(job_id, timeout=120)
    state = drafter.get(f"/soan-thao/nhap/{job_id}/trang-thai").get_json()
    assert state["status"] == "failed" and state["next"] == ""
    assert state["message"].startswith("Không đọc được tệp PDF: Không đọc được tệp PDF (")
    page = drafter.get(f"/soan-thao/nhap/{job_id}").get_data(as_text=True)
    assert "Không nạp được" in page and "Nạp tệp khác" in page
    assert drafter.get(f"/soan-thao/word/viec/{job_id}").status_code == 302  # no preview to show
    with session_factory() as session:
        job = session.get(ImportJob, job_id)
        assert job.content is None and job.result is None and job.finished_at is not None
    assert _counts(session_factory) == before


def test_a_word_file_refused_at_confirmation_leaves_no_half_written_draft(
    app, catalogue, make_user, client, auth, session_factory
):
    make_user("tuphap", "drafter", "Sở Tư pháp")  # does not handle the electricity procedures
    auth.login("tuphap")
    services = app.extensions["tthc"]
    services.settings = services.settings.replace(import_in_background_bytes=1)  # every upload through a job
    before = _counts(session_factory)
    job_id = _job_id(_upload(client, DOCX.read_bytes(), "2715_QĐ-UBND.docx"))
    import_jobs.wait(job_id, timeout=120)
    preview = client.get(f"/soan-thao/word/viec/{job_id}").get_data(as_text=True)
    refused = confirm_preview(client, preview)
    assert refused.status_code == 302  # back to the preview, which says why
    assert "Các thủ tục sau không thuộc cơ quan của bạn: 2.001561" in client.get(refused.headers["Location"]).get_data(
        as_text=True
    )
    assert _counts(session_factory) == before


@pytest.mark.parametrize(
    ("path", "number", "entries", "doubt"),
    [
        (DOCX, "2715/QĐ-UBND", 17, None),
        (  # the decision's own Điều 1 disagrees with its annex: the doubt is kept on both drafts
            DISAGREES,
            "3012/QĐ-UBND",
            5,
            "Điều 1 nói 05 mới ban hành; đọc được 3 sửa đổi, bổ sung, 2 mới ban hành.",
        ),
    ],
)
def test_the_command_line_and_the_web_make_the_same_draft_from_the_same_word_file(
    app, drafter, runner, session_factory, path, number, entries, doubt
):
    preview = open_preview(drafter, _upload(drafter, path.read_bytes(), path.name)).get_data(as_text=True)
    assert confirm_preview(drafter, preview).status_code == 303
    with session_factory() as session:
        from_web = session.scalars(select(Decision).where(Decision.number == number)).one()
        web = _comparable(from_web)
        author = session.get(User, from_web.created_by_id)
        delete_draft(session, from_web, author)  # the number is free again for the command
        session.commit()

    result = runner.invoke(args=["decision", "import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    (created,) = json.loads(result.stdout)
    with session_factory() as session:
        cli = _comparable(session.get(Decision, created["id"]))
    assert len(web["entries"]) == entries
    assert [d["message"] for d in web["doubts"]] == ([doubt] if doubt else [])
    assert cli == web


def test_a_pdf_that_unpacks_past_its_bound_fails_its_job_at_once_and_writes_nothing(app, drafter, session_factory):
    bomb = _pdf_of_one_page_drawn(b"0 0 m 1 1 l S\n" * 2_000_000)  # 28 MB of drawn lines (it took over 2 GB)
    assert len(bomb) < 64 * 1024
    before = _counts(session_factory)
    job_id = _job_id(_upload(drafter, bomb, "2715_QĐ-UBND.pdf"))
    import_jobs.wait(job_id, timeout=60)
    state = drafter.get(f"/soan-thao/nhap/{job_id}/trang-thai").get_json()
    assert state["status"] == "failed"
    assert state["message"] == (
        "Không đọc được tệp PDF: Tệp PDF chứa quá nhiều nội dung (hơn 16 MB sau khi giải nén); hãy xuất lại tệp "
        "PDF từ văn bản Word, hoặc tải lên tệp Word."
    )
    assert _counts(session_factory) == before
