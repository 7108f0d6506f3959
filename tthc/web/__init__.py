"""Web doors: one blueprint per area, each thin over the core."""
from __future__ import annotations

import datetime as dt

from flask import abort, current_app, g, request
from sqlalchemy.orm import Session

from ..services import Services

EARLIEST_DATE = dt.date(1990, 1, 1)


def blueprints():
    from . import admin, api, auth, drafting, history, printing, public, review
    return [public.bp, auth.bp, api.bp, drafting.bp, review.bp, printing.bp, admin.bp, history.bp]


def services() -> Services:
    return current_app.extensions["tthc"]


def db_session() -> Session:
    """The request's session; closed at teardown. Views commit once, after the core call."""
    if "db_session" not in g:
        g.db_session = services().session_factory()
    return g.db_session


def requested_date(param: str = "ngay") -> dt.date | None:
    """?ngay=YYYY-MM-DD → a date; absent → None (today); malformed or out of range → 400."""
    raw = request.args.get(param, "").strip()
    if not raw:
        return None
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        abort(400, description=f"Ngày «{raw[:20]}» không đúng dạng NĂM-THÁNG-NGÀY (ví dụ 2025-11-20).")
    if not EARLIEST_DATE <= value <= dt.date(2100, 12, 31):
        abort(400, description=f"Ngày {value:%d/%m/%Y} nằm ngoài khoảng tra cứu (từ 1990 đến 2100).")
    return value
