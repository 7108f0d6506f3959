"""Decisions from the flat JSON Lines format (the sample's) into the database."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import record_event
from ..models.decisions import ENTRY_ACTIONS, Decision, DecisionEntry, DecisionKind, DecisionStatus, EntryAction
from ..problems import ImportProblem
from ..records import from_flat, normalize_record
from ..records.references import resolve_as_above
from ..text import looks_like_mojibake, nfc
from .row_patches import apply_row_patches

_DECISION_KEYS = {
    "number",
    "date",
    "effective_date",
    "signed_date",
    "issuer",
    "signer",
    "title",
    "kind",
    "source",
    "entries",
    "legal_acts",
    "signing_title",
    "effective_text",
}
# Entry keys that say where an entry came from, kept on the entry rather than in its record.
_ENTRY_SOURCE_KEYS = ("localised_code", "annex_source")
# Entry values an annex may give as "Như trên" (the name and the code never stand for another row's).
AS_ABOVE_KEYS = (
    "field",
    "level",
    "agency",
    "time_limit",
    "fee",
    "place",
    "legal_basis",
    "abolition_basis",
    "channels",
    "applicants",
    "results",
    "conditions",
    "forms",
    "documents",
    "online_level",
)


# The shape each known key must have (None is always allowed: "not given"); unknown keys are kept
# verbatim in `extra`, whatever their shape. Checked before anything reads the values, so a wrong
# shape is a message naming the line and key, never a TypeError deep in the record code.
TEXT, TEXTS = "text", "texts"
Shapes = dict[str, tuple[str, ...]]
_DECISION_SHAPES: Shapes = {
    "number": (TEXT,),
    "date": (TEXT,),
    "effective_date": (TEXT,),
    "signed_date": (TEXT,),
    "issuer": (TEXT,),
    "signer": (TEXT,),
    "title": (TEXT,),
    "kind": (TEXT,),
    "signing_title": (TEXT,),
    "effective_text": (TEXT,),
    "source": (TEXT,),
    "legal_acts": (TEXTS,),
}
_ENTRY_SHAPES = {
    **{
        key: (TEXT,)
        for key in (
            "action",
            "code",
            "replaces",
            "note",
            "name",
            "field",
            "level",
            "agency",
            "time_limit",
            "fee",
            "place",
            "online_level",
            "procedure_type",
            "channel_notes",
            "source",
            "localised_code",
        )
    },
    **{key: (TEXTS,) for key in ("channels", "documents", "levels", "forms")},
    **{
        key: (TEXT, TEXTS) for key in ("steps", "legal_basis", "abolition_basis", "results", "applicants", "conditions")
    },
}
_SHAPE_LABELS = {
    (TEXT,): "một chuỗi văn bản",
    (TEXTS,): "một danh sách văn bản",
    (TEXT, TEXTS): "một chuỗi hoặc danh sách văn bản",
}


def _has_shape(value: Any, shapes: tuple[str, ...]) -> bool:
    if value is None:
        return True
    if TEXT in shapes and isinstance(value, str):
        return True
    return TEXTS in shapes and isinstance(value, list) and all(isinstance(v, str) for v in value)


def check_shape(flat: dict[str, Any], shapes: dict[str, tuple[str, ...]], where: str) -> None:
    """ImportProblem naming the first known key whose value has the wrong shape, or whose text is in a
    legacy encoding (TCVN3/VNI pasted as Unicode): converting it is the sender's call, never silent."""
    for key, allowed in shapes.items():
        if key in flat and not _has_shape(flat[key], allowed):
            shown = json.dumps(flat[key], ensure_ascii=False)[:40]
            raise ImportProblem(f"{where}: «{key}» phải là {_SHAPE_LABELS[allowed]}, không phải {shown}.")
    for key in ("name", "title", "issuer"):
        encoding = looks_like_mojibake(flat.get(key) or "")
        if encoding:
            raise ImportProblem(
                f"{where}: «{key}» có vẻ là văn bản mã {encoding} (phông chữ cũ): "
                f"«{flat[key][:40]}»; hãy chuyển sang Unicode rồi nạp lại."
            )


def _parse_date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ImportProblem(f"{where}: ngày «{value}» không đúng dạng YYYY-MM-DD.") from None


