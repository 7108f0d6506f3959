"""JSON API under /api/v1 (read-only for the public), described by /api/v1/openapi.json."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, jsonify, request
from sqlalchemy import and_, func, select
from werkzeug.exceptions import HTTPException

from ..catalogue.io import cached_export
from ..catalogue.queries import revision_on
from ..decisions.policy import visible_to
from ..models.decisions import Decision, DecisionStatus
from ..procedure_view import ProcedureView, RecordFacts, VersionView, procedure_view
from ..search import FACETS, SearchQuery
from ..search.query import MAX_PER_PAGE
from ..security import clean_query
from ..text import ascii_number
from . import db_session, public_url, requested_date, services
from .caching import conditional, current_state, per_state
from .downloads import content_disposition
from .events import events_in_force
from .openapi import openapi_document
from .public import search_service, search_state
from .search_log import log_public_search

bp = Blueprint("api", __name__, url_prefix="/api/v1")
DOWNLOAD_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FILTER_ARGS = ("level", "sector", "agency", "channel", "online_level", "status")


def json_error(error: HTTPException):
    response = jsonify({"error": error.name, "status": error.code, "message": error.description})
    return response, error.code


# By code: the application's own (HTML) handlers are registered by code and would win otherwise.
for _code in (400, 404, 405):
    bp.register_error_handler(_code, json_error)


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name, "")
    if not raw:
        return default
    value = ascii_number(raw, high)  # ASCII digits only: int() takes «٣» and « 7 »
    if value is None or not low <= value <= high:
        abort(400, description=f"Tham số «{name}» phải là số nguyên từ {low} đến {high}.")
    return value


def _filters() -> dict[str, Any]:
    """The list's filters, by the SearchQuery field of the same name."""
    return {k: request.args.get(k, "").strip() for k in FILTER_ARGS}


@bp.route("/procedures")
@conditional(
    extra=search_state,
    cache=lambda: not request.args.get("q"),
    args=("q", "page", "per_page", "facets", *FILTER_ARGS),
)
def procedures():
    on_date = requested_date()
    query = SearchQuery(
        text=clean_query(request.args.get("q", "")),
        page=_int_arg("page", 1, 1, 1000),
        per_page=_int_arg("per_page", 20, 1, MAX_PER_PAGE),
        facets=request.args.get("facets", "1") not in ("0", "false"),
        **_filters(),
    )
    result = search_service().search(query, on_date)
    # Results as you type (facets=0) and searches on a past date log nothing (as the search page).
    if query.text and query.page == 1 and query.facets and on_date is None:
        log_public_search(query.text, result)
    body = result.as_dict()
    for hit in body["hits"]:
        hit.pop("name_html", None)
        hit["url"] = public_url("api.procedure", code=hit["code"])
        hit["page"] = public_url("public.procedure", code=hit["code"])
    body["date"] = (on_date or dt.date.today()).isoformat()
    return jsonify(body)


def version_summary(version: VersionView) -> dict:
    decision = version.entry.decision
    return {
        "valid_from": version.valid_from.isoformat(),
        "state": version.state,
        "revision": version.revision_id,
        "action": version.entry.action,
        "replaced_by_code": version.replaced_by_code,
        "decision": {"id": decision.id, "number": decision.number, "title": decision.title},
        "url": public_url("api.procedure", code=version.code, ngay=version.valid_from.isoformat()),
    }


@bp.route("/procedures/<path:code>")
@conditional()
def procedure(code: str):
    view = procedure_view(
        db_session(),
        code,
        requested_date(),
        announced_possible=current_state().announced,
        events=events_in_force(),
        memo=per_state,
    )
    if view is None:
        abort(404, description=f"Không có thủ tục mã {code}.")
    version = view.version
    body = {
        "code": code,
        "date": view.day.isoformat(),
        "state": version.state if version else "not_yet_in_force",
        "valid_from": version.valid_from.isoformat() if version else None,
        "replaced_by_code": version.replaced_by_code if version else None,
        "record": view.version_record,
        "versions": [version_summary(v) for v in view.versions],
    }
    if version is not None and view.facts is not None:
        body.update(facts_dict(view.facts))
    body.update(page_facts(view))
    if view.announced is not None:  # a procedure a signed decision brings into force later
        decision = view.announced.decision
        body["announced"] = {
            "valid_from": decision.effective_date.isoformat() if decision.effective_date else None,
            "record": view.announced.record,
            "decision": {"id": decision.id, "number": decision.number, "title": decision.title},
            **facts_dict(view.announced.facts),
        }
    return jsonify(body)


