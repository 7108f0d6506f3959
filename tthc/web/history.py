"""Public history (no login): decisions and what each changed, the change log and its Atom feed,
what changed between two dates, and any two versions of one procedure."""

from __future__ import annotations

import datetime as dt
import json

from flask import Blueprint, abort, jsonify, make_response, render_template, request, url_for
from sqlalchemy import func, select

from ..catalogue.queries import history
from ..decisions import policy
from ..diff.catalogue import applied_revisions, diff_between_dates, diff_versions, public_decisions
from ..diff.decision import diff_decision
from ..diff.html import LEGEND, change_html
from ..models.decisions import Attachment, Decision, DecisionStatus
from ..printing.postings import base_url_problem
from . import db_session, id_param, public_base_url, requested_date
from .caching import conditional
from .downloads import send_download
from .paging import paginate, paginate_by_weight

bp = Blueprint("history", __name__)
FEED_SIZE = 50
# A page of a decision's diff holds entries up to this much record text (its HTML is at most about three times that: a
# page stays under 300 KB) and at most DIFF_PER_PAGE entries.
DIFF_PAGE_TEXT = 60_000
DIFF_PER_PAGE = 20
# Between two dates: procedures added or abolished are listed by name, this many a page each.
NAMES_PER_PAGE = 200


def diff_page(decision: Decision, anchor: str = ""):
    """Which of a decision's entries this request's page compares (paging.Page)."""
    weights = [len(json.dumps(e.record or {}, ensure_ascii=False)) + 500 for e in decision.entries]
    return paginate_by_weight(weights, DIFF_PAGE_TEXT, DIFF_PER_PAGE, anchor=anchor)


ATTACHMENT_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'"


def _mode() -> str:
    return "side" if request.args.get("xem") == "song-song" else "inline"


def decisions_state() -> str:
    """What history pages show beyond the catalogue state: a decision signed, withdrawn or given its
    signed PDF changes a page even when no revision moves (part of the ETag). Public decisions only: a
    draft edited must not change a public tag (a poller would see when staff work)."""
    session = db_session()
    public = policy.public_clause()
    updated, attachment = session.execute(
        select(
            select(func.max(Decision.updated_at)).where(public).scalar_subquery(),
            select(func.max(Attachment.id))
            .join(Decision, Decision.id == Attachment.decision_id)
            .where(public)
            .scalar_subquery(),
        )
    ).one()
    return f"{updated}|{attachment}"


def _public_decision(decision_id: int) -> Decision:
    """A decision the public may see (tthc.decisions.policy: published ones and the baseline), else 404.
    Public pages answer the same whoever is signed in: drafts are read on the staff pages."""
    return policy.visible_decision(db_session(), None, decision_id)


@bp.route("/quyet-dinh/")
@conditional(extra=decisions_state)
def decisions():
    return render_template("public/decisions.html", decisions=public_decisions(db_session()))


@bp.route("/quyet-dinh/<int:decision_id>")
@conditional(extra=decisions_state, args=("trang", "xem", "trang_danh_muc"))
def decision(decision_id: int):
    session = db_session()
    found = _public_decision(decision_id)
    attachments = session.scalars(
        select(Attachment).where(Attachment.decision_id == found.id).order_by(Attachment.id)
    ).all()
    page = diff_page(found, "#muc-dau")
    listed = found.extra.get("designations") or []  # a list decision's rows (2,555 of them: 480 KB)
    listed_page = paginate(len(listed), NAMES_PER_PAGE, "trang_danh_muc", "#danh-muc")
    return render_template(
        "public/decision.html",
        decision=found,
        diff=diff_decision(session, found, page.items),
        page=page,
        listed=listed[listed_page.items],
        listed_page=listed_page,
        mode=_mode(),
        change_html=change_html,
        legend=LEGEND,
        attachments=attachments,
    )


@bp.route("/quyet-dinh/<int:decision_id>.json")
@conditional(extra=decisions_state)
def decision_json(decision_id: int):
    """The same diff as `tthc decision diff ID --json` (docs/review.md), for open-data users."""
    return jsonify(diff_decision(db_session(), _public_decision(decision_id)))


@bp.route("/quyet-dinh/<int:decision_id>/tep/<int:attachment_id>")
def attachment(decision_id: int, attachment_id: int):
    _public_decision(decision_id)
    return attachment_response(decision_id, attachment_id)


