"""Staff sessions: Flask-Login's user loading, secure cookies, and a signed-cookie session whose life is
capped (idle 2 hours, absolute 10 hours from login)."""

from __future__ import annotations

import datetime as dt
import time

from flask import Flask, current_app, flash, jsonify, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, login_user

from ..models.accounts import User
from . import MAX_DB_INT, db_session

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."

SESSION_IDLE_LIFETIME = dt.timedelta(hours=2)  # a session unused this long is over
SESSION_ABSOLUTE_LIFETIME = dt.timedelta(hours=10)  # and none outlives a working day, however used
AUTH_TIME_KEY = "_auth_at"  # when the session's login happened (seconds since the epoch)


def init_sessions(app: Flask) -> None:
    """Login, secure cookies and the capped session lifetimes."""
    login_manager.init_app(app)
    secure = bool(app.config.get("SECURE_COOKIES")) or str(app.config.get("PUBLIC_BASE_URL", "")).startswith("https://")
    secure = secure or bool(app.config.get("SESSION_COOKIE_SECURE"))
    # Set, not setdefault: Flask ships its own (laxer) defaults for these keys.
    for prefix in ("SESSION_COOKIE", "REMEMBER_COOKIE"):
        app.config[f"{prefix}_HTTPONLY"] = True
        app.config[f"{prefix}_SAMESITE"] = "Lax"
        app.config[f"{prefix}_SECURE"] = secure
    idle = app.config.get("SESSION_IDLE_LIFETIME") or SESSION_IDLE_LIFETIME
    app.config.setdefault("SESSION_ABSOLUTE_LIFETIME", SESSION_ABSOLUTE_LIFETIME)
    # The signed cookie's own timestamp enforces the idle lifetime; its expiry never passes the absolute one.
    app.config["PERMANENT_SESSION_LIFETIME"] = app.config["REMEMBER_COOKIE_DURATION"] = idle
    app.session_interface = CappedSessionInterface()


class CappedSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions whose cookie expiry never passes login time + absolute lifetime
    (the idle expiry is renewed by each request; the absolute one is not)."""

    def get_expiration_time(self, app, session):
        if not session.permanent:
            return None
        # time.time, as the signer's timestamp and load_user use: one clock for every lifetime check.
        idle_end = dt.datetime.fromtimestamp(time.time(), dt.UTC) + app.permanent_session_lifetime
        auth_at = session.get(AUTH_TIME_KEY)
        if not isinstance(auth_at, (int, float)):
            return idle_end
        absolute_end = dt.datetime.fromtimestamp(auth_at, dt.UTC) + app.config["SESSION_ABSOLUTE_LIFETIME"]
        return min(idle_end, absolute_end)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The session's user, if the session is still good: the id and session version it was opened
    under (User.get_id) still match, the account is active, and the login is within the absolute
    lifetime. Logout, a password change, a role/agency change or deactivation bump the version."""
    number, _, version = user_id.partition(".")
    if not (number.isdigit() and version.isdigit()) or int(number) > MAX_DB_INT:
        return None
    auth_at = session.get(AUTH_TIME_KEY)
    if (
        not isinstance(auth_at, (int, float))
        or time.time() - auth_at > current_app.config["SESSION_ABSOLUTE_LIFETIME"].total_seconds()
    ):
        return None
    user = db_session().get(User, int(number))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def start_session(user: User) -> None:
    """Log `user` in on a fresh session (nothing from before survives it: session fixation)."""
    session.clear()
    session.permanent = True
    session[AUTH_TIME_KEY] = time.time()
    login_user(user)


@login_manager.unauthorized_handler
def unauthorized():
    # Machines get 401; people get the login page, and come back where they were.
    if request.blueprint == "api" or request.accept_mimetypes.best == "application/json":
        return jsonify({"error": "Cần đăng nhập."}), 401
    flash(login_manager.login_message)
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?") if request.method == "GET" else None))
