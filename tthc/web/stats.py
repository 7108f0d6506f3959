"""Public statistics (thin over tthc.stats): the figures, their charts, the lists behind them, the report.

The figures (plain data) and the workbook (bytes) are computed once per catalogue state, service points
and date, and kept in bounded per-process memos (tthc.web.caching.per_state): the page, its
lists and the download share one computation, parallel requests wait for it instead of each repeating
it, and the rendered answers are tagged and kept by `conditional` like every public page."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, g, render_template, request, url_for
from markupsafe import Markup

from ..catalogue.queries import catalogue_rows
from ..catalogue.service_points import service_points_key
from ..records import LEVELS
from ..stats import compute_stats
from ..stats.report import stats_report
from ..stats.svg import centre_bars, online_line
from . import db_session, requested_date
from .caching import conditional, per_state
from .downloads import send_download
from .paging import paginate

bp = Blueprint("stats", __name__, url_prefix="/thong-ke")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKBOOKS = 4  # workbooks kept per process (about 1 MB each at a province's size)
# A list behind a figure shows this many procedures a page (all 3,065 on one page were 650 KB of HTML).
LIST_PER_PAGE = 200


def _points() -> str:
    """The service points' key, read once per request (the centres' figures depend on their rules)."""
    if "tthc_points_key" not in g:
        g.tthc_points_key = service_points_key(db_session())
    return g.tthc_points_key


def _day(on_date: dt.date | None) -> dt.date:
    return on_date or dt.date.today()


def figures_on(on_date: dt.date | None) -> dict:
    session, day = db_session(), _day(on_date)
    return per_state("stats", lambda: compute_stats(session, day), day, _points())


def _list_url(on_date: dt.date | None):
    return lambda key: url_for("stats.figure_list", chi_so=key, ngay=on_date.isoformat() if on_date else None)


@bp.route("/")
@conditional(extra=_points)
def index():
    on_date = requested_date()
    figures = figures_on(on_date)
    link = _list_url(on_date)
    return render_template(
        "public/stats.html",
        stats=figures,
        on_date=on_date,
        link=link,
        LEVELS=LEVELS,
        centre_chart=Markup(centre_bars(figures["on_the_spot"]["centres"], link)),
        online_chart=Markup(online_line(figures["online_history"])),
    )


@bp.route("/danh-sach")
@conditional(extra=_points, args=("chi_so", "trang"))
def figure_list():
    on_date = requested_date()
    key = request.args.get("chi_so", "")
    figures = figures_on(on_date)
    if key not in figures["lists"]:
        abort(404)
    codes = set(figures["lists"][key])
    # Light rows (code, name) of only these procedures: the records are not needed for a list.
    versions = catalogue_rows(db_session(), _day(on_date), codes) if codes else []
    missing = sorted(codes - {v.code for v in versions})  # e.g. abolished by a decision of the quarter
    listing = paginate(len(versions), LIST_PER_PAGE)
    return render_template(
        "public/stats_list.html",
        key=key,
        versions=versions[listing.items],
        total=len(versions),
        listing=listing,
        missing=missing,
        on_date=on_date,
        title=figure_title(key, figures),
    )


def figure_title(key: str, figures: dict) -> str:
    kind, _, value = key.partition(":")
    centres = {str(c["id"]): c["name"] for c in figures["on_the_spot"]["centres"]}
    if kind == "centre":
        point, _, what = value.partition(":")
        prefix = {
            "on_the_spot": "Giải quyết tại chỗ tại ",
            "not_received": "Công bố giải quyết tại chỗ nhưng không tiếp nhận tại ",
        }.get(what, "Tiếp nhận tại ")
        return prefix + centres.get(point, point)
    return {
        "total": "Thủ tục đang có hiệu lực",
        "level": f"Cấp: {LEVELS.get(value, value)}",
        "sector": f"Lĩnh vực: {value or 'Chưa xác định'}",
        "agency": f"Cơ quan: {value or 'Chưa xác định'}",
        "online": {"full": "Trực tuyến toàn trình", "partial": "Trực tuyến một phần"}.get(
            value, "Có nộp trực tuyến, chưa xác định mức độ"
        ),
        "non_territorial": "Phi địa giới hành chính",
        "process": "Chưa có quy trình nội bộ" if value == "missing" else "Quy trình vượt thời hạn giải quyết",
        "quarter": f"Thủ tục được công bố trong quý {value}",
        "quarter-lists": f"Thủ tục trong các quyết định danh mục của quý {value}",
    }.get(kind, key)


@bp.route("/bao-cao.xlsx")
@conditional(extra=_points)
def report():
    on_date = requested_date()
    session, day = db_session(), _day(on_date)
    figures = figures_on(on_date)
    workbook = per_state("stats workbook", lambda: stats_report(session, figures), day, _points(), entries=WORKBOOKS)
    return send_download(workbook, f"thống-kê-tthc-{figures['date']}.xlsx", XLSX)
