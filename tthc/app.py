"""The Flask application factory. Views stay thin: parse, call one core function, commit, render."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, g, render_template
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from .commands.registry import register_commands
from .config import PACKAGE_DIR
from .services import Services
from .web import (
    admin,
    api,
    drafting,
    drafting_lists,
    drafting_word,
    event_admin,
    events,
    history,
    login,
    printing,
    public,
    review,
    search_admin,
    sources,
    stats,
)

log = logging.getLogger(__name__)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    services = Services.from_settings(config)
    settings = services.settings
    app = Flask(
        __name__,
        template_folder=str(PACKAGE_DIR / "templates"),
        static_folder=str(PACKAGE_DIR / "static"),
        instance_path=str(Path(settings.instance_dir).resolve()),
    )
    # Every setting under its key (and the config mapping's other keys, e.g. TESTING), parsed and typed.
    app.config.update(settings)
    app.config["SECRET_KEY"] = settings.secret_key or _instance_secret(app)
    app.extensions["tthc"] = services
    configure_core(app.config)

    register_extensions(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_error_handlers(app)
    register_request_session(app)
    register_commands(app)
    if app.config.get("APPLY_DUE_ON_START"):
        apply_due_on_start(services)
    warn_if_no_feedback_address(app)
    init_login_lane(app)  # last: the outermost layer, before any other work
    return app


def configure_core(config: Any) -> None:
    """Settings the Flask-free core reads from one place: the password hash method and the bound on
    concurrent login hashes (tthc.accounts.service), who may both approve and sign (tthc.decisions.policy)."""
    from .accounts.service import configure_hashing
    from .decisions import policy

    configure_hashing(
        config.get("LOGIN_HASH_CONCURRENCY"),
        machine_slots=config.get("LOGIN_HASH_SLOTS"),
        lock_dir=str(Path(config["INSTANCE_DIR"]) / "login-hash-slots"),
    )
    policy.configure(one_person_approves_and_signs=bool(config.get("ONE_PERSON_APPROVES_AND_SIGNS")))


def warn_if_no_feedback_address(app: Flask) -> None:
    """An authority with no address for phản ánh, kiến nghị is told when the app starts (and on the agency
    register's page), not by a citizen finding an empty panel."""
    from .catalogue.agencies import feedback_unconfigured

    message = feedback_unconfigured(app.config.get("FEEDBACK_ADDRESS", ""), app.config.get("AUTHORITY_ADDRESS", ""))
    if message:
        log.warning(message)


def apply_due_on_start(services: Services) -> None:
    """Decisions whose date came while the app was down take effect now. Safe beside the scheduled
    `tthc decision apply-due` and other workers starting at once (see tthc.decisions.effect)."""
    from sqlalchemy import inspect

    from .decisions.effect import apply_due

    try:
        if not inspect(services.engine).has_table("catalogue_revision"):
            return  # not migrated yet (e.g. the first `tthc db upgrade`)
        for outcome in apply_due(services.session_factory, actor="khởi động"):
            log.info("apply-due on start: %s", outcome.as_dict())
    except SQLAlchemyError:
        log.exception("apply-due on start skipped: database unavailable or not migrated")


def _instance_secret(app: Flask) -> str:
    """A random secret kept in the instance folder so sessions survive restarts without configuration."""
    path = Path(app.instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Written aside, then linked in place: processes starting together (gunicorn workers, test
        # workers) never read a half-written key, and the first link wins for all of them.
        aside = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        aside.write_text(secrets.token_hex(32))
        aside.chmod(0o600)
        try:
            os.link(aside, path)
        except FileExistsError:
            pass
        finally:
            aside.unlink()
    return path.read_text().strip()


def register_extensions(app: Flask) -> None:
    from flask_wtf.csrf import CSRFProtect

    from .web.access import init_access
    from .web.budget import init_budget
    from .web.caching import AnswerShortcut
    from .web.converters import init_converters
    from .web.limits import init_limits
    from .web.security_headers import init_security_headers
    from .web.sessions import init_sessions
    from .web.staff_menu import init_staff_menu

    # Inside ProxyFix (wrapped first), so the scheme it records is the one the client used.
    app.wsgi_app = AnswerShortcut(app, app.wsgi_app)  # type: ignore[method-assign]
    init_proxies(app)
    init_limits(app)  # before CSRF, which reads the body
    init_budget(app)  # search and the API: a fair share per address, before any work
    CSRFProtect(app)
    # Before the blueprints (their rules use the converters); login, the policy and headers after CSRF.
    init_converters(app)
    init_sessions(app)
    init_staff_menu(app)
    init_access(app)  # deny any endpoint that declares no policy
    init_security_headers(app)


def init_proxies(app: Flask) -> None:
    """Trust X-Forwarded-For/-Proto/-Host only from as many proxies as TTHC_TRUSTED_PROXIES says (0:
    none, the default). Otherwise any client could pick the address the login throttle counts."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    count = int(app.config.get("TRUSTED_PROXIES") or 0)
    if count > 0:
        # Flask's documented way to wrap the WSGI app; mypy sees a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count
        )


def init_login_lane(app: Flask) -> None:
    """Login pages one request at a time for the whole server, in front of everything else, so a burst
    of logins leaves the cores to public pages (tthc.web.login_lane)."""
    from .web.login_lane import LOCK_NAME, LoginLane

    queue = int(app.config.get("LOGIN_QUEUE") or 0)
    if queue > 0:
        # Flask's documented way to wrap the WSGI app; mypy sees a method.
        app.wsgi_app = LoginLane(  # type: ignore[method-assign]
            app.wsgi_app,
            str(Path(app.instance_path) / LOCK_NAME),
            queue=queue,
            wait_seconds=float(app.config["LOGIN_QUEUE_SECONDS"]),
        )


def register_blueprints(app: Flask) -> None:
    for module in (
        public,
        login,
        api,
        drafting,
        drafting_word,
        drafting_lists,
        review,
        printing,
        admin,
        history,
        search_admin,
        stats,
        sources,
        events,
        event_admin,
    ):
        app.register_blueprint(module.bp)


def register_template_helpers(app: Flask) -> None:
    from .web import filters

    filters.register(app)


def register_error_handlers(app: Flask) -> None:
    from .web.refusals import init_refusals

    init_refusals(app)  # every refusal of the domain (DomainError): its message on the page, one way

    def page(code: int, title: str, message: str):
        return render_template("error.html", code=code, title=title, message=message), code

    app.register_error_handler(400, lambda e: page(400, "Yêu cầu không hợp lệ", getattr(e, "description", "")))
    app.register_error_handler(
        403,
        lambda _: page(403, "Không có quyền truy cập", "Tài khoản của bạn không được phép thực hiện thao tác này."),
    )
    app.register_error_handler(
        404, lambda _: page(404, "Không tìm thấy trang", "Địa chỉ bạn mở không tồn tại hoặc đã được thay đổi.")
    )
    app.register_error_handler(
        405,
        lambda _: page(405, "Thao tác không được hỗ trợ", "Phương thức yêu cầu không phù hợp với địa chỉ này."),
    )
    app.register_error_handler(413, lambda _: page(413, "Tệp quá lớn", "Tệp tải lên vượt quá dung lượng cho phép."))

    @app.errorhandler(OperationalError)
    def database_down(_error):
        log.exception("database unavailable")
        return page(
            503, "Hệ thống tạm thời gián đoạn", "Không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít phút."
        )


def register_request_session(app: Flask) -> None:
    from .web import snapshot_reads

    app.before_request(snapshot_reads)

    @app.teardown_appcontext
    def close_session(_exc):
        session = g.pop("db_session", None)
        if session is not None:
            session.close()