def page_facts(view: ProcedureView) -> dict:
    """The rest of what the procedure page shows (docs/api.md): where and how it is received, the linked
    groups it belongs to, the changes already announced, the form files of the version in force and
    the life events it is a step of."""
    return {
        "designations": [dict(d) for d in view.designations],
        "linked_groups": [
            {
                "key": g.group_key,
                "name": g.name,
                "valid_from": g.valid_from.isoformat(),
                "time_limit": g.record.get("time_limit", ""),
                "agencies": list(g.record.get("agencies") or []),
                "members": [
                    {"code": m["code"], "name": view.member_names.get(m["code"], ""), "agency": m.get("agency", "")}
                    for m in g.record["members"]
                ],
            }
            for g in view.linked_groups
        ],
        "pending_changes": [
            {
                "action": p.action,
                "valid_from": p.decision.effective_date.isoformat() if p.decision.effective_date else None,
                "decision": {"id": p.decision.id, "number": p.decision.number, "title": p.decision.title},
            }
            for p in view.pending
        ],
        "form_files": [
            {
                "title": f.title,
                "filename": f.filename,
                "extension": f.extension,
                "size": f.size,
                "url": public_url("public.form_file", form_id=f.id, filename=f.filename),
            }
            for f in view.form_files
        ],
        "life_events": [
            {"slug": e.slug, "title": e.title, "page": public_url("events.event", slug=e.slug)}
            for e in view.life_events
        ],
    }


def facts_dict(facts: RecordFacts) -> dict:
    """What the page says of a record beside its data: which parts are given, explicitly none or not
    recorded (with the text shown for them), its online availability and its agencies by role."""
    return {
        "presence": facts.presence,
        "online": {"key": facts.online.key, "label": facts.online.label},
        "agencies": [
            {"id": a.id, "name": a.name, "short_name": a.short_name, "level": a.level, "role": a.role}
            for a in facts.agencies
        ],
        "agencies_unmapped": [{"role": u.role, "text": u.text} for u in facts.agencies_unmapped],
    }


def decision_dict(decision: Decision) -> dict:
    return {
        "id": decision.id,
        "number": decision.number,
        "title": decision.title,
        "issuer": decision.issuer,
        "signer": decision.signer,
        "kind": decision.kind,
        "status": decision.status,
        "signed_date": decision.signed_date.isoformat() if decision.signed_date else None,
        "effective_date": decision.effective_date.isoformat() if decision.effective_date else None,
        "entries": [
            {
                "action": e.action,
                "code": e.code,
                "replaces_code": e.replaces_code,
                "name": (e.record or {}).get("name", ""),
            }
            for e in decision.entries
        ],
    }


@bp.route("/decisions")
@conditional(args=("page", "per_page", "status"))
def decisions():
    session = db_session()
    page, per_page = _int_arg("page", 1, 1, 10000), _int_arg("per_page", 20, 1, MAX_PER_PAGE)
    status = request.args.get("status", "")
    where = visible_to(None)  # the public record whoever asks (tthc.decisions.policy)
    if status in tuple(DecisionStatus):
        where = and_(where, Decision.status == status)
    total = session.scalar(select(func.count(Decision.id)).where(where))
    rows = session.scalars(
        select(Decision)
        .where(where)
        .order_by(Decision.effective_date.desc(), Decision.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return jsonify({"total": total, "page": page, "per_page": per_page, "items": [decision_dict(d) for d in rows]})


@bp.route("/catalogue.<fmt>")
def catalogue_download(fmt: str):
    """The catalogue on a date as a file: generated once per catalogue state, then sent from disk with
    its state as a strong ETag (If-None-Match gets 304)."""
    if fmt not in DOWNLOAD_TYPES:
        abort(404, description="Định dạng tải về: csv, xlsx hoặc jsonl.")
    on_date = requested_date() or dt.date.today()
    session = db_session()
    path, key = cached_export(session, fmt, on_date, Path(services().settings["EXPORT_DIR"]) / "catalogue")
    # Read whole (a few MB at most) rather than streamed: no file handle outlives the request.
    response = Response(
        path.read_bytes(),
        headers={
            "Content-Type": DOWNLOAD_TYPES[fmt],
            "X-Catalogue-Revision": str(revision_on(session, on_date)),
            "Content-Disposition": content_disposition(f"danh-mục-tthc-{on_date.isoformat()}.{fmt}"),
            "Cache-Control": "public, no-cache",
        },
    )
    response.set_etag(key)
    return response.make_conditional(request)


@bp.route("/openapi.json")
def openapi():
    return jsonify(openapi_document(FACETS))
