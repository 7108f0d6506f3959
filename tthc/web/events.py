"""Public pages of the life events (sự kiện): the list and each event's steps, on a phone. They show
the events in force (the shipped set with the edits staff approved, tthc.search.event_edits)."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

from flask import Blueprint, abort, render_template
from flask_login import current_user

from ..catalogue.queries import catalogue_rows
from ..search.event_edits import active_events, step_flags
from ..search.events import Event, base_code, resolve
from . import db_session
from .access import public_view
from .caching import per_state

bp = Blueprint("events", __name__)


def rows_by_code() -> dict[str, Any]:
    """National base code → the procedure in force today (once per catalogue state)."""

    def load() -> dict[str, Any]:
        out: dict[str, Any] = {}
        for row in catalogue_rows(db_session(), dt.date.today()):
            out.setdefault(base_code(row.code), row)
            out.setdefault(row.code, row)
        return out

    return per_state("event rows", load)


def events_in_force() -> tuple[Event, ...]:
    """The events in force (once per catalogue state: an approved edit moves it on)."""
    return per_state("events in force", lambda: active_events(db_session()))


def step_flags_in_force() -> dict[str, dict[str, Any]]:
    """Step codes a decision abolished or replaced, for staff (computed from the catalogue in force)."""
    return per_state("event step flags", lambda: step_flags(db_session(), events_in_force()))


@bp.route("/su-kien/")
@public_view
def index():
    rows = rows_by_code()
    active = [e for e in events_in_force() if resolve(e, rows)[0]]
    groups = [
        (group, list(items)) for group, items in groupby(sorted(active, key=lambda e: e.group), lambda e: e.group)
    ]
    return render_template("public/events.html", groups=groups)


@bp.route("/su-kien/<slug>")
@public_view
def event(slug: str):
    found = next((e for e in events_in_force() if e.slug == slug), None)
    if found is None:
        abort(404)
    shown, hidden = resolve(found, rows_by_code())
    staff = bool(getattr(current_user, "is_authenticated", False))
    if not shown and not staff:
        abort(404)
    return render_template(
        "public/event.html",
        event=found,
        steps=shown,
        hidden=hidden if staff else [],
        flags=step_flags_in_force() if staff else {},
    )
