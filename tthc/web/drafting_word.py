"""Staff pages: a decision read from Word, previewed a page at a time, fixed and confirmed (thin over
tthc.annex.word and tthc.decisions.word_preview).

Upload → preview: nothing of a draft is written; the decision as read waits on an import job (status
`kept`), read in the request for a small .docx, by a background job for a large file or any PDF
(tthc.decisions.import_jobs, whose progress page leads to the same preview). The preview shows the entries
a page at a time (paged by the size of their content: tthc.web.paging), the doubts atop every page; each
page's form saves that page's fixes on the job (`word_preview.save_fixes`) before the drafter moves on, and
«Xác nhận» saves the page it is on, then makes the draft of the whole decision with every fix saved, in one
transaction, by tthc.decisions.file_import (the path of the Excel upload and `tthc decision import`).
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..decisions import drafting as core
from ..decisions import import_jobs, word_preview
from ..decisions.attach import attached_text
from ..decisions.file_import import HEADING_FIELDS, read_decision_file
from ..decisions.policy import Page
from ..models.decisions import ACTION_LABELS
from ..models.import_jobs import ImportJob, ImportJobKind, ImportJobStatus
from ..records import CHANNELS, FIELD_LABELS, LEVELS
from . import db_session, read_only, run_change, services
from .access import staff_page
from .drafting import start_import_job
from .limits import WORD_DECISION_BYTES, body_limit, read_upload
from .paging import paginate, paginate_by_weight
from .refusals import refusals_back_to

bp = Blueprint("drafting_word", __name__, url_prefix="/soan-thao/word")
# A page of the preview holds entries up to this much of what was read (their HTML, with the form, the raw
# row and Phần II, is about two and a half times that: a page stays well under 300 KB), at most PER_PAGE.
PAGE_TEXT = 80_000
PER_PAGE = 20
LISTINGS_PER_PAGE = 100  # a list-type decision's rows (one line each, a skip box)
DOUBTFUL = "nghi-van"  # ?loc=nghi-van: only the entries the reader doubts


def _back(message: str):
    flash(message)
    return redirect(url_for("drafting.index") + "#word")


@bp.route("/", methods=["POST"])
@staff_page(Page.DRAFTING)
@body_limit(WORD_DECISION_BYTES)
def upload():
    """Read the .docx or .pdf, keep what was read for the preview; nothing of a draft is written."""
    upload_file = request.files.get("file")
    if upload_file is None or not upload_file.filename:
        return _back("Chưa chọn tệp Word.")
    refusals_back_to(url_for("drafting.index") + "#word")  # a file refused: its reason, on the upload form
    content = read_upload(upload_file, WORD_DECISION_BYTES)
    if import_jobs.in_background(services().settings, len(content), content):
        return start_import_job(ImportJobKind.WORD, upload_file.filename, content)
    read = read_decision_file(content, ImportJobKind.WORD, named=True)  # .docx or .pdf
    filename = upload_file.filename
    job = run_change(
        lambda session: word_preview.keep_document(session, filename, len(content), read.document or {}, current_user)
    )
    return redirect(url_for(".job_preview", job_id=job.id), code=303)


def _word_job(job_id: int) -> ImportJob:
    job = word_preview.word_job(db_session(), current_user, job_id)
    if job is None:
        abort(404)
    return job


def _closed(job: ImportJob):
    """Where a preview no longer open sends the drafter: the draft it made, else the job's page (expired,
    still being read, or failed, with its reason)."""
    if job.status == ImportJobStatus.DONE and job.decision_id:
        flash("Tệp này đã được nạp vào dự thảo.")
        return redirect(url_for("drafting.decision", decision_id=job.decision_id))
    if import_jobs.expired(job):
        return _back(word_preview.EXPIRED)
    return redirect(url_for("drafting.import_job", job_id=job.id))


@bp.route("/viec/<int:job_id>")
@staff_page(Page.DRAFTING)
def job_preview(job_id: int):
    """The preview of a Word decision read (in the request or by a background job), a page at a time."""
    job = _word_job(job_id)
    if not word_preview.is_open(job):
        return _closed(job)
    data, fixes = job.result or {}, dict(job.fixes or {})
    entries = data.get("entries") or []
    doubtful = word_preview.doubtful(data)
    only_doubtful = request.args.get("loc") == DOUBTFUL
    # Where every entry is in the whole list (the links to the doubtful ones), and this page's entries: the
    # pages open at their top, where the doubts are (no anchor).
    weights = [len(json.dumps(entry, ensure_ascii=False)) + 600 for entry in entries]  # + its form's fields
    everything = paginate_by_weight(weights, PAGE_TEXT, PER_PAGE)
    listed = doubtful if only_doubtful else list(range(len(entries)))
    page = paginate_by_weight([weights[i] for i in listed], PAGE_TEXT, PER_PAGE) if only_doubtful else everything
    shown = listed[page.items]
    listings = data.get("listings") or []
    listing_page = paginate(len(listings), LISTINGS_PER_PAGE) if listings else None
    processes = data.get("processes") or []
    process_page = (
        paginate_by_weight([len(json.dumps(p, ensure_ascii=False)) for p in processes], PAGE_TEXT, PER_PAGE)
        if processes and not entries
        else None
    )
    fixed = word_preview.fixed_fields(fixes)
    return render_template(
        "staff/drafting/word_preview.html",
        job=job,
        data=data,
        filename=job.filename,
        page=listing_page or page,
        shown=[(i, entries[i], word_preview.entry_values(entries[i], i, fixes)) for i in shown],
        listings=[(i, listings[i]) for i in range(listing_page.start, listing_page.stop)] if listing_page else [],
        processes=processes[process_page.items] if process_page else [],
        process_page=process_page,
        only_doubtful=only_doubtful,
        doubtful=[(i, everything.page_of(i)) for i in doubtful],
        heading=word_preview.heading_values(data, fixes),
        fixes=fixes,
        fixed=fixed,
        heading_fixed=any(name.startswith("heading-") for name in fixes),
        skipped=word_preview.skipped(fixes),
        skipped_listings=word_preview.skipped(fixes, "listing"),
        here=request.full_path.rstrip("?"),
        actions=ACTION_LABELS,
        levels={k: v for k, v in LEVELS.items() if k},
        heading_fields=HEADING_FIELDS,
        record_labels=FIELD_LABELS,
        channels=CHANNELS,
        keep_hours=int(import_jobs.KEEP_FOR.total_seconds() // 3600),
    )


def _positions(name: str) -> list[int]:
    """The positions a page's form says it showed (`entries_shown`, `listings_shown`: "3,17,45")."""
    parts = (x.strip() for x in request.form.get(name, "")[:100_000].split(","))
    return [int(x) for x in parts if x.isascii() and x.isdigit()]


