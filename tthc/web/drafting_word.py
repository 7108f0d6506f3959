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

from ..annex.word import WordProblem
from ..decisions import drafting as core
from ..decisions import import_jobs
from ..decisions.file_import import HEADING_FIELDS, PROCESS_ONLY, ReadFile, import_read_file, read_decision_file
from ..decisions.policy import Page
from ..models.decisions import ACTION_LABELS
from ..models.import_jobs import ImportJobKind, ImportJobStatus
from ..problems import DomainError
from ..records import CHANNELS, FIELD_LABELS, LEVELS
from . import db_session, run_change, services
from .access import staff_page
from .drafting import start_import_job
from .limits import WORD_DECISION_BYTES, body_limit, read_upload

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
    try:
        content = read_upload(upload_file, WORD_DECISION_BYTES)
    except DomainError as error:
        return _back(str(error))
    if import_jobs.in_background(services().settings, len(content), content):
        return start_import_job(ImportJobKind.WORD, upload_file.filename, content)
    try:
        read = read_decision_file(content, ImportJobKind.WORD)  # .docx or .pdf
    except WordProblem as error:
        return _back(f"Không đọc được tệp {'PDF' if content[:5] == b'%PDF-' else 'Word'}: {error}")
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
    """A process annex sent as its own file (Word or PDF), attached to this draft's entries (issue 22)."""
    from ..decisions.attach import attach_process_file

    target = url_for("drafting.decision", decision_id=decision_id) + "#quy-trinh-tep"
    decision = core.get_decision(db_session(), current_user, decision_id)  # 404 when not visible
    upload_file = request.files.get("file")

    def attach(session):
        if upload_file is None or not upload_file.filename:
            raise DomainError("Chưa chọn tệp quy trình nội bộ.")
        return attach_process_file(session, decision, read_upload(upload_file, WORD_DECISION_BYTES), user=current_user)

    result = run_change(attach, back=target)
    names = "; ".join(f"mục {a['entry'] + 1} ({a['code'] or a['name'][:40]})" for a in result["attached"])
    flash(f"Đã gắn quy trình nội bộ vào {names}.")
    for doubt in result["doubts"]:
        flash(f"Cần kiểm tra: {doubt}")
    return redirect(target)
