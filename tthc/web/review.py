"""Staff pages: review before publication (dashboard, the decision as a diff, comments, transitions).

Thin: each POST parses the form and calls one function of tthc.decisions.workflow through run_change.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..decisions import policy, workflow
from ..decisions.policy import Page
from ..decisions.snapshots import changes_since_last_review
from ..diff.decision import diff_decision
from ..diff.html import LEGEND, change_html
from ..models.decisions import Attachment, Comment, Decision, DecisionKind, DecisionStatus
from . import db_session, id_param, run_change
from .access import staff_page
from .history import attachment_response, diff_page
from .limits import SIGNED_PDF_BYTES, body_limit, read_upload
from .paging import paginate_groups

bp = Blueprint("review", __name__, url_prefix="/tham-dinh")
LISTINGS_PER_PAGE = 200  # a list decision's gains and losses, all points together


def _decision(decision_id: int) -> Decision:
    """The announcement decision, or 404 when the user may not see it (tthc.decisions.policy)."""
    return policy.visible_decision(db_session(), current_user, decision_id, kind=DecisionKind.CONG_BO)


def _back_url(decision_id: int, anchor: str = "") -> str:
    return url_for("review.show", decision_id=decision_id, xem=request.form.get("xem") or None) + (
        f"#{anchor}" if anchor else ""
    )


def _attempt(decision_id: int, call, success: str, anchor: str = ""):
    """Run one core call through run_change; back to the review page, where a refusal is flashed too."""
    back = _back_url(decision_id, anchor)
    run_change(call, success, back=back)
    return redirect(back, code=303)


def _run(decision_id: int, action, *args, success: str, anchor: str = "", **kwargs):
    """A workflow transition with the lock version the form carried."""
    decision = _decision(decision_id)
    lock = request.form.get("lock_version")
    return _attempt(
        decision_id,
        lambda session: action(session, decision, current_user, *args, lock_version=lock, **kwargs),
        success,
        anchor,
    )


@bp.app_template_global()
def comment_threads(decision: Decision):
    """For any staff template (the drafting pages too): the decision's comment threads."""
    return workflow.comment_threads(db_session(), decision)


@bp.app_template_global()
def may_resolve_comment(comment: Comment, decision: Decision) -> bool:
    return policy.may_resolve_comment(current_user, comment, decision)


@bp.app_template_global()
def may_mark_fixed(comment: Comment, decision: Decision) -> bool:
    return policy.may_mark_fixed(current_user, comment, decision)


def _back_to(decision_id: int, anchor: str) -> str:
    """After a comment action: the page it came from when that is one of the decision's drafting pages
    (the entry form), else the review page."""
    target = request.form.get("next", "")
    if target.startswith(f"/soan-thao/{decision_id}/") and "//" not in target and "\\" not in target:
        return target + f"#{anchor}"
    return _back_url(decision_id, anchor)


@bp.route("/")
@staff_page(Page.WORK)
def dashboard():
    return render_template("staff/review/dashboard.html", queue=workflow.review_queue(db_session(), current_user))


@bp.route("/<int:decision_id>")
@staff_page(Page.WORK)
def show(decision_id: int):
    session = db_session()
    decision = _decision(decision_id)
    mode = "side" if request.args.get("xem") == "song-song" else "inline"
    page = diff_page(decision)
    result = diff_decision(session, decision, page.items)
    # A list decision's gains and losses at every point, paged as one list (2,555 listings: 600 KB).
    listing_page, listing_places = paginate_groups(
        result["listings"], ("gains", "losses"), LISTINGS_PER_PAGE, "trang_danh_muc", "#danh-muc-thay-doi"
    )
    threads = workflow.comment_threads(session, decision)
    attachments = session.scalars(
        select(Attachment).where(Attachment.decision_id == decision.id).order_by(Attachment.id)
    ).all()
    open_by_entry = Counter(t["entry"].id for t in threads if t["entry"] and t["comment"].resolved_at is None)
    since = changes_since_last_review(session, decision)
    return render_template(
        "staff/review/show.html",
        decision=decision,
        diff=result,
        page=page,
        listing_page=listing_page,
        listing_places=listing_places,
        mode=mode,
        since=since,
        baseline_date=dt.date.fromisoformat(result["baseline_date"]),
        open_by_entry=open_by_entry,
        change_html=change_html,
        legend=LEGEND,
        threads=threads,
        attachments=attachments,
        actions=policy.allowed_actions(current_user, decision),
        request_changes_field=workflow.REQUEST_CHANGES_FIELD,
    )


@bp.route("/<int:decision_id>/gui", methods=["POST"])
@staff_page(Page.SUBMIT)
def submit(decision_id: int):
    return _run(decision_id, workflow.submit, success="Đã gửi dự thảo để thẩm định.")


