"""A process annex that comes as its own file, attached to the draft it belongs to (issue 22, item 7).

Officials often send the internal processes (quy trình nội bộ) apart from the decision. The file (Word
or PDF) is read for its process tables only (tthc.annex.word_processes, the same reading as a process
annex inside a decision: the procedure named by its code or name in the paragraphs above the table, or
by title rows inside one long table); each process found is attached to the draft's entry for that
procedure (`record["process"]`). A process naming no entry of the draft is reported, never guessed.
All or nothing: when no process can be attached, nothing is written. No Flask.

Three steps, so that the web reads the file in a background job and writes only once the drafter has
seen what will be attached: `read_process_file` (the file → its paragraphs and process tables as plain
JSON data, nothing written; what a job keeps), `attachment_plan` (which entry of the draft gets which
process, and the doubts; nothing written), `attach_read` (the plan written, audited). The command line
(`tthc decision import FILE --attach-to ID`) does the three at once through `attach_process_file`, the
web confirmation calls `attach_read` on what its job read: the same attachment either way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from ..annex.pdf import document_items
from ..annex.process_annex import process_annex
from ..annex.process_check import entry_process_doubts
from ..annex.word import WordProblem
from ..annex.word_processes import (
    ProcedureFinder,
    ProcessTable,
    attach_processes,
    is_process_table,
    read_processes,
)
from ..audit import record_event
from ..models.decisions import Decision
from ..problems import DomainError
from .drafting import ensure_editable

READ_VERSION = 1  # the shape of read_process_file's answer, kept on a job between reading and confirming


@dataclass
class _Target:
    """A draft entry as the process reader sees a parsed one: its code and name, and the process found."""

    values: dict[str, Any]
    localised_code: str | None
    process: dict[str, Any] | None = None
    marks: list[dict[str, str]] = field(default_factory=list)

    def mark(self, kind: str, column: str, text: str) -> None:
        self.marks.append({"kind": kind, "column": column, "text": text})


def read_process_file(
    data: bytes, *, max_bytes: int | None = None, progress: Callable[[int, int], None] | None = None
) -> dict[str, Any]:
    """The file's paragraphs and process tables in document order (tables continued over pages joined),
    as JSON data: {"version", "annex": [{"p": text} | {"table": number, "rows": [[cell, …], …]}],
    "notices": [...]}. Nothing written; DomainError (Vietnamese) when the file cannot be read.
    `progress(page, pages)`: a PDF's pages."""
    try:
        items, grids, notices = document_items(data, max_bytes=max_bytes, progress=progress)
    except WordProblem as error:
        raise DomainError(f"Không đọc được tệp quy trình: {error}") from None
    annex: list[dict[str, Any]] = []
    for kind, value in process_annex(items, grids):
        if kind == "p":
            annex.append({"p": value})
        elif is_process_table(value.rows):  # other tables (forms, signatures) never hold a process
            annex.append({"table": value.number, "rows": value.rows})
    return {"version": READ_VERSION, "annex": annex, "notices": list(notices)}


def _annex(read: dict[str, Any]) -> list[tuple[str, Any]]:
    if read.get("version") != READ_VERSION:
        raise DomainError("Bản đọc tệp quy trình đã cũ; hãy tải tệp lên lại.")
    return [
        ("p", part["p"]) if "p" in part else ("tbl", ProcessTable(part["table"], part["rows"]))
        for part in read["annex"]
    ]


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


def attachment_plan(decision: Decision, read: dict[str, Any]) -> dict[str, Any]:
    """What attaching the read file to the draft would do, nothing written: {"attached": [{"entry",
    "code", "name", "how", "steps", "process"}], "doubts": [...]} in the draft's order. DomainError
    (Vietnamese) when no process names an entry of the draft."""
    annex = _annex(read)
    targets = [
        _Target({"code": e.code, "name": (e.record or {}).get("name") or ""}, e.localised_code)
        for e in decision.entries
    ]
    _, doubts = attach_processes(annex, targets)
    _attach_named(annex, targets)  # a table naming several procedures in the numbered paragraphs above it
    doubts = list(read.get("notices") or []) + doubts
    attached = [
        {
            "entry": entry.position,
            "code": entry.code,
            "name": target.values["name"],
            "how": next((m["text"] for m in target.marks if m["column"] == "process"), ""),
            "steps": sum(len(case["steps"]) for case in target.process["cases"]),
            "process": target.process,
        }
        for entry, target in zip(decision.entries, targets, strict=True)
        if target.process
    ]
    for entry, target in zip(decision.entries, targets, strict=True):
        if target.process:  # the process read against itself and the entry's own time limit
            record = {**(entry.record or {}), "code": entry.code, "process": target.process}
            doubts += [f"Mục {entry.position + 1}: {text}" for text in entry_process_doubts(record)]
    if not attached:
        raise DomainError(
            "Không gắn được quy trình nào vào dự thảo: "
            + ("; ".join(doubts) or "tệp không có bảng quy trình nội bộ nào.")
        )
    return {"attached": attached, "doubts": doubts}


def attach_read(
    session: Session,
    decision: Decision,
    read: dict[str, Any],
    *,
    user: Any = None,
    actor: str = "",
    expected: list[int] | None = None,
) -> dict[str, Any]:
    """Attach the processes of a read process file (read_process_file) to the draft's entries (flushed,
    audited `decision.attach_processes`). Returns {"attached": [{"entry", "code", "name", "how",
    "steps"}], "doubts": [...]}. Given `expected` (the entry positions a preview showed), a draft that
    has changed since is refused, so what is written is what the drafter saw."""
    if user is not None:
        ensure_editable(decision, user)
    plan = attachment_plan(decision, read)
    if expected is not None and [item["entry"] for item in plan["attached"]] != list(expected):
        raise DomainError("Dự thảo đã thay đổi sau khi xem trước; hãy tải tệp quy trình lên lại để xem lại.")
    by_position = {entry.position: entry for entry in decision.entries}
    for item in plan["attached"]:
        entry = by_position[item["entry"]]
        entry.record = {**(entry.record or {}), "process": item.pop("process")}
        flag_modified(entry, "record")
    record_event(
        session,
        "decision.attach_processes",
        "decision",
        decision.id,
        user=user,
        actor=actor,
        detail={"attached": len(plan["attached"])},
    )
    session.flush()
    return plan


def attached_text(attached: list[dict[str, Any]]) -> str:
    """The entries a plan attaches to, for people: "mục 2 (1.888002); mục 3 (Thủ tục …)"."""
    return "; ".join(f"mục {a['entry'] + 1} ({a['code'] or a['name'][:40]})" for a in attached)


def attach_process_file(
    session: Session,
    decision: Decision,
    data: bytes,
    *,
    user: Any = None,
    actor: str = "",
    max_bytes: int | None = None,
) -> dict[str, Any]:
    """Read a process-annex file and attach its processes to the draft's entries at once (the command
    line): read_process_file, then attach_read. DomainError (Vietnamese) when nothing can be attached."""
    if user is not None:
        ensure_editable(decision, user)
    return attach_read(session, decision, read_process_file(data, max_bytes=max_bytes), user=user, actor=actor)