def decision_from_flat(flat: dict[str, Any], where: str, *, signed: bool) -> Decision:
    """One flat decision → an unsaved Decision with entries. Raises ImportProblem on bad shape."""
    entries = flat.get("entries")
    if not isinstance(entries, list):
        raise ImportProblem(f"{where}: thiếu danh sách «entries».")
    check_shape(flat, _DECISION_SHAPES, where)
    date = _parse_date(flat.get("date"), where)
    decision = Decision(
        kind=DecisionKind.CONG_BO,
        number=str(flat.get("number") or ""),
        title=flat.get("title") or "",
        issuer=flat.get("issuer") or "",
        signer=flat.get("signer") or "",
        signed_date=_parse_date(flat.get("signed_date"), where) or date,
        # an effective date tied to another act stays unknown until the drafter gives it (issue 22)
        effective_date=_parse_date(flat.get("effective_date"), where)
        or (None if flat.get("effective_tied_to") else date),
        legal_acts=list(flat.get("legal_acts") or []),
        source=flat.get("source") or "",
        signing_title=flat.get("signing_title") or "",
        effective_text=flat.get("effective_text") or "",
        status=DecisionStatus.SIGNED if signed else DecisionStatus.DRAFT,
        extra={k: v for k, v in flat.items() if k not in _DECISION_KEYS},
    )
    if signed and decision.effective_date is None:
        raise ImportProblem(f"{where}: quyết định đã ký phải có ngày («date» hoặc «effective_date»).")
    resolve_as_above([raw for raw in entries if isinstance(raw, dict)], AS_ABOVE_KEYS)
    if flat.get("kind") == "danh_muc":  # a list-type decision: designations, no record changes
        from ..catalogue.designations import LIST_KIND, check_list_entry

        for position, raw in enumerate(entries):
            problem = check_list_entry(raw, f"{where}, mục {position + 1}")
            if problem:
                raise ImportProblem(problem)
        decision.extra = {**decision.extra, "list_kind": LIST_KIND, "designations": nfc(entries)}
        return decision
    for position, raw in enumerate(entries):
        decision.entries.append(entry_from_flat(raw, f"{where}, mục {position + 1}", position))
    return decision


def entry_from_flat(raw: Any, where: str, position: int) -> DecisionEntry:
    if not isinstance(raw, dict):
        raise ImportProblem(f"{where}: mục phải là một đối tượng JSON.")
    check_shape(raw, _ENTRY_SHAPES, where)
    record = raw.get("record")
    process = raw.get("process", record.get("process") if isinstance(record, dict) else None)
    if process is not None and not isinstance(process, dict):
        raise ImportProblem(f"{where}: «process» (quy trình nội bộ) phải là một đối tượng JSON.")
    action = raw.get("action")
    if action not in ENTRY_ACTIONS:
        raise ImportProblem(f"{where}: hình thức «{action}» không hợp lệ (new, amended, replaced, abolished).")
    partial = action != EntryAction.NEW
    origin, localised = raw.get("annex_source"), raw.get("localised_code")
    raw = {k: v for k, v in raw.items() if k not in _ENTRY_SOURCE_KEYS}
    if isinstance(raw.get("record"), dict):  # already structured (the Excel annex carries every part)
        record = nfc(raw["record"]) if partial else normalize_record(raw["record"])
    else:
        record = from_flat(raw, partial=True) if partial else from_flat(raw)
    basis = raw.get("abolition_basis") or []
    return DecisionEntry(
        position=position,
        action=action,
        code=raw.get("code") or None,
        replaces_code=raw.get("replaces") or None,
        record=record,
        basis=[basis] if isinstance(basis, str) else list(basis),
        note=raw.get("note") or "",
        localised_code=localised or None,
        source=dict(origin) if isinstance(origin, dict) else None,
    )


def import_decisions(
    session: Session, rows: Iterable[tuple[int, dict[str, Any]]], *, signed: bool, user=None, actor: str = ""
) -> list[Decision]:
    """Create decisions from flat rows; a decision whose number already exists is refused."""
    created = []
    for number, flat in rows:
        where = f"Dòng {number}"
        decision = decision_from_flat(flat, where, signed=signed)
        if decision.number and session.scalar(
            select(Decision.id).where(Decision.number == decision.number, Decision.issuer == decision.issuer)
        ):
            raise ImportProblem(f"{where}: quyết định {decision.number} của {decision.issuer} đã có trong hệ thống.")
        session.add(decision)
        session.flush()
        apply_row_patches(session, decision, flat.get("entries") or [])
        record_event(
            session,
            "decision.import",
            "decision",
            decision.id,
            user=user,
            actor=actor,
            detail={"number": decision.number, "status": decision.status, "entries": len(decision.entries)},
        )
        created.append(decision)
    return created
