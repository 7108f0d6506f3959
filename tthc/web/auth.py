"""Login, logout, and the declarative access policy every view carries.

Every endpoint declares who may reach it, and the app refuses (403) any endpoint that declares nothing:
- `@staff_page(Page.DRAFTING)` lets in the roles the policy names for that group of pages
  (tthc.decisions.policy.PAGE_ROLES) through `role_required`, which records them on the view
  (`view.tthc_roles`; admin always added);
- `@public_view` marks one view public (`view.tthc_public`);
- `PUBLIC_BLUEPRINTS` marks whole blueprints public, for the methods listed (the JSON API only reads).
`policy_for(app, endpoint, method)` answers from these marks; tests/web/test_authorization.py walks every
rule of the url_map with it.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import urllib.parse
from functools import wraps

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from werkzeug.routing.converters import IntegerConverter

from ..accounts.service import AccountError, LoginRefused, authenticate, canonical_username, end_sessions
from ..decisions.policy import Page, page_roles
from ..models.accounts import User
from . import READ_METHODS, db_session, run_change

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."

PUBLIC = "public"
# Blueprints whose views are public unless a view says otherwise: blueprint → methods (None = all).
# `history` is the public record of decisions and changes (/quyet-dinh/, /thay-doi/): read-only.
PUBLIC_BLUEPRINTS: dict[str, frozenset[str] | None] = {
    "public": None,
    "api": READ_METHODS,
    "history": READ_METHODS,
    "stats": READ_METHODS,
}
PUBLIC_ENDPOINTS = frozenset({"static"})
MAX_DB_INT = 2**31 - 1  # PostgreSQL "integer"
SESSION_IDLE_LIFETIME = dt.timedelta(hours=2)  # a session unused this long is over
SESSION_ABSOLUTE_LIFETIME = dt.timedelta(hours=10)  # and none outlives a working day, however used
AUTH_TIME_KEY = "_auth_at"  # when the session's login happened (seconds since the epoch)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
log = logging.getLogger(__name__)


# --- Declaring the policy ------------------------------------------------------------------------------
def role_required(*roles: str):
    """Only these roles (and the administrator) reach the view; anonymous users go to the login page."""
    allowed = frozenset(roles) | {"admin"}

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        wrapped.tthc_roles = allowed  # type: ignore[attr-defined]  # read by the authorization walk
        return wrapped

    return decorator


def staff_page(page: Page):
    """The roles the policy lets reach this group of pages (tthc.decisions.policy.PAGE_ROLES), and the
    administrator: how every staff view declares who reaches it."""
    return role_required(*page_roles(page))


def public_view(view):
    """Anyone, logged in or not, reaches the view."""
    view.tthc_public = True
    return view


def policy_for(app: Flask, endpoint: str, method: str) -> str | frozenset[str] | None:
    """PUBLIC, the set of roles allowed, or None when the endpoint declares no policy."""
    if endpoint in PUBLIC_ENDPOINTS:
        return PUBLIC
    view = app.view_functions.get(endpoint)
    roles = getattr(view, "tthc_roles", None)
    if roles is not None:
        return roles
    if getattr(view, "tthc_public", False):
        return PUBLIC
    blueprint = endpoint.rpartition(".")[0]
    if blueprint in PUBLIC_BLUEPRINTS:
        methods = PUBLIC_BLUEPRINTS[blueprint]
        if methods is None or method in methods:
            return PUBLIC
    return None


# The staff menu: each entry is shown to the roles its endpoint declares (so it follows the policy).
STAFF_MENU = (
    ("drafting.index", "Soạn thảo"),
    ("review.dashboard", "Thẩm định"),
    ("sources.index", "Nguồn"),
    ("sources.reconcile", "Đối chiếu"),
    ("printing.index", "Niêm yết"),
    ("admin.users", "Tài khoản"),
    ("admin.agencies", "Cơ quan"),
    ("search_admin.search_gaps", "Tìm kiếm chưa thấy"),
    ("event_admin.index", "Sự kiện"),
)


def staff_menu() -> list[tuple[str, str]]:
    """(url, label) of the staff pages the current user may open."""
    if not current_user.is_authenticated:
        return []
    items = []
    for endpoint, label in STAFF_MENU:
        allowed = policy_for(current_app, endpoint, "GET")
        if endpoint in current_app.view_functions and isinstance(allowed, frozenset) and current_user.role in allowed:
            items.append((url_for(endpoint), label))
    return items


# --- Wiring --------------------------------------------------------------------------------------------
class DatabaseIntConverter(IntegerConverter):
    """<int:...> that only matches ids a database integer column can hold: a 40-digit id in a URL is a
    404 at routing, not an out-of-range error (500) from PostgreSQL."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002 - werkzeug's names
        super().__init__(map, fixed_digits, min, MAX_DB_INT if max is None else max, signed)


def init_login(app: Flask) -> None:
    """Login, the access policy, secure cookies and security headers (called before blueprints)."""
    app.url_map.converters["int"] = DatabaseIntConverter
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
    app.add_template_global(staff_menu)
    app.before_request(_deny_undeclared)
    app.after_request(_security_headers)


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


def _deny_undeclared():
    # Deny by default: an endpoint nobody declared a policy for is a bug, never an open door.
    if request.endpoint is None:
        return None
    if policy_for(current_app, request.endpoint, request.method) is None:
        log.error("endpoint %s (%s) declares no access policy; refused", request.endpoint, request.method)
        abort(403)
    return None


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if current_user.is_authenticated:  # staff pages and files must not be stored by any cache
        if request.blueprint in PUBLIC_BLUEPRINTS:
            response.headers.setdefault("Cache-Control", "no-store")
        else:  # overriding send_file's "no-cache" on draft workbooks, signed PDFs, print bundles
            response.headers["Cache-Control"] = "no-store"
    return response


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


# --- Views ---------------------------------------------------------------------------------------------
# Where staff land after login when no page was asked for: their own work, not the public home page.
LANDING = {
    "drafter": "drafting.index",
    "reviewer": "review.dashboard",
    "signer": "review.dashboard",
    "admin": "review.dashboard",
    "counter": "printing.index",
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
