"""A fair share of search and the JSON API per client address (issue 25): REQUEST_BUDGET_PER_MINUTE
requests a minute (0: no limit; tests exempt themselves so), then 429 with `Retry-After` until the
minute ends.

Counted in the database, so every worker (gunicorn process) shares one count, in one statement per
request: an upsert on `request_budget` returning the count. The address is `request.remote_addr`, which
ProxyFix sets from X-Forwarded-For only for the TTHC_TRUSTED_PROXIES proxies (tthc.app.init_proxies).
Only the expensive doors pay: the search page and the API. Public pages the catalogue state answers
(tthc.web.caching: AnswerShortcut, 304s) never reach this hook or cost a statement.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from flask import Flask, current_app, jsonify, render_template, request
from sqlalchemy import case
from sqlalchemy.engine import Engine

from ..models.accounts import RequestBudget
from . import services

BUDGETED_ENDPOINTS = frozenset({"public.search"})
BUDGETED_BLUEPRINTS = frozenset({"api"})
DEFAULT_PER_MINUTE = 120
PRUNE_SECONDS = 600  # rows of addresses gone quiet are deleted at most this often per process
_pruned_at = 0.0


def init_budget(app: Flask) -> None:
    app.before_request(_spend)


def spend(engine: Engine, key: str, now: dt.datetime) -> int:
    """One more request for `key` in the minute of `now`, atomically: the count so far this minute."""
    from sqlalchemy.dialects import postgresql, sqlite

    global _pruned_at
    minute = now.replace(second=0, microsecond=0)
    insert: Any = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    table: Any = RequestBudget.__table__
    new_minute = table.c.window_start < minute
    statement = (
        insert(table)
        .values(key=key[:200], window_start=minute, used=1)
        .on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "used": case((new_minute, 1), else_=table.c.used + 1),
                "window_start": case((new_minute, minute), else_=table.c.window_start),
            },
        )
        .returning(table.c.used)
    )
    with engine.begin() as connection:
        used = connection.execute(statement).scalar_one()
        if time.monotonic() - _pruned_at > PRUNE_SECONDS:
            _pruned_at = time.monotonic()
            connection.execute(table.delete().where(table.c.window_start < minute - dt.timedelta(hours=1)))
    return int(used)


def _budgeted() -> bool:
    return request.endpoint in BUDGETED_ENDPOINTS or request.blueprint in BUDGETED_BLUEPRINTS


def _spend():
    per_minute = int(current_app.config.get("REQUEST_BUDGET_PER_MINUTE", DEFAULT_PER_MINUTE) or 0)
    if per_minute <= 0 or not _budgeted():
        return None
    now = dt.datetime.now(dt.UTC)
    if spend(services().engine, f"ip:{request.remote_addr or '?'}", now) <= per_minute:
        return None
    retry_after = str(60 - now.second)
    message = (
        f"Bạn đã gửi quá {per_minute} yêu cầu tra cứu trong một phút từ địa chỉ này; "
        f"vui lòng thử lại sau {retry_after} giây."
    )
    if request.blueprint == "api":
        response = jsonify({"error": message})
    else:
        response = current_app.make_response(
            render_template("error.html", code=429, title="Quá nhiều yêu cầu", message=message)
        )
    response.status_code = 429
    response.headers["Retry-After"] = retry_after
    response.headers["Cache-Control"] = "no-store"
    return response
