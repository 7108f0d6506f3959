"""Public statistics (thin over tthc.stats): the figures, their charts, the lists behind them, the report."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, render_template, request, url_for
from markupsafe import Markup

from ..catalogue.queries import catalogue_on
from ..records import LEVELS
from ..stats import compute_stats
from ..stats.report import stats_workbook
from ..stats.svg import centre_bars, online_line
from . import db_session, requested_date
from .downloads import send_download

bp = Blueprint("stats", __name__, url_prefix="/thong-ke")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _list_url(on_date: dt.date | None):
    return lambda key: url_for("stats.figure_list", chi_so=key, ngay=on_date.isoformat() if on_date else None)


@bp.route("/")
def index():
    on_date = requested_date()
    figures = compute_stats(db_session(), on_date)
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
def figure_list():
    on_date = requested_date()
    key = request.args.get("chi_so", "")
    session = db_session()
    figures = compute_stats(session, on_date)
    if key not in figures["lists"]:
        abort(404)
    codes = set(figures["lists"][key])
    versions = [v for v in catalogue_on(session, on_date or dt.date.today()) if v.code in codes]
    missing = sorted(codes - {v.code for v in versions})  # e.g. abolished by a decision of the quarter
    return render_template(
        "public/stats_list.html",
        key=key,
        versions=versions,
        missing=missing,
        on_date=on_date,
        title=figure_title(key, figures),
    )


def figure_title(key: str, figures: dict) -> str:
    kind, _, value = key.partition(":")
    centres = {str(c["id"]): c["name"] for c in figures["on_the_spot"]["centres"]}
    if kind == "centre":
        point, _, what = value.partition(":")
        return ("Giải quyết tại chỗ tại " if what == "on_the_spot" else "Tiếp nhận tại ") + centres.get(point, point)
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
    }.get(kind, key)


@bp.route("/bao-cao.xlsx")
def report():
    on_date = requested_date()
    session = db_session()
    figures = compute_stats(session, on_date)
    names = {v.code: v.name for v in catalogue_on(session, on_date or dt.date.today())}
    return send_download(stats_workbook(figures, names), f"thống-kê-tthc-{figures['date']}.xlsx", XLSX)
