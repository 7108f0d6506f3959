"""Login, unlock and logout: the `auth` blueprint (its name stays "auth": templates build `auth.login`).

A successful login starts a fresh session (tthc.web.sessions) and lands staff on their own work; the
browser is remembered by a signed cookie so its failed attempts count apart (tthc.accounts.throttle).
"""

from __future__ import annotations

import datetime as dt
import urllib.parse

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user

from ..accounts.service import AccountError, LoginRefused, authenticate, canonical_username, end_sessions
from ..models.accounts import Role, User
from . import run_change
from .access import public_view
from .sessions import start_session

bp = Blueprint("auth", __name__)

# Where staff land after login when no page was asked for: their own work, not the public home page.
LANDING: dict[str, str] = {
    Role.DRAFTER: "drafting.index",
    Role.REVIEWER: "review.dashboard",
    Role.SIGNER: "review.dashboard",
    Role.ADMIN: "review.dashboard",
    Role.COUNTER: "printing.index",
}


def landing_page() -> str:
    endpoint = LANDING.get(getattr(current_user, "role", ""), "public.index")
    return url_for(endpoint)


def _safe_next(target: str | None) -> str:
    """Only a path on this site: no scheme or host, no control characters (a browser drops a tab, so
    `/%09/evil.com` would become `//evil.com`), no backslash, not scheme-relative."""
    fallback = landing_page()
    if not target or len(target) > 2000 or any(ord(c) < 0x20 or ord(c) == 0x7F for c in target) or "\\" in target:
        return fallback
    parts = urllib.parse.urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return fallback
    return target


def client_address() -> str:
    """The client's address, as the WSGI server (or a configured, trusted proxy) reports it."""
    return request.remote_addr or "?"


# A browser an account logged in on: a signed cookie listing (name, random id) pairs. Its attempts
# count on that browser alone (tthc.accounts.throttle), so nobody elsewhere can hold the owner back.
DEVICE_COOKIE = "tthc_thiet_bi"
DEVICE_SALT = "tthc-known-device"
DEVICE_LIFETIME = dt.timedelta(days=365)
DEVICE_NAMES = 5  # accounts remembered per browser (a shared office computer)


def _device_serializer():
    from itsdangerous import URLSafeSerializer

    return URLSafeSerializer(current_app.secret_key or "", salt=DEVICE_SALT)


def _known_devices() -> dict[str, str]:
    from itsdangerous import BadSignature

    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw or len(raw) > 2000:
        return {}
    try:
        value = _device_serializer().loads(raw)
    except BadSignature:
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items()}


def _remember_device(response, username: str) -> None:
    import secrets

    known = _known_devices()
    known.pop(username, None)
    known[username] = secrets.token_urlsafe(12)  # a fresh id: an old copy of the cookie stops counting apart
    known = dict(list(known.items())[-DEVICE_NAMES:])
    response.set_cookie(
        DEVICE_COOKIE,
        _device_serializer().dumps(known),
        max_age=int(DEVICE_LIFETIME.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        path=url_for("auth.login"),  # sent to the login pages only (the unlock link's too)
    )


def _login_attempt(unlock_token: str | None = None):
    error, status, retry_after = None, 200, None
    if request.method == "POST":
        typed = request.form.get("username", "")
        try:
            user = run_change(
                lambda dbs: authenticate(
                    dbs,
                    typed,
                    request.form.get("password", ""),
                    address=client_address(),
                    unlock_token=unlock_token,
                    device=_known_devices().get(canonical_username(typed)),
                ),
                keep_refused=True,  # a refusal keeps the failure counts
            )
            start_session(user)
            response = redirect(_safe_next(request.args.get("next")))
            _remember_device(response, canonical_username(user.username))
            return response
        except LoginRefused as exc:  # refused before any password was checked
            error, status, retry_after = str(exc), 429, exc.retry_after
        except AccountError as exc:  # the login page again, with the reason
            error, status = str(exc), 401
    response = current_app.make_response(
        (render_template("auth/login.html", error=error, unlocking=unlock_token is not None), status)
    )
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


@bp.route("/dang-nhap", methods=["GET", "POST"])
@public_view
def login():
    return _login_attempt()


@bp.route("/dang-nhap/mo-khoa/<token>", methods=["GET", "POST"])
@public_view
def unlock(token: str):
    """The one-time link an administrator issued (tthc.accounts.service.issue_unlock_link)."""
    return _login_attempt(token[:100])


def _end_own_sessions(dbs) -> None:
    user = dbs.get(User, current_user.id)
    if user is not None:  # an account removed while logged in has no session left to end
        end_sessions(dbs, user)


@bp.route("/dang-xuat", methods=["POST"])
@public_view
def logout():
    if current_user.is_authenticated:  # a copied cookie dies with this one
        run_change(_end_own_sessions)
    logout_user()
    session.clear()
    flash("Bạn đã đăng xuất.")
    return redirect(url_for("public.index"))
