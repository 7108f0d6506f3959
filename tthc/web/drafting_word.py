"""Staff pages: a decision read from Word, previewed, fixed and confirmed (thin over tthc.annex.word).

Upload → preview: nothing is written; the parsed decision travels in a signed, compressed hidden field
(bounded in size, valid for a few hours), so no half-imported draft ever exists. A large file, or a PDF of
many pages, is read by a background job first (tthc.decisions.import_jobs), whose progress page leads to
the same preview. Confirm → the drafter's fixes are applied to that payload and the draft is created in
one transaction by tthc.decisions.file_import, the path the Excel upload and `tthc decision import` take.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..decisions import drafting as core
from ..decisions import import_jobs
from ..decisions.attach import attached_text
from ..decisions.file_import import HEADING_FIELDS, PROCESS_ONLY, ReadFile, import_read_file, read_decision_file
from ..decisions.policy import Page
from ..models.decisions import ACTION_LABELS
from ..models.import_jobs import ImportJobKind, ImportJobStatus
from ..records import CHANNELS, FIELD_LABELS, LEVELS
from . import db_session, read_only, run_change, services
from .access import staff_page
from .drafting import start_import_job
from .limits import WORD_DECISION_BYTES, body_limit, read_upload
from .refusals import refusals_back_to

bp = Blueprint("drafting_word", __name__, url_prefix="/soan-thao/word")
PAYLOAD_SALT = "tthc-word-annex-preview"
PAYLOAD_MAX_AGE = 6 * 3600  # a preview left open over lunch still confirms
# The signed field, compressed (a 300-entry annex is about 15 KB); below the form's per-field limit.
MAX_PAYLOAD_CHARS = 400_000


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key or "", salt=PAYLOAD_SALT)


def _back(message: str):
    flash(message)
    return redirect(url_for("drafting.index") + "#word")


@bp.route("/", methods=["POST"])
@staff_page(Page.DRAFTING)
@body_limit(WORD_DECISION_BYTES)
def upload():
    """Read the .docx or .pdf and show the preview; nothing is written."""
    upload_file = request.files.get("file")
    if upload_file is None or not upload_file.filename:
        return _back("Chưa chọn tệp Word.")
    refusals_back_to(url_for("drafting.index") + "#word")  # a file refused: its reason, on the upload form
    content = read_upload(upload_file, WORD_DECISION_BYTES)
    if import_jobs.in_background(services().settings, len(content), content):
        return start_import_job(ImportJobKind.WORD, upload_file.filename, content)
    read = read_decision_file(content, ImportJobKind.WORD, named=True)  # .docx or .pdf
    return _signed_preview(read.document or {}, upload_file.filename)


@bp.route("/viec/<int:job_id>")
@staff_page(Page.DRAFTING)
def job_preview(job_id: int):
    """The preview of a Word decision a background job read (its progress page links here)."""
    job = import_jobs.job_for(db_session(), current_user, job_id)
    if job is None or job.kind != ImportJobKind.WORD:
        abort(404)
    if job.status != ImportJobStatus.DONE or not job.result:
        return redirect(url_for("drafting.import_job", job_id=job.id))
    return _signed_preview(job.result, job.filename)


def _signed_preview(data: dict[str, Any], filename: str):
    payload = _serializer().dumps(data)
    if len(payload) > MAX_PAYLOAD_CHARS:
        return _back("Phụ lục quá lớn để xem trước trên trang; hãy nhờ quản trị nạp bằng lệnh «tthc decision import».")
    return _preview(data, payload, filename=filename)


def _preview(data: dict[str, Any], payload: str, filename: str = "", status: int = 200):
    return render_template(
        "staff/drafting/word_preview.html",
        data=data,
        payload=payload,
        filename=filename,
        actions=ACTION_LABELS,
        levels={k: v for k, v in LEVELS.items() if k},
        heading_fields=HEADING_FIELDS,
        record_labels=FIELD_LABELS,
        channels=CHANNELS,
    ), status


@bp.route("/xac-nhan", methods=["POST"])
@staff_page(Page.DRAFTING)
def confirm():
    """Apply the drafter's fixes to the previewed decision and create the draft (all or nothing)."""
    payload = request.form.get("payload", "")
    if len(payload) > MAX_PAYLOAD_CHARS:
        return _back("Dữ liệu xem trước quá lớn; hãy tải tệp lên lại.")
    try:
        data = _serializer().loads(payload, max_age=PAYLOAD_MAX_AGE)
    except SignatureExpired:
        return _back("Bản xem trước đã hết hạn; hãy tải tệp Word lên lại.")
    except BadSignature:
        return _back("Dữ liệu xem trước không hợp lệ; hãy tải tệp Word lên lại.")
    read = ReadFile(document=data)
    if read.process_only:
        return _back(PROCESS_ONLY)

    def create(session):
        return import_read_file(session, read, user=current_user, fixes=request.form)[0]

    def refused(error):  # the preview again, with the reason
        flash(str(error))
        return _preview(data, payload, status=400)

    decision = run_change(create, page=refused)
    count = len((decision.extra or {}).get("designations") or []) or len(decision.entries)
    flash(f"Đã nạp {count} mục từ tệp Word vào dự thảo.")
    return redirect(url_for("drafting.decision", decision_id=decision.id))


