"""Staff edits of the life events (sự kiện): proposed, reviewed, versioned and audited.

The shipped `events.json` is the first version of every event. An administrator's edit (title,
description, phrasings, steps by national code with their conditions, or a new event) is stored as
an append-only `event_version` row with status "proposed"; another administrator reviews it: an
"approved" or "rejected" row names the proposal it decides (four eyes; an authority with truly one
administrator says so with TTHC_ONE_PERSON_APPROVES_AND_SIGNS, and its self-approvals are marked in
the audit log). The latest approved version of an event is in force, on top of the shipped set.

An approval moves the catalogue state (catalogue.state.catalogue_state, "-k<id>"): the search index is
rebuilt in the background like after a synonym group (service.same_catalogue), public searches
answer from the previous index meanwhile, and the new index carries the event set it was built with.

Steps pointing at a procedure a decision abolished or replaced are flagged from the catalogue in
force each time they are shown (`step_flags`), never stored: a flag is always as true as the
catalogue, and goes away when staff point the step at the new procedure.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..audit import record_event
from ..models.catalogue import VersionState
from ..models.search import EventStatus, EventVersion
from ..problems import DomainError
from ..text import nfc
from .analysis import distinct_phrases, folded_form, tokens
from .events import Event, _event, base_code, shipped_events

MAX_PHRASES, MAX_PHRASE_WORDS, MIN_PHRASES = 200, 16, 1
MAX_STEPS, MAX_TITLE, MAX_TEXT = 30, 200, 1000
LOGIC = {"": "", "and": "và", "or": "hoặc"}
STYLES = {"required": "bắt buộc", "optional": "không bắt buộc", "choice": "chọn một"}
CODE = re.compile(r"^\d\.\d{6}(\.[0-9A-Za-z.\-]+)?$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class EventEditError(DomainError):
    """An event edit that cannot be saved or reviewed (the message says why, in Vietnamese)."""


def event_data(ev: Event) -> dict[str, Any]:
    """An event as the JSON a version stores (the shape of events.json)."""
    return {
        "slug": ev.slug,
        "group": ev.group,
        "title": ev.title,
        "description": ev.description,
        "source": ev.source,
        "phrases": list(ev.phrases),
        "steps": [
            {"codes": list(s.codes), "title": s.title, "condition": s.condition, "logic": s.logic, "style": s.style}
            for s in ev.steps
        ],
    }


def _line(value: Any, limit: int, what: str, required: bool = False) -> str:
    text = " ".join(nfc(str(value or "")).split())
    if required and not text:
        raise EventEditError(f"Cần nhập {what}.")
    if len(text) > limit:
        raise EventEditError(f"{what[:1].upper()}{what[1:]} quá dài (tối đa {limit} ký tự).")
    return text


def clean_phrases(raw: str | list[str]) -> list[str]:
    """One phrasing a line: NFC, words only, no two the same after folding (in their order)."""
    items = raw if isinstance(raw, list) else str(raw or "").splitlines()
    phrases = distinct_phrases(
        items,
        MAX_PHRASE_WORDS,
        lambda start: EventEditError(f"Cách nói «{start}…» quá dài (tối đa {MAX_PHRASE_WORDS} từ)."),
    )
    if len(phrases) < MIN_PHRASES:
        raise EventEditError("Một sự kiện cần ít nhất một cách nói của người dân.")
    if len(phrases) > MAX_PHRASES:
        raise EventEditError(f"Một sự kiện có tối đa {MAX_PHRASES} cách nói.")
    return phrases


def clean_steps(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Steps in order; a step without codes is dropped (how a form row is removed)."""
    steps: list[dict[str, Any]] = []
    for n, item in enumerate(raw, 1):
        codes_raw = item.get("codes", "")
        parts = codes_raw if isinstance(codes_raw, list) else re.split(r"[\s,;]+", str(codes_raw or ""))
        codes = list(dict.fromkeys(c.strip() for c in parts if c and c.strip()))
        if not codes:
            continue
        for code in codes:
            if not CODE.match(code):
                raise EventEditError(f"Bước {n}: «{code[:30]}» không phải mã thủ tục quốc gia (ví dụ 1.001193).")
        logic, style = str(item.get("logic") or ""), str(item.get("style") or "required")
        if logic not in LOGIC or style not in STYLES:
            raise EventEditError(f"Bước {n}: cách nối hoặc loại bước không hợp lệ.")
        steps.append(
            {
                "codes": codes,
                "title": _line(item.get("title"), MAX_TITLE, f"tên bước {n}", required=True),
                "condition": _line(item.get("condition"), MAX_TEXT, f"điều kiện của bước {n}"),
                "logic": "" if not steps else logic,
                "style": style,
            }
        )
    if not steps:
        raise EventEditError("Một sự kiện cần ít nhất một bước (mã thủ tục quốc gia).")
    if len(steps) > MAX_STEPS:
        raise EventEditError(f"Một sự kiện có tối đa {MAX_STEPS} bước.")
    return steps