def _save(job: ImportJob) -> int:
    return run_change(
        lambda session: word_preview.save_fixes(
            session,
            job,
            current_user,
            request.form,
            entries=_positions("entries_shown"),
            listings=_positions("listings_shown"),
        ),
        back=url_for(".job_preview", job_id=job.id),
    )


def _next_page(job: ImportJob) -> str:
    """Where the drafter goes after saving: the page of the preview the form names (`sang`: a pager link
    or a doubt's link the page's script caught, or the button «Lưu và sang trang sau»), else the same page."""
    own = url_for(".job_preview", job_id=job.id)
    for target in (request.form.get("sang", ""), request.form.get("tai", "")):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and parts.path == own:
            return target
    return own


@bp.route("/viec/<int:job_id>", methods=["POST"])
@staff_page(Page.DRAFTING)
def save_preview(job_id: int):
    """One page's fixes kept on the job (nothing of a draft written); then the page the drafter asked for."""
    job = _word_job(job_id)
    if not word_preview.is_open(job):
        return _closed(job)
    if _save(job):
        flash("Đã lưu các sửa đổi trên trang.")
    return redirect(_next_page(job), code=303)


@bp.route("/viec/<int:job_id>/xac-nhan", methods=["POST"])
@staff_page(Page.DRAFTING)
def confirm(job_id: int):
    """«Xác nhận và tạo dự thảo»: the fixes of the page it was pressed on are kept, then the whole decision,
    every saved fix applied, becomes the draft (all or nothing, once)."""
    job = _word_job(job_id)
    if not word_preview.is_open(job):
        return _closed(job)
    _save(job)  # kept even when the draft is refused below: the drafter fixes the refusal's cause next
    decision = run_change(lambda session: word_preview.confirm(session, job, current_user), back=_next_page(job))
    count = len((decision.extra or {}).get("designations") or []) or len(decision.entries)
    flash(f"Đã nạp {count} mục từ tệp Word vào dự thảo.")
    return redirect(url_for("drafting.decision", decision_id=decision.id), code=303)


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