@bp.route("/du-thao/<int:decision_id>/quy-trinh", methods=["POST"])
@staff_page(Page.DRAFTING)
@body_limit(WORD_DECISION_BYTES)
def attach_processes(decision_id: int):
    """A process annex sent as its own file (Word or PDF), for this draft's entries (issue 22): read by a
    background job (tthc.decisions.import_jobs, kind `processes`), whose progress page leads to what will
    be attached; nothing is written before the drafter confirms there."""
    target = url_for("drafting.decision", decision_id=decision_id) + "#quy-trinh-tep"
    decision = core.get_decision(db_session(), current_user, decision_id)  # 404 when not visible
    upload_file = request.files.get("file")
    if upload_file is None or not upload_file.filename:
        return _back_to(target, "Chưa chọn tệp quy trình nội bộ.")
    refusals_back_to(target)
    content = read_upload(upload_file, WORD_DECISION_BYTES)
    return start_import_job(ImportJobKind.PROCESSES, upload_file.filename, content, decision=decision, back=target)


def _back_to(target: str, message: str):
    flash(message)
    return redirect(target)


def _processes_job(decision_id: int, job_id: int):
    """The draft (404 when the user may not see it: the policy is asked first) and its process-annex job."""
    decision = core.get_decision(db_session(), current_user, decision_id)
    job = import_jobs.processes_job(db_session(), current_user, decision_id, job_id)
    if job is None:
        abort(404)
    return decision, job


@bp.route("/du-thao/<int:decision_id>/quy-trinh/<int:job_id>")
@staff_page(Page.DRAFTING)
def processes_preview(decision_id: int, job_id: int):
    """What the process annex a job read will attach to the draft, and the doubts; nothing written."""
    session = db_session()
    decision, job = _processes_job(decision_id, job_id)
    if job.status != ImportJobStatus.KEPT:
        return redirect(url_for("drafting.import_job", job_id=job.id))
    refusals_back_to(url_for("drafting.decision", decision_id=decision_id) + "#quy-trinh-tep")
    plan = import_jobs.processes_preview(session, job)  # a refusal (the draft moved on): on the draft's page
    entries = {entry.position: entry for entry in decision.entries}
    records = {  # each entry's record as it will be, so the time check compares the steps with its limit
        item["entry"]: {
            **core.full_record(session, decision, entries[item["entry"]]),
            "process": item["process"],
            "had_process": bool((entries[item["entry"]].record or {}).get("process")),
        }
        for item in plan["attached"]
    }
    read_only(session)  # the plan only reads
    return render_template(
        "staff/drafting/process_attach_preview.html",
        decision=decision,
        job=job,
        plan=plan,
        records=records,
        expected=",".join(str(item["entry"]) for item in plan["attached"]),
    )


@bp.route("/du-thao/<int:decision_id>/quy-trinh/<int:job_id>/gan", methods=["POST"])
@staff_page(Page.DRAFTING)
def confirm_processes(decision_id: int, job_id: int):
    """«Xác nhận gắn»: the processes the job read are written into the draft's entries (all or nothing)."""
    _, job = _processes_job(decision_id, job_id)
    target = url_for("drafting.decision", decision_id=decision_id) + "#quy-trinh-tep"
    shown = request.form.get("entries", "")
    try:
        expected = [int(x) for x in shown.split(",") if x.strip()] if shown else None
    except ValueError:
        expected = None
    if expected is None:
        return _back_to(target, "Thiếu danh sách mục đã xem trước; hãy mở lại bản xem trước rồi xác nhận.")

    result = run_change(
        lambda session: import_jobs.confirm_processes(session, job, current_user, expected),
        back=url_for(".processes_preview", decision_id=decision_id, job_id=job_id),
    )
    flash(f"Đã gắn quy trình nội bộ vào {attached_text(result['attached'])}.")
    for doubt in result["doubts"]:
        flash(f"Cần kiểm tra: {doubt}")
    return redirect(target)
