"""Staff pages: drafting list-type decisions (danh mục), thin over tthc.decisions.listings.

A list draft is shown on the ordinary drafting page (staff/drafting/decision.html includes
_listings.html); these routes create one and add or remove its listed / delisted entries.
"""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..catalogue.designations import is_list_decision
from ..decisions import listings as core
from ..decisions.entry_form import form_date
from ..decisions.policy import Page
from ..models.catalogue import DESIGNATIONS, ServicePoint
from ..text import sort_key
from . import db_session, id_param, run_change
from .access import staff_page
from .drafting import _agency_id, _decision
from .paging import page_number, paginate

bp = Blueprint("drafting_lists", __name__, url_prefix="/soan-thao")
LISTINGS_PER_PAGE = 100  # a list draft's rows a page (2,555 rows with their forms were 1.8 MB of HTML)


@bp.app_template_global()
def list_draft(decision) -> dict | None:
    """For the drafting page: a list decision's rows on this page (`page`: tthc.web.paging), their count and
    the choices of its form (None otherwise)."""
    if not is_list_decision(decision):
        return None
    points = sorted(
        db_session().scalars(select(ServicePoint).where(ServicePoint.active.is_(True))), key=lambda p: sort_key(p.name)
    )
    rows = core.listing_rows(db_session(), decision)
    page = paginate(len(rows), LISTINGS_PER_PAGE, anchor="#danh-muc")
    return {
        "rows": rows[page.items],
        "total": len(rows),
        "page": page,
        "points": points,
        "designations": DESIGNATIONS,
    }


def _back_to_page(decision_id: int) -> str:
    """The drafting page, at the page of listings the form was sent from."""
    page = page_number(request.form.get("trang"))
    return url_for("drafting.decision", decision_id=decision_id, trang=page if page > 1 else None) + "#danh-muc"


@bp.route("/danh-muc/moi", methods=["POST"])
@staff_page(Page.DRAFTING)
def create():
    decision = run_change(
        lambda session: core.create_list_draft(
            session,
            current_user,
            title=request.form.get("title", ""),
            number=request.form.get("number", ""),
            issuer=request.form.get("issuer", ""),
            legal_acts=request.form.get("legal_acts", ""),
            effective_date=form_date(request.form, "effective_date"),
            agency_id=_agency_id(),
        ),
        back=url_for("drafting.index") + "#danh-muc",
    )
    return redirect(url_for("drafting.decision", decision_id=decision.id))


@bp.route("/<int:decision_id>/danh-muc", methods=["POST"])
@staff_page(Page.DRAFTING)
def add(decision_id: int):
    item = _decision(decision_id)
    where = request.form.get("where", "")
    point_id = id_param(where.removeprefix("point:"), "Nơi tiếp nhận") if where.startswith("point:") else None
    target = url_for("drafting.decision", decision_id=item.id) + "#danh-muc"
    run_change(
        lambda session: core.add_listing(
            session,
            item,
            current_user,
            action=request.form.get("action", ""),
            code=request.form.get("code", ""),
            designations=request.form.getlist("designation"),
            service_point_id=point_id,
            point_kind=where.removeprefix("kind:") if where.startswith("kind:") else "",
        ),
        "Đã thêm mục danh mục.",
        back=target,
    )
    return redirect(target)


@bp.route("/<int:decision_id>/danh-muc/<int:index>/xoa", methods=["POST"])
@staff_page(Page.DRAFTING)
def remove(decision_id: int, index: int):
    item = _decision(decision_id)
    target = _back_to_page(item.id)
    run_change(
        lambda session: core.remove_listing(session, item, current_user, index), "Đã xóa mục danh mục.", back=target
    )
    return redirect(target)
