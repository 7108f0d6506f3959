"""Reading a source file and recording it: the same readers as decisions (Word through
tthc.annex.word's entry point, JSON Lines through tthc.decisions.importing), never a fork. No Flask."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..annex.pdf import read_decision_document
from ..annex.word import WordProblem
from ..audit import record_event
from ..decisions.importing import decision_from_flat
from ..models.sources import Source, SourceEntry
from ..problems import DomainError, ImportProblem
from ..records.flat import read_jsonl
from ..text import nfc

SOURCE_SUFFIXES = (".docx", ".pdf", ".jsonl", ".json")
OPERATOR_MAX_BYTES = 200 * 1024 * 1024


class SourceProblem(DomainError, ValueError):
    """The file cannot be recorded as a source; the message is Vietnamese and says why."""


def read_source_bytes(data: bytes, file_name: str, *, max_bytes: int | None = None) -> tuple[dict[str, Any], list[str]]:
    """(the flat decision, the reader's doubts) from a .docx, .pdf or JSON Lines file."""
    suffix = Path(file_name).suffix.lower()
    if suffix not in SOURCE_SUFFIXES:
        raise SourceProblem(f"Tệp «{file_name}» không phải .docx, .pdf hay .jsonl; chưa nạp gì.")
    if suffix in (".jsonl", ".json"):
        return _read_jsonl_bytes(data), []
    try:  # the one reading of Word and PDF decisions (their tables, "Như trên", self-checks)
        parsed = read_decision_document(data, **({"max_bytes": max_bytes} if max_bytes else {}))
    except WordProblem as error:
        raise SourceProblem(f"Không đọc được tệp: {error}") from None
    if parsed.listings:
        raise SourceProblem("Đây là quyết định danh mục nơi tiếp nhận, không phải quyết định công bố thủ tục.")
    return parsed.flat(), parsed.doubts()


def _read_jsonl_bytes(data: bytes) -> dict[str, Any]:
    handle, name = tempfile.mkstemp(suffix=".jsonl")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        rows = read_jsonl(Path(name))
    except ImportProblem as error:
        raise SourceProblem(str(error)) from None
    finally:
        os.unlink(name)
    if len(rows) != 1:
        raise SourceProblem(f"Tệp nguồn JSON Lines cần đúng một quyết định (một dòng), tệp này có {len(rows)}.")
    return rows[0][1]


def import_source(
    session: Session,
    flat: dict[str, Any],
    *,
    file_name: str = "",
    doubts: list[str] | None = None,
    effective_date: dt.date | None = None,
    user=None,
    actor: str = "",
) -> Source:
    """Record a decision of another authority as a source: never a decision, never applied."""
    if flat.get("kind") == "danh_muc":
        raise SourceProblem("Đây là quyết định danh mục nơi tiếp nhận, không phải quyết định công bố thủ tục.")
    try:  # the decision import's own checks and normalisation, on an object never added to the session
        read = decision_from_flat({**flat, "kind": "cong_bo"}, "Nguồn", signed=False)
    except ImportProblem as error:
        raise SourceProblem(str(error)) from None
    if not read.entries:
        raise SourceProblem("Nguồn không có thủ tục nào; chưa nạp gì.")
    if read.number and session.scalar(
        select(Source.id).where(Source.number == read.number, Source.issuer == read.issuer)
    ):
        raise SourceProblem(f"Nguồn {read.number} của {read.issuer} đã được nạp.")
    source = Source(
        number=read.number,
        date=read.signed_date,
        effective_date=effective_date or read.effective_date,
        issuer=read.issuer,
        title=read.title,
        file_name=nfc(file_name),
        heading={"legal_acts": read.legal_acts, "signer": read.signer, "effective_text": read.effective_text},
        doubts=list(doubts or []),
        created_by_id=getattr(user, "id", None),
    )
    for position, entry in enumerate(read.entries):
        record = entry.record or {}
        source.entries.append(
            SourceEntry(
                position=position,
                action=entry.action,
                code=entry.code,
                replaces_code=entry.replaces_code,
                name=record.get("name") or "",
                level=record.get("level") or "",
                sector=record.get("sector") or "",
                record=record,
                basis=list(entry.basis or []),
                origin=entry.source,
            )
        )
    session.add(source)
    session.flush()
    record_event(
        session,
        "source.import",
        "source",
        source.id,
        user=user,
        actor=actor,
        detail={"number": source.number, "issuer": source.issuer, "entries": len(source.entries)},
    )
    return source


def source_summary(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "number": source.number,
        "date": source.date.isoformat() if source.date else None,
        "issuer": source.issuer,
        "entries": len(source.entries),
    }
