"""Search gaps for staff: `/quan-tri/tim-kiem` (administrators) lists frequent public queries with no
or weak results and lets an administrator add, edit or retire synonym groups (tthc.search.gaps:
validated, audited, append-only versions, in force after the next index refresh)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..decisions.policy import Page
from ..search.gaps import current_groups, gaps, save_group
from . import db_session, id_param, run_change
from .access import staff_page

bp = Blueprint("search_admin", __name__, url_prefix="/quan-tri")


def _page(error: str = "", form=None, status: int = 200):
    session = db_session()
    return render_template(
        "staff/admin/search.html", gaps=gaps(session), groups=current_groups(session), error=error, form=form or {}
    ), status


@bp.route("/tim-kiem", methods=["GET"])
@staff_page(Page.ADMIN)
def search_gaps():
    return _page(form={"phrases": request.args.get("q", "")})


@bp.route("/tim-kiem", methods=["POST"])
@staff_page(Page.ADMIN)
def save_synonyms():
    form = request.form
    group = form.get("group_id", "")
    run_change(
        lambda session: save_group(
            session,
            form.get("phrases", ""),
            group_id=id_param(group, "Nhóm đồng nghĩa"),
            active=form.get("retire") != "1",
            user=current_user,
        ),
        page=lambda refusal: _page(str(refusal), form, 400),
    )
    flash(
        "Đã lưu nhóm đồng nghĩa. Chỉ mục tìm kiếm tự làm mới trong ít phút "
        "(hoặc bấm «Làm mới chỉ mục» để áp dụng ngay)."
    )
    return redirect(url_for("search_admin.search_gaps"))


@bp.route("/tim-kiem/lam-moi", methods=["POST"])
@staff_page(Page.ADMIN)
def refresh_index():
    from .public import search_service

    info = search_service().rebuild(wait=True, force=True)
    flash(f"Đã làm mới chỉ mục tìm kiếm ({info['documents']} thủ tục).")
    return redirect(url_for("search_admin.search_gaps"))