def clean_event(raw: dict[str, Any], slug: str) -> dict[str, Any]:
    slug = str(slug or "").strip().lower()
    if not SLUG.match(slug) or len(slug) > 80:
        raise EventEditError("Đường dẫn sự kiện chỉ gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ: khai-sinh).")
    return {
        "slug": slug,
        "group": _line(raw.get("group"), MAX_TITLE, "nhóm sự kiện", required=True),
        "title": _line(raw.get("title"), MAX_TITLE, "tên sự kiện", required=True),
        "description": _line(raw.get("description"), MAX_TEXT, "mô tả"),
        "source": _line(raw.get("source"), MAX_TEXT, "nguồn"),
        "phrases": clean_phrases(raw.get("phrases", "")),
        "steps": clean_steps(raw.get("steps", [])),
    }


# --- the set in force ------------------------------------------------------------------------------
def approved_state(session: Session) -> int | None:
    """The newest approval (catalogue.state.catalogue_state): a new one makes the search index stale."""
    return session.scalar(select(func.max(EventVersion.id)).where(EventVersion.status == EventStatus.APPROVED))


def _latest_approved(session: Session) -> dict[str, EventVersion]:
    latest = (
        select(func.max(EventVersion.id).label("id"))
        .where(EventVersion.status == EventStatus.APPROVED)
        .group_by(EventVersion.slug)
    ).subquery()
    rows = session.scalars(select(EventVersion).join(latest, EventVersion.id == latest.c.id)).all()
    return {r.slug: r for r in rows}


def active_event_data(session: Session) -> list[dict[str, Any]]:
    """The events in force, as JSON: the shipped set with each approved version in its place, and the
    events staff added after it (in the order they were first approved)."""
    approved = _latest_approved(session)
    out = [dict(approved[e.slug].data) if e.slug in approved else event_data(e) for e in shipped_events()]
    shipped = {e.slug for e in shipped_events()}
    out += [dict(r.data) for r in sorted(approved.values(), key=lambda r: r.id) if r.slug not in shipped]
    return out


def events_from_data(data: list[dict[str, Any]]) -> tuple[Event, ...]:
    return tuple(_event(raw) for raw in data)


def active_events(session: Session) -> tuple[Event, ...]:
    if approved_state(session) is None:
        return shipped_events()  # no staff edit: the shipped set itself (and its cached index)
    return events_from_data(active_event_data(session))


def active_event(session: Session, slug: str) -> Event | None:
    return next((e for e in active_events(session) if e.slug == slug), None)


# --- proposing and reviewing -----------------------------------------------------------------------
def _actor(user, actor: str) -> str:
    return actor or getattr(user, "username", "") or "hệ thống"


def propose(session: Session, slug: str, raw: dict[str, Any], *, new: bool = False, user=None, actor: str = ""):
    """A proposed version of an event (a new event when `new`); in force once another administrator
    approves it. Audited."""
    data = clean_event(raw, slug)
    exists = active_event(session, data["slug"]) is not None or session.scalar(
        select(EventVersion.id).where(EventVersion.slug == data["slug"]).limit(1)
    )
    if new and exists:
        raise EventEditError(f"Đã có sự kiện với đường dẫn «{data['slug']}».")
    if not new and not exists:
        raise EventEditError("Không có sự kiện này.")
    version = EventVersion(slug=data["slug"], status=EventStatus.PROPOSED, data=data, actor=_actor(user, actor))
    session.add(version)
    session.flush()
    record_event(
        session,
        "event.propose",
        "life_event",
        data["slug"],
        user=user,
        actor=actor,
        detail={"version": version.id, "new": new, "phrases": len(data["phrases"]), "steps": len(data["steps"])},
    )
    return version


def add_phrase(session: Session, slug: str, phrase: str, *, user=None, actor: str = "") -> EventVersion:
    """Propose the event in force with one more phrasing: the gaps page's "thêm vào sự kiện"."""
    current = active_event(session, slug)
    if current is None:
        raise EventEditError("Không có sự kiện này.")
    words = tokens(nfc(phrase or ""))
    if not words:
        raise EventEditError("Cần nhập cách nói cần thêm.")
    data = event_data(current)
    key = tuple(folded_form(w) for w in words)
    if any(tuple(folded_form(w) for w in tokens(p)) == key for p in data["phrases"]):
        raise EventEditError(f"Sự kiện «{current.title}» đã có cách nói «{' '.join(words)}».")
    data["phrases"] = [*data["phrases"], " ".join(words)]
    return propose(session, slug, data, user=user, actor=actor)


def _decided(session: Session) -> set[int]:
    return set(session.scalars(select(EventVersion.proposal_id).where(EventVersion.proposal_id.is_not(None))))


