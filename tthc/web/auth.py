"""Login, logout and the role guard used by every staff view."""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_required, login_user, logout_user

from ..accounts.models import User
from ..accounts.service import AccountError, authenticate
from . import db_session

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."


def init_login(app) -> None:
    login_manager.init_app(app)
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db_session().get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def role_required(*roles: str):
    """Only these roles (and the administrator) reach the view."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role != "admin" and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def _safe_next(target: str | None) -> str:
    # Only local paths: never redirect a fresh login to another site.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("public.index")


@bp.route("/dang-nhap", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        session = db_session()
        try:
            user = authenticate(session, request.form.get("username", ""), request.form.get("password", ""))
            session.commit()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        except AccountError as exc:
            session.commit()  # keep the failed-login count
            error = str(exc)
    return render_template("auth/login.html", error=error), (401 if error else 200)


@bp.route("/dang-xuat", methods=["POST"])
def logout():
    logout_user()
    flash("Bạn đã đăng xuất.")
    return redirect(url_for("public.index"))