@bp.route("/<int:decision_id>/yeu-cau-sua", methods=["POST"])
@staff_page(Page.REQUEST_CHANGES)
def request_changes(decision_id: int):
    return _run(
        decision_id,
        workflow.request_changes,
        request.form.get("note", ""),
        success="Đã chuyển lại dự thảo cho cơ quan soạn thảo để chỉnh sửa.",
    )


@bp.route("/<int:decision_id>/thong-qua", methods=["POST"])
@staff_page(Page.APPROVE)
def approve(decision_id: int):
    return _run(
        decision_id,
        workflow.approve,
        override_reason=request.form.get("override_reason", ""),
        success="Đã thông qua dự thảo; chờ lãnh đạo ký ban hành.",
    )


@bp.route("/<int:decision_id>/ky", methods=["POST"])
@staff_page(Page.SIGN)
@body_limit(SIGNED_PDF_BYTES)
def sign(decision_id: int):
    upload = request.files.get("pdf")
    pdf = (
        (upload.filename or "quyet-dinh.pdf", read_upload(upload, SIGNED_PDF_BYTES))
        if upload and upload.filename
        else None
    )
    response = _run(
        decision_id,
        workflow.sign,
        number=request.form.get("number", ""),
        signed_date=request.form.get("signed_date"),
        signer=request.form.get("signer", ""),
        effective_date=request.form.get("effective_date"),
        signing_title=request.form.get("signing_title"),
        pdf=pdf,
        success="Đã ghi nhận quyết định được ký ban hành.",
    )
    # A decision whose date has come took effect as it was signed (tthc.decisions.workflow.sign).
    if _decision(decision_id).status == DecisionStatus.IN_FORCE:
        flash("Quyết định đã có hiệu lực và được áp dụng vào danh mục.")
    return response


@bp.route("/<int:decision_id>/rut", methods=["POST"])
@staff_page(Page.WORK)
def withdraw(decision_id: int):
    return _run(decision_id, workflow.withdraw, request.form.get("note", ""), success="Đã rút quyết định.")


@bp.route("/<int:decision_id>/gop-y", methods=["POST"])
@staff_page(Page.WORK)
def comment(decision_id: int):
    decision = _decision(decision_id)
    form = request.form
    return _attempt(
        decision_id,
        lambda session: workflow.add_comment(
            session,
            decision,
            current_user,
            form.get("body", ""),
            entry_id=id_param(form.get("entry_id"), "Mục"),
            field=form.get("field", ""),
            parent_id=id_param(form.get("parent_id"), "Góp ý"),
        ),
        "Đã gửi góp ý.",
        "gop-y",
    )


@bp.route("/<int:decision_id>/gop-y/<int:comment_id>/xong", methods=["POST"])
@staff_page(Page.WORK)
def resolve(decision_id: int, comment_id: int):
    note = request.form.get("note", "")
    return _change_comment(
        decision_id,
        comment_id,
        lambda session, decision, found: workflow.resolve_comment(session, decision, found, current_user, note),
        "Đã đánh dấu góp ý là đã giải quyết.",
    )


@bp.route("/<int:decision_id>/gop-y/<int:comment_id>/da-sua", methods=["POST"])
@staff_page(Page.WORK)
def mark_fixed(decision_id: int, comment_id: int):
    """The drafter replies and marks the comment «đã sửa» (the reviewer still resolves it)."""
    body = request.form.get("body", "")
    return _change_comment(
        decision_id,
        comment_id,
        lambda session, decision, found: workflow.mark_fixed(session, decision, found, current_user, body),
        "Đã trả lời và đánh dấu góp ý là đã sửa.",
    )


def _change_comment(decision_id: int, comment_id: int, change, success: str):
    """One change to a comment of the decision (404 for a comment of another), then back to it."""
    decision = _decision(decision_id)
    found = db_session().get(Comment, comment_id)
    if found is None or found.decision_id != decision.id:
        abort(404)
    back = _back_to(decision_id, f"gop-y-{comment_id}")
    run_change(lambda session: change(session, decision, found), success, back=back)
    return redirect(back, code=303)


@bp.route("/<int:decision_id>/thay-doi-tu-lan-truoc")
@staff_page(Page.WORK)
def changes_since_review(decision_id: int):
    """What the drafter changed between the submission sent back and the latest one."""
    decision = _decision(decision_id)
    result = changes_since_last_review(db_session(), decision)
    return render_template(
        "staff/review/since_last_review.html", decision=decision, result=result, change_html=change_html, legend=LEGEND
    )


@bp.route("/<int:decision_id>/tep/<int:attachment_id>")
@staff_page(Page.WORK)
def attachment(decision_id: int, attachment_id: int):
    _decision(decision_id)
    return attachment_response(decision_id, attachment_id)
