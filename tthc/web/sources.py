"""Staff pages: sources (`/nguon/`: a ministry's decision and what it means for this authority, the
draft made from it) and the reconciliation with the national catalogue (`/doi-chieu/`). Thin over
tthc.sources."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..catalogue.agencies import register_list
from ..decisions.policy import Page
from ..diff.html import change_html, ops_html
from ..models.decisions import ACTION_LABELS
from ..records import FIELD_LABELS, LEVELS
from ..records.word_diff import word_ops
from ..sources import drafting as source_drafting
from ..sources import national as core_national
from ..sources.export import reconciliation_xlsx
from ..sources.matching import FOR_US_LABELS, Catalogue
from ..sources.reading import import_source, read_source_bytes
from ..sources.service import (
    OverdueSource,
    all_meanings,
    assign_agency,
    confirm_match,
    deadline_days,
    get_source,
    levels_of,
    meaning_of,
    overdue_lines,
    proposed_agency,
    set_not_applied,
    sources_key,
)
from . import db_session, id_param, run_change, services
from .access import staff_page
from .caching import per_state
from .downloads import send_download
from .paging import paginate

bp = Blueprint("sources", __name__)


@bp.app_template_global()
def source_field_labels() -> dict[str, str]:
    return FIELD_LABELS


def source_catalogue() -> Catalogue:
    """The catalogue in force indexed for matching sources' entries (names, codes), kept per catalogue
    state in this process: it never changes once loaded, and a decision applied is a new state."""
    session = db_session()
    return per_state("source catalogue", lambda: Catalogue.load(session), entries=2)


@bp.app_template_global()
def overdue_sources() -> list[OverdueSource]:
    """For the office's landing page (the review dashboard): sources past their deadline, still pending.
    Kept per catalogue state, day, settings and `sources_key` (any change to a source, its entries or the
    decisions drafted from them): a change is seen at the next request."""
    session, settings = db_session(), services().settings
    today = dt.date.today()
    return per_state(
        "overdue sources",
        lambda: overdue_lines(session, settings, today, catalogue=source_catalogue()),
        today,
        levels_of(settings),
        deadline_days(settings),
        sources_key(session),
    )


UPLOAD_MAX_BYTES = 50 * 1024 * 1024


def _source(source_id: int):
    return get_source(db_session(), source_id)  # SourceNotFound: 404


def _back_url(source_id: int, anchor: str = "") -> str:
    return url_for("sources.show", source_id=source_id) + anchor


@bp.route("/nguon/")
@staff_page(Page.WORK)
def index():
    return render_template(
        "staff/sources/index.html",
        meanings=all_meanings(db_session(), services().settings, catalogue=source_catalogue()),
        labels=FOR_US_LABELS,
    )


@bp.route("/nguon/", methods=["POST"])
@staff_page(Page.SOURCE_UPLOAD)
def upload():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("Chưa chọn tệp quyết định.")
        return redirect(url_for("sources.index"))
    data = upload.read(UPLOAD_MAX_BYTES + 1)
    if len(data) > UPLOAD_MAX_BYTES:
        flash("Tệp quá lớn (tối đa 50 MB).")
        return redirect(url_for("sources.index"))

    def change(session):
        flat, doubts = read_source_bytes(data, upload.filename or "", max_bytes=UPLOAD_MAX_BYTES)
        return import_source(session, flat, file_name=upload.filename or "", doubts=doubts, user=current_user)

    source = run_change(change, "Đã nạp nguồn; nguồn không làm thay đổi danh mục.", back=url_for("sources.index"))
    return redirect(url_for("sources.show", source_id=source.id))


DETAILS_PER_PAGE = 50


@bp.route("/nguon/<int:source_id>")
@staff_page(Page.WORK)
def show(source_id: int):
    session = db_session()
    source = _source(source_id)
    meaning = meaning_of(session, source, services().settings, catalogue=source_catalogue())
    return render_template(
        "staff/sources/show.html",
        meaning=meaning,
        # The table lists every entry (the draft is chosen from it); their details with word diffs go
        # DETAILS_PER_PAGE a page, or a ministry's 300 entries make a page of megabytes.
        details=paginate(len(meaning.ours), DETAILS_PER_PAGE),
        labels=FOR_US_LABELS,
        change_html=change_html,
        agencies=register_list(session),
        proposed=None if source.agency_id else proposed_agency(session, source),
        action_labels=ACTION_LABELS,
        level_labels=LEVELS,
    )


@bp.route("/nguon/<int:source_id>/giao", methods=["POST"])
@staff_page(Page.SOURCE_OFFICE)
def assign(source_id: int):
    source = _source(source_id)
    agency_id = id_param(request.form.get("agency_id"), "Cơ quan")
    back = _back_url(source_id)
    run_change(
        lambda s: assign_agency(s, source, agency_id, user=current_user), "Đã giao nguồn cho cơ quan.", back=back
    )
    return redirect(back)


@bp.route("/nguon/<int:source_id>/muc/<int:entry_id>/khong-ap-dung", methods=["POST"])
@staff_page(Page.SOURCE_OFFICE)
def not_applied(source_id: int, entry_id: int):
    source = _source(source_id)
    reason = None if request.form.get("undo") else request.form.get("reason", "")
    back = _back_url(source_id, f"#muc-{entry_id}")
    run_change(lambda s: set_not_applied(s, source, entry_id, reason, user=current_user), "Đã ghi nhận.", back=back)
    return redirect(back)


@bp.route("/nguon/<int:source_id>/muc/<int:entry_id>/xac-nhan", methods=["POST"])
@staff_page(Page.SOURCE_UPLOAD)
def confirm(source_id: int, entry_id: int):
    source = _source(source_id)
    code = request.form.get("code", "")
    back = _back_url(source_id, f"#muc-{entry_id}")
    run_change(lambda s: confirm_match(s, source, entry_id, code, user=current_user), "Đã xác nhận.", back=back)
    return redirect(back)


@bp.route("/nguon/<int:source_id>/du-thao", methods=["POST"])
@staff_page(Page.DRAFT_FROM_SOURCE)
def draft(source_id: int):
    source = _source(source_id)
    ids = [i for i in (id_param(v, "Mục") for v in request.form.getlist("entry")) if i is not None]
    settings = services().settings
    decision = run_change(
        lambda s: source_drafting.draft_from_source(
            s, source, ids, current_user, settings, issuer=settings.get("AUTHORITY_NAME", "")
        ),
        "Đã tạo dự thảo từ nguồn; hãy bổ sung các phần được đánh dấu.",
        back=_back_url(source_id),
    )
    return redirect(url_for("drafting.decision", decision_id=decision.id))


# --- the national catalogue ----------------------------------------------------------------------------
@bp.route("/doi-chieu/")
@staff_page(Page.WORK)
def reconcile():
    session = db_session()
    report = core_national.reconcile(session, _levels())
    return render_template(
        "staff/sources/reconcile.html",
        report=report,
        classes=core_national.CLASSES,
        class_labels=core_national.CLASS_LABELS,
        word_diff=lambda a, b: ops_html(word_ops(_joined(a), _joined(b))),
    )


def _joined(value) -> str:
    return "\n".join(value) if isinstance(value, list) else str(value or "")


def _levels():
    return levels_of(services().settings)


@bp.route("/doi-chieu/doi-chieu.xlsx")
@staff_page(Page.WORK)
def reconcile_xlsx():
    report = core_national.reconcile(db_session(), _levels())
    return send_download(
        reconciliation_xlsx(report),
        "đối-chiếu-csdl-quốc-gia.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@bp.route("/doi-chieu/giu", methods=["POST"])
@staff_page(Page.SOURCE_OFFICE)
def keep():
    form = request.form
    run_change(
        lambda s: core_national.mark_intended(
            s,
            form.get("kind", ""),
            form.get("code", ""),
            form.get("field", ""),
            form.get("reason", ""),
            user=current_user,
        ),
        "Đã ghi nhận khác biệt giữ có chủ ý.",
        back=url_for("sources.reconcile"),
    )
    return redirect(url_for("sources.reconcile"))


@bp.route("/doi-chieu/nguon", methods=["POST"])
@staff_page(Page.SOURCE_UPLOAD)
def reconcile_source():
    """The open differences as a source: the draft is then made from it like from a ministry's decision."""
    source = run_change(
        lambda s: core_national.source_from_reconciliation(s, core_national.reconcile(s, _levels()), user=current_user),
        "Đã lập nguồn từ các khác biệt với CSDL quốc gia.",
        back=url_for("sources.reconcile"),
    )
    return redirect(url_for("sources.show", source_id=source.id))
