"""A decision as read from Word (or PDF): `WordDecision`, one `ParsedEntry` per procedure row with the row it
came from and its marks, the refusal `WordProblem`, and the flat form tthc.decisions.importing accepts
(`flat_decision`, `flat_entry`), its doubts as data (`document_problems`). No Flask."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..models.decisions import EntryAction
from ..problems import DomainError, Problem
from ..text import fold
from .process_check import process_doubt_text, process_doubts
from .selfcheck import COUNT_MISMATCH
from .word_content import record_with_content

ENTRY_KEYS = ("action", "code", "name", "level", "field", "time_limit", "fee", "place", "legal_basis", "agency")


class WordProblem(DomainError, ValueError):
    """The file cannot be read as a decision; the message is Vietnamese and says why."""


@dataclass
class ParsedEntry:
    values: dict[str, Any]  # ENTRY_KEYS (None: the layout has no column for it)
    table: int  # 1-based, counting every table of the document
    row: int  # 1-based row of that table
    cells: list[tuple[str, str]]  # (header as printed, raw cell text)
    extra: dict[str, str] = field(default_factory=dict)  # unknown columns, never dropped
    localised_code: str | None = None  # the code as printed when it is not the national code
    note: str = ""
    channels: list[str] = field(default_factory=list)
    replaces: str | None = None  # the code a "replaced" entry replaces
    marks: list[dict[str, str]] = field(default_factory=list)  # {"kind", "column", "text"}
    content: dict[str, Any] = field(default_factory=dict)  # record parts read from Phần II
    process: dict[str, Any] | None = None  # the internal process found for it (word_processes)
    heading: str = ""  # the annex paragraph just above its table
    group: str = ""  # the group row above it in its table ("A. Cấp tỉnh")
    action_unstated: bool = False  # nothing in the decision states its action (a list, not a change)

    def mark(self, kind: str, column: str, text: str) -> None:
        self.marks.append({"kind": kind, "column": column, "text": text})

    @property
    def doubts(self) -> list[str]:
        return [m["text"] for m in self.marks if m["kind"] == "doubt"]

    def flat(self) -> dict[str, Any]:
        """The entry in the flat sample format (tthc.decisions.importing), with where it came from."""
        return flat_entry(self.as_dict())

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.values,
            "extra": self.extra,
            "localised_code": self.localised_code,
            "note": self.note,
            "replaces": self.replaces,
            "process": self.process,
            "channels": self.channels,
            "source": {"table": self.table, "row": self.row, "cells": [list(c) for c in self.cells]},
            "marks": self.marks,
            "content": self.content,
        }


def amending_act_column(out: dict[str, Any], labels: list[str] | None = None) -> None:
    """Phần I's VBQPPL column of an amended or replaced table names the act that amends or replaces the
    procedure ("Tên VBQPPL quy định nội dung sửa đổi, bổ sung / việc thay thế"): it is the entry's
    amending act (`basis`), not the procedure's legal basis, which the amendment leaves as it is. A plain
    "Căn cứ pháp lý" column there is the procedure's legal basis as amended: it updates the record and
    also names the amending act (issue 22)."""
    if out.get("action") not in (EntryAction.AMENDED, EntryAction.REPLACED) or "legal_basis" not in out:
        return
    if _plain_basis_column(labels or []):
        out["abolition_basis"] = list(out["legal_basis"])
    else:
        out["abolition_basis"] = out.pop("legal_basis")


def _plain_basis_column(labels: list[str]) -> bool:
    folded = [" ".join(re.sub(r"\[\d+\]|\(.*?\)", " ", fold(label)).split()) for label in labels]
    return any(f.startswith("can cu phap ly") and not re.search(r"sua doi|thay the|bai bo", f) for f in folded)


def flat_entry(parsed: dict[str, Any]) -> dict[str, Any]:
    """A parsed entry (ParsedEntry.as_dict(), possibly fixed by the drafter) in the flat sample format
    tthc.decisions.importing reads, keeping where it came from and the columns it could not place."""
    out = {k: parsed.get(k) for k in ENTRY_KEYS if parsed.get(k) not in (None, "", [])}
    if out.get("action") == EntryAction.ABOLISHED and "legal_basis" in out:
        out["abolition_basis"] = out.pop("legal_basis")  # an abolished table cites why it goes
    source = parsed.get("source") or {}
    amending_act_column(out, [cell[0] for cell in source.get("cells") or []])
    for key in ("channels", "extra", "note", "localised_code", "replaces", "process"):
        if parsed.get(key):
            out[key] = parsed[key]
    out["annex_source"] = {"table": source.get("table"), "row": source.get("row")}
    if parsed.get("content") and out.get("action") != EntryAction.ABOLISHED:
        out["record"] = record_with_content(out, parsed["content"])  # Phần II: every part it gives
    return out


@dataclass
class WordDecision:
    heading: dict[str, Any]
    entries: list[ParsedEntry]
    skipped: list[dict[str, Any]] = field(default_factory=list)  # {"table", "reason"}
    notices: list[str] = field(default_factory=list)  # decision-level doubts
    listings: list[dict[str, Any]] = field(default_factory=list)  # a list-type decision's entries
    checks: list[Problem] = field(default_factory=list)  # the decision's own statements that disagree
    # a decision whose annex holds only internal processes: [{"table", "procedures": [{"name", "code"}],
    # "process"}] (no entries; the processes are attached to the draft they belong to)
    processes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def process_only(self) -> bool:
        return not self.entries and bool(self.processes)

    @property
    def count_doubts(self) -> list[Problem]:
        return [p for p in self.checks if p.code == COUNT_MISMATCH]

    def problems(self) -> list[Problem]:
        """Every doubt as data: the self-checks first, then the reader's notices, then each entry's."""
        return document_problems(self.as_dict())

    def flat(self) -> dict[str, Any]:
        return flat_decision(self.as_dict())

    def doubts(self) -> list[str]:
        return [p.message for p in self.problems()]

    def as_dict(self) -> dict[str, Any]:
        return {
            "heading": self.heading,
            "entries": [e.as_dict() for e in self.entries],
            "skipped": self.skipped,
            "notices": self.notices,
            "listings": self.listings,
            "checks": [p.as_dict() for p in self.checks],
            "processes": self.processes,
        }


def document_problems(data: dict[str, Any]) -> list[Problem]:
    """Every doubt of a decision as read (WordDecision.as_dict(), possibly fixed by the drafter), as data:
    the self-checks first, then the reader's notices, then each entry's."""
    out = [Problem(**check) for check in data.get("checks") or []]
    out += [Problem("", text, severity="warning", code="reader_notice") for text in data.get("notices") or []]
    for position, entry in enumerate(data.get("entries") or []):
        source = entry.get("source") or {}
        for mark in entry.get("marks") or []:
            if mark["kind"] == "doubt":
                out.append(
                    Problem(
                        f"entries.{position}.{mark['column']}",
                        f"Bảng {source.get('table')}, dòng {source.get('row')}: {mark['text']}",
                        severity="warning",
                        code="entry_doubt",
                    )
                )
    return out + _process_problems(data)


PROCESS_DOUBT = "process_doubt"


def _process_problems(data: dict[str, Any]) -> list[Problem]:
    """The doubts of each process as read (tthc.annex.process_check): of the entries' processes (their
    time limit known), then of a process-only decision's; `field` names the case
    ("entries.3.process.cases.0", "processes.1.process.cases.0")."""
    found: list[tuple[str, str, dict[str, Any], str]] = []
    for position, entry in enumerate(data.get("entries") or []):
        if entry.get("process"):
            code = entry.get("code") or entry.get("localised_code") or ""
            found.append((f"entries.{position}", code, entry["process"], entry.get("time_limit") or ""))
    for position, item in enumerate(data.get("processes") or []):
        code = next((p["code"] for p in item.get("procedures") or [] if p.get("code")), "")
        found.append((f"processes.{position}", code, item["process"], ""))
    out = []
    for where, code, process, time_limit in found:
        for case in process_doubts(process, time_limit=time_limit):
            out.append(
                Problem(
                    f"{where}.process.cases.{case['case']}",
                    process_doubt_text(code, process, case),
                    severity="warning",
                    code=PROCESS_DOUBT,
                )
            )
    return out


def flat_decision(data: dict[str, Any]) -> dict[str, Any]:
    """The flat decision tthc.decisions.importing reads, from a decision as read (WordDecision.as_dict(),
    possibly fixed by the drafter), its doubts kept as `doubts`."""
    heading = {k: v for k, v in data["heading"].items() if v not in (None, "", [])}
    heading["doubts"] = [p.as_dict() for p in document_problems(data)]
    if data.get("listings"):  # a list-type decision (danh mục): designations, no record changes
        return {**heading, "kind": "danh_muc", "entries": data["listings"]}
    return {**heading, "kind": "cong_bo", "entries": [flat_entry(e) for e in data.get("entries") or []]}
