"""Life events for administrators: `/quan-tri/su-kien` lists the events in force with the steps a decision
abolished or replaced (flagged from the catalogue in force) and the proposals waiting for review; an
administrator proposes an edit (title, description, phrasings, steps by national code and condition),
a new event, or one phrasing from the gaps page; another administrator approves or rejects it
(tthc.search.event_edits: validated, audited, append-only versions). An approval moves the catalogue
state: the search index is rebuilt in the background, as after a synonym group."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..decisions.policy import Page
from ..search.event_edits import (
    LOGIC,
    MAX_STEPS,
    STYLES,
    add_phrase,
    changes,
    event_data,
    history,
    pending,
    propose,
    review,
)
from ..search.events import Event
from ..text import ascii_number
from . import db_session, run_change
from .access import staff_page
from .events import events_in_force, rows_by_code, step_flags_in_force

bp = Blueprint("event_admin", __name__, url_prefix="/quan-tri")
STEPS_EXTRA = 2  # empty step rows under an event's steps, to add one


def _by_slug(slug: str) -> Event | None:
    return next((e for e in events_in_force() if e.slug == slug), None)


@bp.route("/su-kien", methods=["GET"])
@staff_page(Page.ADMIN)
def index():
    session = db_session()
    events = events_in_force()
    flags = step_flags_in_force()
    rows = rows_by_code()
    current = {e.slug: event_data(e) for e in events}
    proposals = [{"version": p, "changes": changes(current.get(p.slug), p.data)} for p in pending(session)]
    listed = [
        {
            "event": e,
            "flagged": sorted({c for s in e.steps for c in s.codes if c in flags}),
            "hidden": [s for s in e.steps if not any(c in rows for c in s.codes)],
        }
        for e in sorted(events, key=lambda e: (e.group, e.title))
    ]
    return render_template("staff/admin/events.html", events=listed, proposals=proposals, flags=flags)


@bp.route("/su-kien/de-xuat/<int:proposal_id>", methods=["POST"])
@staff_page(Page.ADMIN)
def decide(proposal_id: int):
    approve = request.form.get("decision") == "approve"
    run_change(
        lambda session: review(session, proposal_id, approve, user=current_user, note=request.form.get("note", "")),
        back=url_for("event_admin.index"),
    )
    flash(
        "Đã duyệt: sự kiện có hiệu lực trên trang sự kiện ngay, trong tìm kiếm sau khi chỉ mục tự làm mới "
        "(trong nền, ít phút)."
        if approve
        else "Đã từ chối đề xuất."
    )
    return redirect(url_for("event_admin.index"))


# --- one phrasing from the gaps page -----------------------------------------------------------------
@bp.route("/su-kien/them-cach-noi", methods=["GET"])
@staff_page(Page.ADMIN)
def phrase_form():
    return _phrase_page(request.args.get("q", ""), request.args.get("su_kien", ""))


def _phrase_page(phrase: str, slug: str, error: str = "", status: int = 200):
    events = sorted(events_in_force(), key=lambda e: e.title)
    return render_template(
        "staff/admin/event_phrase.html", phrase=phrase, slug=slug, events=events, error=error
    ), status


@bp.route("/su-kien/them-cach-noi", methods=["POST"])
@staff_page(Page.ADMIN)
def add_phrase_post():
    phrase, slug = request.form.get("phrase", ""), request.form.get("slug", "")
    run_change(
        lambda session: add_phrase(session, slug, phrase, user=current_user),
        page=lambda refusal: _phrase_page(phrase, slug, str(refusal), 400),
    )
    flash("Đã đề xuất thêm cách nói. Một quản trị viên khác duyệt thì cách nói có hiệu lực.")
    return redirect(url_for("event_admin.index"))


# --- editing an event, or adding one -----------------------------------------------------------------
def _form_data(form) -> dict[str, Any]:
    count = ascii_number(form.get("step_count", ""), MAX_STEPS + STEPS_EXTRA) or 0
    steps = []
    for n in range(count):
        steps.append(
            {
                "codes": form.get(f"step-{n}-codes", ""),
                "title": form.get(f"step-{n}-title", ""),
                "condition": form.get(f"step-{n}-condition", ""),
                "logic": form.get(f"step-{n}-logic", ""),
                "style": form.get(f"step-{n}-style", "required"),
            }
        )
    return {
        "group": form.get("group", ""),
        "title": form.get("title", ""),
        "description": form.get("description", ""),
        "source": form.get("source", ""),
        "phrases": form.get("phrases", ""),
        "steps": steps,
    }


def _edit_page(data: dict[str, Any], slug: str, new: bool, error: str = "", status: int = 200):
    session = db_session()
    steps = list(data.get("steps", []))
    for step in steps:
        if isinstance(step.get("codes"), list):
            step["codes"] = " ".join(step["codes"])
    steps += [{"codes": "", "title": "", "condition": "", "logic": "and", "style": "required"}] * STEPS_EXTRA
    phrases = data.get("phrases", "")
    return render_template(
        "staff/admin/event_edit.html",
        data={**data, "phrases": phrases if isinstance(phrases, str) else "\n".join(phrases)},
        steps=steps,
        slug=slug,
        new=new,
        error=error,
        flags=step_flags_in_force(),
        rows=rows_by_code(),
        history=[] if new else history(session, slug),
        logic=LOGIC,
        styles=STYLES,
    ), status


@bp.route("/su-kien/sua/<slug>", methods=["GET"])
@staff_page(Page.ADMIN)
def edit(slug: str):
    found = _by_slug(slug)
    if found is None:
        flash("Không có sự kiện này.", "error")
        return redirect(url_for("event_admin.index"))
    return _edit_page(event_data(found), slug, new=False)


@bp.route("/su-kien/moi", methods=["GET"])
@staff_page(Page.ADMIN)
def new():
    return _edit_page({"steps": []}, "", new=True)


@bp.route("/su-kien/sua/<slug>", methods=["POST"])
@staff_page(Page.ADMIN)
def save(slug: str):
    return _save(slug, new=False)


@bp.route("/su-kien/moi", methods=["POST"])
@staff_page(Page.ADMIN)
def create():
    return _save(request.form.get("slug", ""), new=True)


def _save(slug: str, new: bool):
    data = _form_data(request.form)
    run_change(
        lambda session: propose(session, slug, data, new=new, user=current_user),
        page=lambda refusal: _edit_page(data, slug, new, str(refusal), 400),
    )
    flash("Đã lưu đề xuất. Một quản trị viên khác duyệt thì phiên bản mới có hiệu lực.")
    return redirect(url_for("event_admin.index"))