def pending(session: Session) -> list[EventVersion]:
    """Proposals nobody has reviewed yet, oldest first."""
    decided = _decided(session)
    rows = session.scalars(
        select(EventVersion).where(EventVersion.status == EventStatus.PROPOSED).order_by(EventVersion.id)
    ).all()
    return [r for r in rows if r.id not in decided]


def review(
    session: Session, proposal_id: int, approve: bool, *, user=None, actor: str = "", note: str = ""
) -> EventVersion:
    """Approve (the proposal's data comes in force) or reject a pending proposal. The reviewer is not
    who proposed it, unless the authority set one person for both. Audited."""
    from ..decisions.policy import one_person_approves_and_signs

    proposal = session.get(EventVersion, proposal_id)
    if proposal is None or proposal.status != EventStatus.PROPOSED:
        raise EventEditError("Không có đề xuất sửa sự kiện này.")
    if proposal.id in _decided(session):
        raise EventEditError("Đề xuất này đã được xem xét.")
    newer = select(EventVersion.id).where(
        EventVersion.slug == proposal.slug, EventVersion.status == EventStatus.APPROVED, EventVersion.id > proposal.id
    )
    if approve and session.scalar(newer.limit(1)) is not None:
        raise EventEditError(
            "Sự kiện đã được sửa (một đề xuất khác đã được duyệt) sau khi đề xuất này được lập: hãy từ chối "
            "đề xuất này và đề xuất lại trên phiên bản mới."
        )
    reviewer = _actor(user, actor)
    alone = reviewer == proposal.actor
    if alone and not one_person_approves_and_signs():
        raise EventEditError("Người đề xuất không tự duyệt được: cần một quản trị viên khác xem xét (hai người).")
    version = EventVersion(
        slug=proposal.slug,
        status=EventStatus.APPROVED if approve else EventStatus.REJECTED,
        data=dict(proposal.data) if approve else {},
        proposal_id=proposal.id,
        note=_line(note, MAX_TEXT, "ghi chú"),
        actor=reviewer,
    )
    session.add(version)
    session.flush()
    record_event(
        session,
        "event.approve" if approve else "event.reject",
        "life_event",
        proposal.slug,
        user=user,
        actor=actor,
        detail={"version": version.id, "proposal": proposal.id, "proposed_by": proposal.actor, "one_person": alone},
    )
    return version


def history(session: Session, slug: str) -> list[EventVersion]:
    return list(session.scalars(select(EventVersion).where(EventVersion.slug == slug).order_by(EventVersion.id)))


def changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    """What a proposal changes, in words, for its reviewer."""
    before = before or {}
    out = []
    for key, label in (("title", "Tên"), ("group", "Nhóm"), ("description", "Mô tả"), ("source", "Nguồn")):
        if before.get(key, "") != after.get(key, ""):
            out.append(f"{label}: «{after.get(key, '')}» (trước: «{before.get(key, '')}»)")
    old, new = before.get("phrases", []), after.get("phrases", [])
    added, removed = [p for p in new if p not in old], [p for p in old if p not in new]
    if added:
        out.append("Thêm cách nói: " + "; ".join(f"«{p}»" for p in added))
    if removed:
        out.append("Bỏ cách nói: " + "; ".join(f"«{p}»" for p in removed))
    if before.get("steps", []) != after.get("steps", []):
        out.append("Các bước: " + "; ".join(f"{s['title']} ({', '.join(s['codes'])})" for s in after.get("steps", [])))
    return out


# --- steps against the catalogue in force ----------------------------------------------------------
def step_flags(session: Session, events, today: dt.date | None = None) -> dict[str, dict[str, Any]]:
    """For every code of the events' steps that the catalogue knows but no longer has in force: how
    it ended ({"state": "abolished", "replaced_by": code or "", "since": date}). Computed from the
    catalogue on `today` each time (never stored), so it is true whatever decision took effect."""
    from ..catalogue.queries import latest_version_ids
    from ..models.catalogue import Procedure
    from ..models.catalogue import ProcedureVersion as PV

    wanted = {c for ev in events for s in ev.steps for c in s.codes}
    if not wanted:
        return {}
    latest = latest_version_ids(today or dt.date.today())
    rows = session.execute(
        select(Procedure.code, PV.state, PV.replaced_by_code, PV.valid_from)
        .join(PV, PV.procedure_id == Procedure.id)
        .join(latest, (latest.c.version_id == PV.id) & (latest.c.rank == 1))
    ).all()
    in_force: set[str] = set()
    ended: dict[str, dict[str, Any]] = {}
    for code, state, replaced_by, since in rows:
        for key in {code, base_code(code)}:
            if key not in wanted:
                continue
            if state == VersionState.IN_FORCE:
                in_force.add(key)
            else:
                ended.setdefault(
                    key, {"state": VersionState.ABOLISHED, "replaced_by": replaced_by or "", "since": since}
                )
    return {code: flag for code, flag in ended.items() if code not in in_force}
