"""A decision file, read, becomes decisions: the one path the web upload, its background job and
`tthc decision import` share. No Flask.

`read_decision_file` reads the bytes of an Excel annex or a Word/PDF decision into a `ReadFile`
(nothing written): the flat rows of an annex, or the decision as the Word reader understood it
(`WordDecision.as_dict()`, what the preview shows and a job keeps). `import_read_file` turns a read
file into decisions in the caller's transaction (flushed, not committed): for a drafter, a draft of
their agency holding only procedures their agency handles; for the operator's command, any. A Word
decision goes through `fixed_document` on both doors, with the drafter's fixes on the web and none
on the command line, so the same file gives the same draft.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ..annex.word import ENTRY_KEYS, document_problems, flat_decision
from ..models.decisions import ACTION_LABELS, Decision, EntryAction
from ..models.import_jobs import ImportJobKind
from ..records import LEVELS
from ..text import nfc
from . import policy
from .drafting import DraftingError
from .importing import import_decisions

Rows = list[tuple[int, dict[str, Any]]]
# What the drafter may correct on the preview of a Word decision (form fields heading-<key> and
# entry-<index>-<key>; entry-<index>-skip and listing-<index>-skip leave an entry out).
HEADING_FIELDS = ("number", "date", "issuer", "signer", "signing_title", "title", "effective_text", "effective_date")
EDITABLE = ("action", "code", "name", "level", "field", "time_limit", "fee", "place", "legal_basis", "agency")
PROCESS_ONLY = "Tệp chỉ có quy trình nội bộ: hãy gắn vào dự thảo mà nó thuộc về, trên trang của dự thảo đó."


@dataclass
class ReadFile:
    """A decision file read, nothing written: rows (Excel annex, JSON Lines) or a Word/PDF document."""

    rows: Rows = field(default_factory=list)
    document: dict[str, Any] | None = None  # WordDecision.as_dict()

    @property
    def process_only(self) -> bool:
        """A Word/PDF file holding internal processes only (they are attached to a draft, not imported)."""
        doc = self.document
        return doc is not None and bool(doc.get("processes")) and not doc.get("entries")

    def doubts(self) -> list[str]:
        """What the reader doubts, for people (a Word/PDF decision; an annex's problems refuse it instead)."""
        return [p.message for p in document_problems(self.document)] if self.document is not None else []

    def flat_rows(self, fixes: Mapping[str, Any] | None = None) -> Rows:
        if self.document is None:
            return self.rows
        return [(1, flat_decision(fixed_document(self.document, fixes or {})))]


def read_decision_file(
    data: bytes,
    kind: str,
    *,
    max_rows: int | None = None,
    max_bytes: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    named: bool = False,
) -> ReadFile:
    """An Excel annex (`kind` "excel") or a Word/PDF decision ("word", told apart by its first bytes),
    read. WorkbookProblem or WordProblem (Vietnamese) when it cannot be (`named`: the message says which
    kind of file could not be read, for a page that shows it alone); `progress(done, total)` is called
    per block of rows (Excel) or per page (PDF)."""
    import io

    if kind == ImportJobKind.EXCEL:
        from ..annex.read import read_decision_workbook

        return ReadFile(rows=read_decision_workbook(io.BytesIO(data), progress=progress, max_rows=max_rows))
    if kind != ImportJobKind.WORD:
        raise ValueError(kind)
    from ..annex.pdf import read_decision_document
    from ..annex.word_decision import WordProblem

    try:
        return ReadFile(document=read_decision_document(data, max_bytes=max_bytes, progress=progress).as_dict())
    except WordProblem as error:
        if not named:
            raise
        raise WordProblem(unreadable_file(data, error)) from None


def unreadable_file(data: bytes, error: Exception) -> str:
    """Why a Word or PDF decision could not be read, naming which of the two it was."""
    return f"Không đọc được tệp {'PDF' if data[:5] == b'%PDF-' else 'Word'}: {error}"


def import_read_file(
    session: Session,
    read: ReadFile,
    *,
    user: Any = None,
    actor: str = "",
    signed: bool = False,
    fixes: Mapping[str, Any] | None = None,
) -> list[Decision]:
    """The decisions of a read file (flushed, not committed; audited `decision.import`). Given `user`
    (a drafter's upload), each becomes a draft of the user's agency and may only touch procedures that
    agency handles (DraftingError). A process-only Word file is refused (DraftingError): its processes
    are attached to the draft they belong to (tthc.decisions.attach)."""
    if read.process_only:
        raise DraftingError(PROCESS_ONLY)
    rows = read.flat_rows(fixes)
    if user is not None:
        check_entries_allowed(session, user, rows)
    created = import_decisions(session, rows, signed=signed, user=user, actor=actor)
    if user is not None:
        for decision in created:
            decision.drafting_agency_id = decision.drafting_agency_id or user.agency_id
            decision.created_by_id = user.id
    return created


def check_entries_allowed(session: Session, user: Any, rows: Rows) -> None:
    """A drafter imports only entries for procedures their agency handles (administrators: any)."""
    if policy.is_admin(user):
        return
    from ..catalogue.agencies import load_register, procedure_agencies
    from ..catalogue.queries import version_in_force

    register = load_register(session)
    refused = []
    for _, flat in rows:
        for entry in flat.get("entries", []):
            code = entry.get("replaces") if entry.get("action") == EntryAction.REPLACED else entry.get("code")
            if entry.get("action") == EntryAction.NEW or not code:
                continue
            version = version_in_force(session, code)
            if version is not None and not policy.handles(
                user, version.record, procedure_agencies(session, version.record, register)
            ):
                refused.append(code)
    if refused:
        raise DraftingError("Các thủ tục sau không thuộc cơ quan của bạn: " + ", ".join(refused) + ".")


# --- the drafter's fixes on the preview of a Word decision ---------------------------------------------
def form_text(value: Any) -> str:
    """A field of the preview's form as the fixes keep it: NFC, one kind of line break, no outer spaces."""
    return nfc(str(value or "")).replace("\r\n", "\n").replace("\r", "\n").strip()


def shown_text(value: Any) -> str:
    """A value of the decision as read, as the preview's field shows it (a list one item a line)."""
    return "\n".join(value) if isinstance(value, list) else str(value or "")


def _text(fixes: Mapping[str, Any], name: str, default: Any) -> Any:
    if name not in fixes:
        return default
    return form_text(fixes.get(name))


def fixed_document(data: dict[str, Any], fixes: Mapping[str, Any]) -> dict[str, Any]:
    """The decision as read, with each field the drafter changed and without the entries they left out
    (`fixes`: the preview's form; empty for the command line). Actions and levels the catalogue does
    not know fall back to the reader's action and to no level."""
    heading = dict(data["heading"])
    for key in HEADING_FIELDS:
        heading[key] = _text(fixes, f"heading-{key}", heading.get(key)) or None
    out = {**data, "heading": heading}
    if data.get("listings"):
        out["listings"] = [
            item for index, item in enumerate(data["listings"]) if not fixes.get(f"listing-{index}-skip")
        ]
        return out
    out["entries"] = [
        _fixed_entry(parsed, index, fixes)
        for index, parsed in enumerate(data.get("entries") or [])
        if not fixes.get(f"entry-{index}-skip")
    ]
    return out


def _fixed_entry(parsed: dict[str, Any], index: int, fixes: Mapping[str, Any]) -> dict[str, Any]:
    values = {key: parsed.get(key) for key in ENTRY_KEYS}
    for key in EDITABLE:
        shown = shown_text(values.get(key))
        typed = _text(fixes, f"entry-{index}-{key}", shown)
        if typed != shown:
            values[key] = (
                [line.strip() for line in typed.split("\n") if line.strip()]
                if key == "legal_basis"
                else (typed or None)
            )
    if values["action"] not in ACTION_LABELS:
        values["action"] = parsed.get("action") or "new"
    if values.get("level") not in LEVELS:
        values["level"] = None
    return {**parsed, **values}
