"""Staff pages: drafting announcement decisions (thin over tthc.decisions.drafting and checks)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..annex import decision_workbook, template_workbook
from ..decisions import drafting as core
from ..decisions import form_files, import_jobs, policy
from ..decisions.checks import check_decision, check_one_entry, field_label
from ..decisions.entry_form import form_date, record_from_form
from ..decisions.file_import import import_read_file, read_decision_file
from ..decisions.import_report import import_report
from ..decisions.policy import Page
from ..decisions.starting_point import starting_record
from ..decisions.workflow import comment_threads
from ..models.catalogue import Agency, Sector
from ..models.decisions import ACTION_LABELS, Decision, EntryAction
from ..models.import_jobs import ImportJob, ImportJobKind, ImportJobStatus
from ..records import AGENCY_ROLE_LABELS, CHANNELS, LEVELS, ONLINE_LEVELS, TIME_UNITS
from ..security import UploadRejected, check_xlsx_upload
from . import db_session, id_param, read_only, run_change, services
from .access import staff_page
from .downloads import send_download
from .limits import FORM_FILE_BYTES, XLSX_ANNEX_BYTES, body_limit, read_upload
from .paging import page_number, paginate
from .refusals import refusals_back_to

bp = Blueprint("drafting", __name__, url_prefix="/soan-thao")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# An empty level is "not determined" (the channels still say whether it is online), never "Không".
ENTRY_ONLINE_LEVELS = {**ONLINE_LEVELS, "": "Chưa xác định mức độ"}
BLANK_METHOD_ROWS = 1
BLANK_DOCUMENT_ROWS = 2
# A draft's entries, this many a page: each carries its problems and, while editable, three forms (a draft
# re-announcing the catalogue, 3,065 entries, was 5.5 MB of HTML on one page; 300 entries 540 KB).
ENTRIES_PER_PAGE = 50
# The Excel preview (a POST's answer, nothing kept to page through) shows this many entries and counts all of
# them: 3,065 rows were 740 KB of HTML. The draft's pages and the review show every entry once it is imported.
REPORT_SHOWN = 200


bp.add_app_template_filter(field_label, "problem_field")


def _decision(decision_id: int) -> Decision:
    """The draft, or 404 (policy.NotVisible) when the user may not see it."""
    return core.get_decision(db_session(), current_user, decision_id)


def _entry(decision: Decision, entry_id: int):
    return core.get_entry(db_session(), decision, entry_id)


def _wants_json() -> bool:
    """Autosave: a refusal answers JSON (tthc.web.refusals), a success too."""
    return request.headers.get("X-Autosave") == "1"


# --- list, create, import ---------------------------------------------------------------------------
@bp.route("/")
@staff_page(Page.DRAFTING)
def index():
    session = db_session()
    agencies = list(session.scalars(select(Agency).order_by(Agency.sort_key))) if policy.is_admin(current_user) else []
    return render_template(
        "staff/drafting/index.html", decisions=core.decisions_for(session, current_user), agencies=agencies
    )


@bp.route("/moi", methods=["POST"])
@staff_page(Page.DRAFTING)
def create():
    decision = run_change(
        lambda session: core.create_draft(
            session,
            current_user,
            title=request.form.get("title", ""),
            number=request.form.get("number", ""),
            issuer=request.form.get("issuer", ""),
            legal_acts=request.form.get("legal_acts", ""),
            effective_date=form_date(request.form, "effective_date"),
            agency_id=_agency_id(),
        ),
        back=url_for(".index"),
    )
    return redirect(url_for(".decision", decision_id=decision.id))


def _agency_id() -> int | None:
    """The agency chosen on the form (administrators only), which must exist: 400 otherwise."""
    agency_id = id_param(request.form.get("agency_id"), "Cơ quan")
    if agency_id is not None and db_session().get(Agency, agency_id) is None:
        abort(400, description="Cơ quan đã chọn không tồn tại.")
    return agency_id


@bp.route("/mau-phu-luc.xlsx")
@staff_page(Page.DRAFTING)
def template():
    return send_download(template_workbook(), "mẫu-phụ-lục-quyết-định-công-bố.xlsx", XLSX)


@bp.route("/nhap-excel", methods=["POST"])
@staff_page(Page.DRAFTING)
@body_limit(XLSX_ANNEX_BYTES)
def upload():
    """A filled annex becomes a new draft of the user's agency: all rows or nothing. A large file is read
    by a background job whose progress page the drafter is sent to."""
    upload_file = request.files.get("file")
    if upload_file is None or not upload_file.filename:
        flash("Chưa chọn tệp Excel.")
        return redirect(url_for(".index"))
    refusals_back_to(url_for(".index"))
    data = read_upload(upload_file, XLSX_ANNEX_BYTES)
    check_xlsx_upload(data)  # the zip's directory only: a bomb is refused here, not in a job

    def import_draft(session):
        read = read_decision_file(data, ImportJobKind.EXCEL, max_rows=import_jobs.max_rows(services().settings))
        return import_read_file(session, read, user=current_user)[0]

    if request.form.get("xem_truoc"):
        return _preview_import(import_draft, upload_file.filename, data)
    if import_jobs.in_background(services().settings, len(data), data):
        return start_import_job(ImportJobKind.EXCEL, upload_file.filename, data)
    decision = run_change(import_draft)  # a WorkbookProblem shows its own page (tthc.web.refusals)
    flash(f"Đã nạp {len(decision.entries)} mục từ tệp Excel vào dự thảo.")
    return redirect(url_for(".decision", decision_id=decision.id))


def start_import_job(kind: str, filename: str, data: bytes, decision=None, back: str = ""):
    """Keep the upload on a job, start its thread, send the drafter to the progress page (also from
    drafting_word: a Word decision, a process annex for `decision`, refused back to `back`)."""
    limit = services().settings.get("IMPORT_JOBS_PER_USER")
    job = run_change(
        lambda session: import_jobs.create_job(
            session, kind, filename, data, current_user, limit=limit, decision=decision
        ),
        back=back or url_for("drafting.index") + ("#word" if kind == ImportJobKind.WORD else "#excel"),
    )
    import_jobs.start_in_background(services().session_factory, job.id, import_jobs.max_rows(services().settings))
    return redirect(url_for("drafting.import_job", job_id=job.id))


def _import_job_or_404(job_id: int) -> ImportJob:
    job = import_jobs.job_for(db_session(), current_user, job_id)
    if job is None:
        abort(404)
    return job


@bp.route("/nhap/<int:job_id>")
@staff_page(Page.DRAFTING)
def import_job(job_id: int):
    """The progress of a large upload being read; its outcome once the job ends."""
    job = _import_job_or_404(job_id)
    return render_template("staff/drafting/import_job.html", job=job, next_url=_import_next(job))


@bp.route("/nhap/<int:job_id>/trang-thai")
@staff_page(Page.DRAFTING)
def import_job_state(job_id: int):
    job = _import_job_or_404(job_id)
    state = import_jobs.job_status(job)
    state["next"] = _import_next(job)
    response = jsonify(state)
    response.headers["Cache-Control"] = "no-store"
    return response


def _import_next(job: ImportJob) -> str:
    """Where the drafter goes once the job is done: the new draft, the Word preview (then, once confirmed,
    its draft), or what a process annex will attach to its draft (then, once attached, that draft)."""
    if job.kind == ImportJobKind.PROCESSES and job.decision_id:
        if job.status == ImportJobStatus.KEPT:
            return url_for("drafting_word.processes_preview", decision_id=job.decision_id, job_id=job.id)
        if job.status == ImportJobStatus.DONE:
            return url_for(".decision", decision_id=job.decision_id) + "#quy-trinh-tep"
        return ""
    if job.kind == ImportJobKind.WORD and job.status == ImportJobStatus.KEPT:
        return url_for("drafting_word.job_preview", job_id=job.id)
    if job.status == ImportJobStatus.DONE and job.decision_id:  # an Excel annex imported, a Word one confirmed
        return url_for(".decision", decision_id=job.decision_id)
    return ""


def _preview_import(import_draft, filename: str, data: bytes):
    """The import report (per entry: what is added, changed, removed) with nothing of the draft written:
    the draft is built in the request's session, reported, then rolled back. The upload itself is kept
    (tthc.decisions.import_jobs.keep_upload) so «Nạp vào dự thảo» imports it without a second upload."""
    session = db_session()
    refusals_back_to(url_for(".index"))  # a WorkbookProblem shows its own page (tthc.web.refusals)
    try:
        decision = import_draft(session)
        report, number, count = import_report(session, decision), decision.number, len(decision.entries)
    finally:
        read_only(session)
    kept = run_change(lambda s: import_jobs.keep_upload(s, filename, data, current_user))
    totals = {key: sum(1 for e in report if e[key]) for key in ("added", "changed", "removed")}
    by_action: dict[str, int] = {}
    for e in report:
        by_action[e["action_label"]] = by_action.get(e["action_label"], 0) + 1
    return render_template(
        "staff/drafting/import_report.html",
        report=report[:REPORT_SHOWN],
        totals=totals,
        by_action=by_action,
        number=number,
        count=count,
        job=kept,
        keep_hours=int(import_jobs.KEEP_FOR.total_seconds() // 3600),
    )


@bp.route("/nhap-excel/<int:job_id>/nap", methods=["POST"])
@staff_page(Page.DRAFTING)
def confirm_import(job_id: int):
    """«Nạp vào dự thảo» after the import report: the kept upload becomes the draft (only its uploader,
    once, before it expires). A large file is read by a background job, as a large upload is."""
    job = import_jobs.kept_upload(db_session(), current_user, job_id)
    if job is None:
        abort(404)
    cap = import_jobs.max_rows(services().settings)
    refusals_back_to(url_for(".index") + "#excel")  # a WorkbookProblem shows its own page
    if import_jobs.in_background(services().settings, job.size, job.content):
        limit = services().settings.get("IMPORT_JOBS_PER_USER")
        run_change(lambda session: import_jobs.claim_kept(session, job, user=current_user, limit=limit))
        import_jobs.start_in_background(services().session_factory, job.id, cap)
        return redirect(url_for(".import_job", job_id=job.id))
    decision = run_change(lambda session: import_jobs.confirm_kept(session, job, current_user, cap))
    flash(f"Đã nạp {len(decision.entries)} mục từ tệp Excel vào dự thảo.")
    return redirect(url_for(".decision", decision_id=decision.id))


# --- one decision -------------------------------------------------------------------------------------
@bp.route("/<int:decision_id>")
@staff_page(Page.DRAFTING)
def decision(decision_id: int):
    session = db_session()
    item = _decision(decision_id)
    report = check_decision(session, item)
    entries = sorted(item.entries, key=lambda e: e.position)
    entry_page = paginate(len(entries), ENTRIES_PER_PAGE, anchor="#cac-muc")
    shown = entries[entry_page.items]
    names = {e.id: core.full_record(session, item, e)["name"] for e in shown}
    read_only(session)  # checks only read; nothing to keep
    return render_template(
        "staff/drafting/decision.html",
        decision=item,
        entries=shown,
        entry_page=entry_page,
        report=report,
        names=names,
        editable=policy.can(current_user, policy.Action.EDIT, item),
        actions=ACTION_LABELS,
        may_delete_draft=policy.may_delete_draft(current_user, item),
    )


@bp.route("/<int:decision_id>/xoa", methods=["POST"])
@staff_page(Page.DRAFTING)
def delete_draft(decision_id: int):
    """A draft never submitted goes away (audited); anything submitted can only be withdrawn."""
    item = _decision(decision_id)
    if request.form.get("xac_nhan") != "1":  # deleting is for good: the box says the drafter meant it
        flash("Hãy đánh dấu ô xác nhận trước khi xóa dự thảo.")
        return redirect(url_for(".decision", decision_id=decision_id), code=303)
    run_change(
        lambda session: core.delete_draft(session, item, current_user),
        "Đã xóa dự thảo.",
        back=url_for(".decision", decision_id=decision_id),
    )
    return redirect(url_for(".index"), code=303)


@bp.route("/<int:decision_id>", methods=["POST"])
@staff_page(Page.DRAFTING)
def save_decision(decision_id: int):
    item = _decision(decision_id)
    target = url_for(".decision", decision_id=item.id)
    run_change(
        lambda session: core.update_decision(
            session,
            item,
            current_user,
            title=request.form.get("title", ""),
            number=request.form.get("number", ""),
            issuer=request.form.get("issuer", ""),
            signer=request.form.get("signer", ""),
            legal_acts=request.form.get("legal_acts", ""),
            signed_date=form_date(request.form, "signed_date"),
            effective_date=form_date(request.form, "effective_date"),
        ),
        back=target,
    )
    if _wants_json():
        return jsonify({"saved": True, "at": dt.datetime.now().strftime("%H:%M:%S")})
    flash("Đã lưu thông tin quyết định.")
    return redirect(target)


@bp.route("/<int:decision_id>/excel")
@staff_page(Page.DRAFTING)
def download(decision_id: int):
    session = db_session()
    item = _decision(decision_id)
    bases = {
        e.id: starting_record(session, item, e)
        for e in item.entries
        if e.action in (EntryAction.AMENDED, EntryAction.REPLACED)
    }
    records = {e.id: core.full_record(session, item, e, bases.get(e.id)) for e in item.entries}
    name = item.number or f"du-thao-{item.id}"
    return send_download(decision_workbook(item, records, bases), f"phụ-lục-{name}.xlsx", XLSX)


def _act(decision_id: int, change, message: str = "", anchor: str = "", entry_id: int | None = None):
    """One change to a decision (core call, then one commit), back to the decision (or entry) page."""
    item = _decision(decision_id)
    page = page_number(request.form.get("trang"))  # back to the page of entries the form was on
    target = (
        url_for(".entry", decision_id=item.id, entry_id=entry_id)
        if entry_id
        else url_for(".decision", decision_id=item.id, trang=page if page > 1 else None)
    ) + anchor
    run_change(lambda session: change(session, item), message, back=target)
    return redirect(target)


@bp.route("/<int:decision_id>/chuyen-ma", methods=["POST"])
@staff_page(Page.DRAFTING)
def convert_decision_field(decision_id: int):
    return _act(
        decision_id,
        lambda session, item: core.convert_field(session, item, None, current_user, request.form.get("field", "")),
        "Đã chuyển sang Unicode.",
        "#thong-tin",
    )


# --- entries --------------------------------------------------------------------------------------------
@bp.route("/<int:decision_id>/muc", methods=["POST"])
@staff_page(Page.DRAFTING)
def add_entry(decision_id: int):
    item = _decision(decision_id)
    action = request.form.get("action", "")
    entry = run_change(
        lambda session: core.add_entry(
            session,
            item,
            current_user,
            action,
            code=request.form.get("code"),
            replaces_code=request.form.get("replaces_code"),
            basis=request.form.get("basis", ""),
            record={"name": request.form.get("name", "")} if action == EntryAction.NEW else None,
        ),
        back=url_for(".decision", decision_id=item.id),
    )
    if action == EntryAction.ABOLISHED:
        flash(f"Đã thêm mục bãi bỏ thủ tục {entry.code}.")
        return redirect(url_for(".decision", decision_id=item.id))
    return redirect(url_for(".entry", decision_id=item.id, entry_id=entry.id))


@bp.route("/<int:decision_id>/muc/<int:entry_id>")
@staff_page(Page.DRAFTING)
def entry(decision_id: int, entry_id: int):
    session = db_session()
    item = _decision(decision_id)
    row = _entry(item, entry_id)
    record = core.full_record(session, item, row)
    problems = check_one_entry(session, item, row)
    read_only(session)
    sectors = [s.name for s in session.scalars(select(Sector).order_by(Sector.sort_key))]
    entry_threads = [t for t in comment_threads(session, item) if t["entry"] is not None and t["entry"].id == row.id]
    return render_template(
        "staff/drafting/entry.html",
        decision=item,
        entry=row,
        record=record,
        entry_threads=entry_threads,
        problems=problems,
        editable=policy.can(current_user, policy.Action.EDIT, item),
        base=core.starting_record(session, item, row),
        sectors=sectors,
        agencies=core.agency_names(session),
        CHANNELS=CHANNELS,
        TIME_UNITS=TIME_UNITS,
        ONLINE_LEVELS=ENTRY_ONLINE_LEVELS,
        LEVELS=LEVELS,
        AGENCY_ROLES=AGENCY_ROLE_LABELS,
        blank_methods=BLANK_METHOD_ROWS,
        blank_documents=BLANK_DOCUMENT_ROWS,
        form_files=form_files.entry_forms(session, row.id),
    )


@bp.route("/<int:decision_id>/muc/<int:entry_id>", methods=["POST"])
@staff_page(Page.DRAFTING)
def save_entry(decision_id: int, entry_id: int):
    session = db_session()
    item = _decision(decision_id)
    row = _entry(item, entry_id)
    target = url_for(".entry", decision_id=item.id, entry_id=row.id)

    def save(session):
        record = None
        if row.action != EntryAction.ABOLISHED:
            record = record_from_form(request.form)
            record["extra"] = core.full_record(session, item, row)["extra"]  # not on the form: kept as is
        core.save_entry(
            session,
            item,
            row,
            current_user,
            record=record,
            code=request.form.get("code"),
            replaces_code=request.form.get("replaces_code"),
            basis=request.form.get("basis"),
            note=request.form.get("note"),
        )

    run_change(save, back=target)
    if _wants_json():
        problems = check_one_entry(session, item, row)
        read_only(session)
        return jsonify(
            {
                "saved": True,
                "at": dt.datetime.now().strftime("%H:%M:%S"),
                "errors": sum(p.severity == "error" for p in problems),
                "warnings": sum(p.severity == "warning" for p in problems),
            }
        )
    flash("Đã lưu mục.")
    return redirect(target)


@bp.route("/<int:decision_id>/muc/<int:entry_id>/mau-don", methods=["POST"])
@staff_page(Page.DRAFTING)
@body_limit(FORM_FILE_BYTES)
def attach_form_file(decision_id: int, entry_id: int):
    """Attach a form (mẫu đơn, tờ khai) as a .docx, .pdf or .xlsx file to the entry."""
    upload = request.files.get("file")
    notices: list[str] = []  # what was changed in the file (links taken out of a PDF)

    def change(session, item):
        if upload is None or not upload.filename:
            raise UploadRejected("Hãy chọn tệp mẫu đơn, tờ khai.")
        _, changed = form_files.attach_form(
            session,
            item,
            _entry(item, entry_id),
            current_user,
            upload.filename,
            read_upload(upload, FORM_FILE_BYTES),
            request.form.get("title", ""),
        )
        notices.extend(changed)

    response = _act(decision_id, change, "Đã đính kèm mẫu đơn, tờ khai.", "#mau-don-tep", entry_id=entry_id)
    for notice in notices:
        flash(notice)
    return response


@bp.route("/<int:decision_id>/muc/<int:entry_id>/mau-don/<int:form_id>/xoa", methods=["POST"])
@staff_page(Page.DRAFTING)
def remove_form_file(decision_id: int, entry_id: int, form_id: int):
    return _act(
        decision_id,
        lambda session, item: form_files.remove_form(session, item, _entry(item, entry_id), current_user, form_id),
        "Đã gỡ tệp mẫu khỏi mục.",
        "#mau-don-tep",
        entry_id=entry_id,
    )


@bp.route("/<int:decision_id>/muc/<int:entry_id>/xoa", methods=["POST"])
@staff_page(Page.DRAFTING)
def remove_entry(decision_id: int, entry_id: int):
    return _act(
        decision_id,
        lambda session, item: core.remove_entry(session, item, _entry(item, entry_id), current_user),
        "Đã xóa mục.",
        "#cac-muc",
    )


@bp.route("/<int:decision_id>/muc/<int:entry_id>/di-chuyen", methods=["POST"])
@staff_page(Page.DRAFTING)
def move_entry(decision_id: int, entry_id: int):
    offset = -1 if request.form.get("direction") == "up" else 1
    return _act(
        decision_id,
        lambda session, item: core.move_entry(session, item, _entry(item, entry_id), current_user, offset),
        anchor="#cac-muc",
    )


@bp.route("/<int:decision_id>/muc/<int:entry_id>/chuyen-ma", methods=["POST"])
@staff_page(Page.DRAFTING)
def convert_entry_field(decision_id: int, entry_id: int):
    def change(session, item):
        core.convert_field(session, item, _entry(item, entry_id), current_user, request.form.get("field", ""))

    return _act(decision_id, change, "Đã chuyển sang Unicode.", entry_id=entry_id)
