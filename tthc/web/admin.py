"""Administrator pages: accounts (list, create, deactivate/reactivate, reset password) and the agency
register (agencies, mapping the texts the register cannot read, grants of drafting). Thin over
tthc.accounts.service and tthc.catalogue.agencies; every change is audited there."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..accounts.counters import point_ids_of, set_points
from ..accounts.service import (
    SIGNING_TITLES,
    create_user,
    issue_unlock_link,
    list_users,
    reset_password,
    set_active,
    set_signing_title,
)
from ..catalogue.agencies import (
    feedback_unconfigured,
    grant,
    map_text,
    register_agency,
    register_list,
    set_address,
    unmapped_texts,
)
from ..catalogue.service_points import list_service_points
from ..decisions.policy import Page
from ..models.accounts import ROLES, Role, User
from ..models.catalogue import GRANT_KINDS, Agency, AgencyGrant, AgencyMapping
from ..records import LEVELS
from . import db_session, id_param, public_url, run_change
from .access import staff_page
from .caching import forget_per_state
from .paging import paginate

bp = Blueprint("admin", __name__, url_prefix="/quan-tri")


def _users_page(error: str | None = None, form=None, status: int = 200, unlock=None):
    session = db_session()
    agencies = [a.name for a in register_list(session)]  # the form picks from the register
    users = list_users(session)
    counter_points = {u.id: point_ids_of(session, u) for u in users if u.role == Role.COUNTER}
    return render_template(
        "staff/admin/users.html",
        users=users,
        roles=ROLES,
        agencies=agencies,
        service_points=list_service_points(session) if counter_points else [],
        counter_points=counter_points,
        error=error,
        form=form or {},
        unlock=unlock,
    ), status


def _user_or_404(user_id: int) -> User:
    user = db_session().get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/")
@staff_page(Page.ADMIN)
def index():
    """The administrators' door the README names: the accounts page, which links to the rest."""
    return redirect(url_for(".users"))


@bp.route("/tai-khoan", methods=["GET"])
@staff_page(Page.ADMIN)
def users():
    return _users_page()


@bp.route("/tai-khoan", methods=["POST"])
@staff_page(Page.ADMIN)
def create():
    form = request.form
    user = run_change(
        lambda session: create_user(
            session,
            form.get("username", ""),
            form.get("role", ""),
            form.get("password", ""),
            agency=form.get("agency") or None,
            full_name=form.get("full_name", ""),
            actor=current_user.username,
            register_new=False,
        ),
        page=lambda refusal: _users_page(str(refusal), form, 400),
    )
    flash(f"Đã tạo tài khoản {user.username} ({user.role_label}).")
    return redirect(url_for("admin.users"))


def _change_user(user_id: int, change, done: str):
    """Apply one account change by an administrator; the page again with the reason if refused."""
    user = _user_or_404(user_id)
    run_change(lambda session: change(session, user), page=lambda refusal: _users_page(str(refusal), status=400))
    flash(f"{done} {user.username}.")
    return redirect(url_for("admin.users"))


@bp.route("/tai-khoan/<int:user_id>/trang-thai", methods=["POST"])
@staff_page(Page.ADMIN)
def toggle_active(user_id: int):
    active = request.form.get("active") == "1"
    return _change_user(
        user_id,
        lambda session, user: set_active(session, user, active, by=current_user),
        "Đã mở khóa tài khoản" if active else "Đã khóa tài khoản",
    )


@bp.route("/tai-khoan/<int:user_id>/chuc-danh", methods=["POST"])
@staff_page(Page.ADMIN)
def signing_title(user_id: int):
    title = request.form.get("signing_title", "")
    return _change_user(
        user_id,
        lambda session, user: set_signing_title(session, user, title, by=current_user),
        "Đã đặt chức danh ký cho",
    )


@bp.route("/tai-khoan/<int:user_id>/noi-tiep-nhan", methods=["POST"])
@staff_page(Page.ADMIN)
def service_points(user_id: int):
    """The service points a counter account prints for (the same core change as `tthc users set-points`)."""
    raw_ids = request.form.getlist("service_point")
    ids = [i for i in (id_param(raw, "Nơi tiếp nhận") for raw in raw_ids) if i is not None]
    return _change_user(
        user_id,
        lambda session, user: set_points(session, user, ids, by=current_user, actor=current_user.username),
        "Đã giao nơi tiếp nhận cho",
    )


@bp.app_template_global()
def signing_titles() -> tuple[str, ...]:
    return SIGNING_TITLES