def attachment_response(decision_id: int, attachment_id: int):
    """The stored file (the signed PDF) of a decision the caller already checked access to: always a
    download, and sandboxed should a browser render it anyway (no script, no same-origin access)."""
    found = db_session().get(Attachment, attachment_id)
    if found is None or found.decision_id != decision_id:
        abort(404)
    response = send_download(found.content, found.filename or f"quyet-dinh-{decision_id}.pdf", "application/pdf")
    response.headers["Content-Security-Policy"] = ATTACHMENT_CSP
    return response


@bp.route("/thay-doi/")
@conditional(extra=decisions_state)
def changes():
    return render_template("public/changes.html", revisions=applied_revisions(db_session(), limit=200))


def feed_base_url() -> str:
    """The site's public address (TTHC_PUBLIC_BASE_URL); while that is unset or a loopback address, the
    address this request came to, so a feed reader can follow the links (part of the feed's ETag, so
    an answer built for one address is never served for another)."""
    configured = public_base_url()
    if base_url_problem(configured) is None:
        return configured
    return request.host_url.rstrip("/")


@bp.route("/thay-doi/atom.xml")
@conditional(extra=lambda: f"{decisions_state()}|{feed_base_url()}")
def feed():
    """Decisions in force (one entry per catalogue revision) and those signed, waiting for their date."""
    session = db_session()
    revisions = applied_revisions(session, limit=FEED_SIZE)
    signed = [d for d in public_decisions(session) if d.status == DecisionStatus.SIGNED][:FEED_SIZE]
    times = [r.applied_at for r in revisions] + [d.updated_at for d in signed if d.updated_at]
    updated = max(times, default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    body = render_template(
        "public/changes_atom.xml",
        revisions=revisions,
        signed=signed,
        updated=_iso(updated),
        iso=_iso,
        base=feed_base_url(),
    )
    response = make_response(body)
    response.mimetype = "application/atom+xml"
    return response


def _iso(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat(timespec="seconds")


@bp.route("/thay-doi/giua-hai-ngay")
@conditional(extra=decisions_state, args=("tu", "den", "xem", "trang_moi", "trang_bai_bo", "trang_sua_doi"))
def between_dates():
    """Three lists, each paged on its own (from the baseline on, every procedure is "new": 3,065 names and
    more than 600 KB on one page)."""
    start, end = requested_date("tu"), requested_date("den")
    result, pages = None, {}
    if start and end:
        if end < start:
            start, end = end, start
        result = diff_between_dates(db_session(), start, end)
        weights = [len(json.dumps(c["changes"], ensure_ascii=False, default=str)) + 500 for c in result["changed"]]
        pages = {
            "added": paginate(len(result["added"]), NAMES_PER_PAGE, "trang_moi", "#moi"),
            "removed": paginate(len(result["removed"]), NAMES_PER_PAGE, "trang_bai_bo", "#bai-bo"),
            "changed": paginate_by_weight(weights, DIFF_PAGE_TEXT, DIFF_PER_PAGE, "trang_sua_doi", "#sua-doi"),
        }
    return render_template(
        "public/between_dates.html",
        result=result,
        pages=pages,
        start=start,
        end=end,
        mode=_mode(),
        change_html=change_html,
        legend=LEGEND,
    )


@bp.route("/thu-tuc/<path:code>/so-sanh")
@conditional(extra=decisions_state, args=("tu", "den", "xem"))
def compare_versions(code: str):
    session = db_session()
    versions = history(session, code)
    if not versions:
        abort(404)
    from_id, to_id = id_param(request.args.get("tu"), "Phiên bản"), id_param(request.args.get("den"), "Phiên bản")
    if from_id is None or to_id is None:
        # Default: the latest change (the last two versions).
        if len(versions) < 2:
            return render_template(
                "public/compare.html",
                code=code,
                versions=versions,
                result=None,
                mode=_mode(),
                change_html=change_html,
                legend=LEGEND,
            )
        from_id, to_id = versions[-2].id, versions[-1].id
    result = diff_versions(session, code, from_id, to_id)
    if result is None:
        abort(404)
    return render_template(
        "public/compare.html",
        code=code,
        versions=versions,
        result=result,
        mode=_mode(),
        change_html=change_html,
        legend=LEGEND,
    )


@bp.app_template_global()
def compare_url(code: str, from_id: int, to_id: int) -> str:
    return url_for("history.compare_versions", code=code, tu=from_id, den=to_id)
