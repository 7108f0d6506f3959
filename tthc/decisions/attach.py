"""A process annex that comes as its own file, attached to the draft it belongs to (issue 22, item 7).

Officials often send the internal processes (quy trình nội bộ) apart from the decision. The file (Word
or PDF) is read for its process tables only (tthc.annex.word_processes, the same reading as a process
annex inside a decision: the procedure named by its code or name in the paragraphs above the table, or
by title rows inside one long table); each process found is attached to the draft's entry for that
procedure (`record["process"]`). A process naming no entry of the draft is reported, never guessed.
All or nothing: when no process can be attached, nothing is written. No Flask.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from ..annex.pdf import document_items
from ..annex.process_annex import process_annex
from ..annex.word import WordProblem
from ..annex.word_processes import ProcedureFinder, attach_processes, read_processes
from ..audit import record_event
from ..models.decisions import Decision
from ..problems import DomainError
from .drafting import ensure_editable


@dataclass
class _Target:
    """A draft entry as the process reader sees a parsed one: its code and name, and the process found."""

    values: dict[str, Any]
    localised_code: str | None
    process: dict[str, Any] | None = None
    marks: list[dict[str, str]] = field(default_factory=list)

    def mark(self, kind: str, column: str, text: str) -> None:
        self.marks.append({"kind": kind, "column": column, "text": text})


def _attach_named(annex: list[tuple[str, Any]], targets: list[_Target]) -> None:
    """Each procedure named above a process table ("1. Cấp Giấy phép …", "2. Cấp điều chỉnh …") that is an
    entry of the draft still without a process gets that table's process."""
    finder = ProcedureFinder(targets)
    processes, _ = read_processes(annex)
    for item in processes:
        for named in item["procedures"]:
            found = finder.by_text(f"{named['name']} {named['code']}".strip())
            if found and not found[0].process:
                found[0].process = item["process"]
                found[0].mark("assumption", "process", f"quy trình nội bộ từ bảng {item['table']}, gắn theo {found[1]}")


def attach_process_file(
    session: Session, decision: Decision, data: bytes, *, user=None, actor: str = ""
) -> dict[str, Any]:
    """Attach the processes of a process-annex file to the draft's entries. Returns {"attached": [{"entry",
    "code", "name", "how"}], "doubts": [...]}; DomainError (Vietnamese) when nothing can be attached."""
    if user is not None:
        ensure_editable(decision, user)
    try:
        items, grids, notices = document_items(data)
    except WordProblem as error:
        raise DomainError(f"Không đọc được tệp quy trình: {error}") from None
    targets = [
        _Target({"code": e.code, "name": (e.record or {}).get("name") or ""}, e.localised_code)
        for e in decision.entries
    ]
    annex = process_annex(items, grids)
    _, doubts = attach_processes(annex, targets)
    _attach_named(annex, targets)  # a table naming several procedures in the numbered paragraphs above it
    attached = []
    for entry, target in zip(decision.entries, targets, strict=True):
        if target.process:
            entry.record = {**(entry.record or {}), "process": target.process}
            flag_modified(entry, "record")
            how = next((m["text"] for m in target.marks if m["column"] == "process"), "")
            attached.append({"entry": entry.position, "code": entry.code, "name": target.values["name"], "how": how})
    if not attached:
        raise DomainError(
            "Không gắn được quy trình nào vào dự thảo: "
            + ("; ".join(notices + doubts) or "tệp không có bảng quy trình nội bộ nào.")
        )
    record_event(
        session,
        "decision.attach_processes",
        "decision",
        decision.id,
        user=user,
        actor=actor,
        detail={"attached": len(attached)},
    )
    return {"attached": attached, "doubts": notices + doubts}