@bp.route("/tai-khoan/<int:user_id>/mat-khau", methods=["POST"])
@staff_page(Page.ADMIN)
def password(user_id: int):
    new_password = request.form.get("password", "")
    return _change_user(
        user_id,
        lambda session, user: reset_password(session, user, new_password, by=current_user),
        "Đã đặt lại mật khẩu cho",
    )


@bp.route("/tai-khoan/<int:user_id>/mo-khoa", methods=["POST"])
@staff_page(Page.ADMIN)
def unlock_link(user_id: int):
    """A one-time link letting the user log in despite a lock-out; shown once, to hand over in person."""
    user = _user_or_404(user_id)
    token = run_change(lambda session: issue_unlock_link(session, user, by=current_user))
    return _users_page(unlock={"username": user.username, "link": public_url("auth.unlock", token=token)})


# --- the agency register -------------------------------------------------------------------------------
UNMAPPED_PER_PAGE = 20


def _agencies_page(error: str | None = None, status: int = 200):
    session = db_session()
    unmapped, without = unmapped_texts(session)
    grants = session.execute(
        select(AgencyGrant, Agency.name).join(Agency).order_by(Agency.sort_key, AgencyGrant.kind, AgencyGrant.value)
    ).all()
    mappings = session.execute(
        select(AgencyMapping, Agency.name).join(Agency).order_by(AgencyMapping.folded, Agency.sort_key)
    ).all()
    # Each text to map carries a choice of every agency: 20 a page keeps the page light at 3,000 procedures.
    page = paginate(len(unmapped), UNMAPPED_PER_PAGE, anchor="#chua-anh-xa")
    agencies = register_list(session)
    return render_template(
        "staff/admin/agencies.html",
        agencies=agencies,
        unmapped=unmapped[page.items],
        unmapped_page=page,
        unmapped_total=len(unmapped),
        without=without,
        grants=grants,
        mappings=mappings,
        grant_kinds=GRANT_KINDS,
        levels=LEVELS,
        error=error,
        feedback_warning=feedback_unconfigured(
            current_app.config.get("FEEDBACK_ADDRESS", ""), current_app.config.get("AUTHORITY_ADDRESS", "")
        ),
        without_address=sum(1 for a in agencies if not (a.address or "").strip()),
    ), status


def _agency_change(change, done: str):
    run_change(change, done, page=lambda refusal: _agencies_page(str(refusal), 400))
    return redirect(url_for("admin.agencies"))


@bp.route("/co-quan", methods=["GET"])
@staff_page(Page.ADMIN)
def agencies():
    return _agencies_page()


@bp.route("/co-quan", methods=["POST"])
@staff_page(Page.ADMIN)
def register():
    form = request.form
    aliases = [a for a in form.get("aliases", "").splitlines() if a.strip()]
    return _agency_change(
        lambda session: register_agency(
            session,
            form.get("name", ""),
            short_name=form.get("short_name", ""),
            level=form.get("level", ""),
            aliases=aliases,
            actor=current_user.username,
        ),
        "Đã thêm cơ quan vào danh sách.",
    )


@bp.route("/co-quan/dia-chi", methods=["POST"])
@staff_page(Page.ADMIN)
def agency_address():
    """An agency's address for phản ánh, kiến nghị (tthc.catalogue.agencies.set_address)."""
    agency_id = id_param(request.form.get("agency_id"), "Cơ quan")
    address = request.form.get("address", "")
    answer = _agency_change(
        lambda session: set_address(session, agency_id, address, actor=current_user.username),
        "Đã lưu địa chỉ của cơ quan.",
    )
    forget_per_state()  # this process's register, kept per catalogue state, is read again
    return answer


@bp.route("/co-quan/anh-xa", methods=["POST"])
@staff_page(Page.ADMIN)
def map_agency_text():
    ids = [i for i in (id_param(raw, "Cơ quan") for raw in request.form.getlist("agency_id")) if i is not None]
    return _agency_change(
        lambda session: map_text(session, request.form.get("text", ""), ids, actor=current_user.username),
        "Đã ánh xạ nội dung cơ quan; áp dụng cho mọi phiên bản đã ghi.",
    )


@bp.route("/co-quan/quyen-soan-thao", methods=["POST"])
@staff_page(Page.ADMIN)
def grant_drafting():
    agency_id = id_param(request.form.get("agency_id"), "Cơ quan")
    if agency_id is None:
        return _agencies_page("Chọn một cơ quan.", 400)
    return _agency_change(
        lambda session: grant(
            session, agency_id, request.form.get("kind", ""), request.form.get("value", ""), actor=current_user.username
        ),
        "Đã cấp quyền soạn thảo.",
    )
