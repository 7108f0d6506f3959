"""A Word or PDF decision read and waiting for the drafter (issue 24): what its paged preview shows, the fixes
the drafter saves page by page, and the one confirmation that makes the draft of the whole decision. No Flask.

The read lives on its `import_job` (kind `word`, status `kept`: import_jobs.keep_read), never in the page: a
300-entry decision with its Phần II is about 1 MB read and was 2.2 MB of HTML on one page, so the preview
shows it a page at a time (tthc.web.drafting_word) and each page's form sends only that page's fields. The
fixes are kept beside the read in `import_job.fixes`, named as the preview's form names them (`heading-<key>`,
`entry-<n>-<key>`, `entry-<n>-skip`, `listing-<n>-skip`, which file_import.fixed_document reads), and only
those that differ from the read: saving a page never touches another page's fixes. Confirming applies them
all to the read and imports it by the one path (file_import.import_read_file): by the uploader only (the
draft is theirs; anyone else, administrators included, is told the job does not exist), once (the job goes
`kept` → `done` by one conditional update: a double click makes one draft), within import_jobs.KEEP_FOR.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from ..annex.process_check import entry_process_doubts
from ..models.decisions import ACTION_LABELS, Decision
from ..models.import_jobs import ImportJob, ImportJobKind, ImportJobStatus
from ..records import LEVELS
from .drafting import DraftingError
from .file_import import EDITABLE, HEADING_FIELDS, ReadFile, form_text, import_read_file, shown_text
from .import_jobs import claim_kept, expired, keep_read, new_job

MAX_FIX_CHARS = 20_000  # one field as typed (a legal basis of many acts is a few thousand characters)
CLOSED = "Tệp này đã được nạp vào dự thảo hoặc bản xem trước đã hết hạn; xem danh sách dự thảo hoặc tải tệp lên lại."
EXPIRED = "Bản xem trước đã hết hạn; hãy tải tệp lên lại."
_ENTRY_FIX = re.compile(r"entry-(\d+)-(\w+)$")


def keep_document(
    session: Session, filename: str, size: int, document: dict[str, Any], user: Any, now: dt.datetime | None = None
) -> ImportJob:
    """A Word or PDF decision read in the request (WordDecision.as_dict()), kept for its preview as a job
    read in the background is (import_jobs.keep_read); nothing of a draft written."""
    now = now or dt.datetime.now(dt.UTC)
    job = new_job(
        ImportJobKind.WORD, ImportJobStatus.RUNNING, filename, size, user, content=None, created_at=now, finished_at=now
    )
    session.add(job)
    session.flush()
    keep_read(session, job, document, now)
    session.flush()
    return job


def word_job(session: Session, user: Any, job_id: int) -> ImportJob | None:
    """The Word job `job_id` if this user uploaded it (any status), else None: its preview, fixes and
    confirmation are the uploader's."""
    job = session.get(ImportJob, job_id)
    if job is None or job.kind != ImportJobKind.WORD or job.created_by_id != getattr(user, "id", None):
        return None
    return job


def is_open(job: ImportJob, now: dt.datetime | None = None) -> bool:
    """Still waiting for its confirmation: kept, its read there, not past KEEP_FOR."""
    return job.status == ImportJobStatus.KEPT and bool(job.result) and not expired(job, now)


def _check_open(job: ImportJob, now: dt.datetime | None = None) -> None:
    if expired(job, now):
        raise DraftingError(EXPIRED)
    if not is_open(job, now):
        raise DraftingError(CLOSED)


# --- what the preview shows --------------------------------------------------------------------------
def doubtful(document: Mapping[str, Any]) -> list[int]:
    """The 0-based positions of the entries the reader doubts (a mark of kind `doubt`: a missing or
    malformed code, a duplicate, no action found …) or whose process doubts itself (a step missing or
    repeated, times that do not add up: tthc.annex.process_check), which the preview lists atop every page."""
    return [
        index
        for index, entry in enumerate(document.get("entries") or [])
        if any(mark.get("kind") == "doubt" for mark in entry.get("marks") or []) or entry_process_doubts(entry)
    ]


def entry_values(entry: Mapping[str, Any], index: int, fixes: Mapping[str, str]) -> dict[str, str]:
    """What each editable field of entry `index` shows: the drafter's saved fix, else the value read."""
    return {key: fixes.get(f"entry-{index}-{key}", shown_text(entry.get(key))) for key in EDITABLE}


def heading_values(document: Mapping[str, Any], fixes: Mapping[str, str]) -> dict[str, str]:
    heading = document.get("heading") or {}
    return {key: fixes.get(f"heading-{key}", shown_text(heading.get(key))) for key in HEADING_FIELDS}


def fixed_fields(fixes: Mapping[str, str]) -> dict[int, list[str]]:
    """Entry position → the fields the drafter changed (`skip` when the entry is left out)."""
    out: dict[int, list[str]] = {}
    for name in fixes:
        match = _ENTRY_FIX.match(name)
        if match:
            out.setdefault(int(match.group(1)), []).append(match.group(2))
    return out


def skipped(fixes: Mapping[str, str], kind: str = "entry") -> set[int]:
    """The positions of the entries (`kind` "listing": listings) the drafter left out."""
    pattern = re.compile(rf"{kind}-(\d+)-skip$")
    return {int(m.group(1)) for m in map(pattern.match, fixes) if m}


# --- saving a page -------------------------------------------------------------------------------------
def save_fixes(
    session: Session,
    job: ImportJob,
    user: Any,
    form: Mapping[str, str],
    entries: Iterable[int] = (),
    listings: Iterable[int] = (),
    now: dt.datetime | None = None,
) -> int:
    """Keep what one page of the preview sent (`form`: the preview's field names) as the job's fixes; the
    page showed the entries and listings at positions `entries` / `listings` (their skip boxes: unticked
    means kept). A field not sent is unchanged; one sent as read drops its fix. Only the uploader, while
    the preview is open. How many fixes changed."""
    if word_job(session, user, job.id) is not job:
        raise DraftingError("Chỉ người đã tải tệp lên mới sửa được bản xem trước.")
    _check_open(job, now)
    session.refresh(job, ["fixes"], with_for_update=True)  # two tabs saving at once: one after the other
    document = job.result or {}
    fixes = dict(job.fixes or {})
    before = dict(fixes)
    heading = document.get("heading") or {}
    for key in HEADING_FIELDS:
        _put(fixes, form, f"heading-{key}", heading.get(key))
    read_entries = document.get("entries") or []
    for index in sorted({i for i in entries if 0 <= i < len(read_entries)}):
        for key in EDITABLE:
            if key == "action" and form_text(form.get(f"entry-{index}-{key}")) not in ACTION_LABELS:
                continue  # an action the catalogue does not know: the field is left as it was
            if key == "level" and form_text(form.get(f"entry-{index}-{key}")) not in LEVELS:
                continue
            _put(fixes, form, f"entry-{index}-{key}", read_entries[index].get(key))
        _tick(fixes, form, f"entry-{index}-skip")
    read_listings = document.get("listings") or []
    for index in sorted({i for i in listings if 0 <= i < len(read_listings)}):
        _tick(fixes, form, f"listing-{index}-skip")
    if fixes != before:
        job.fixes = fixes
        session.flush()
    return len(set(fixes.items()) ^ set(before.items()))


def _put(fixes: dict[str, str], form: Mapping[str, str], name: str, read: Any) -> None:
    if name not in form:
        return
    typed = form_text(form.get(name))[:MAX_FIX_CHARS]
    if typed == form_text(shown_text(read)):
        fixes.pop(name, None)
    else:
        fixes[name] = typed


def _tick(fixes: dict[str, str], form: Mapping[str, str], name: str) -> None:
    if form.get(name):
        fixes[name] = "1"
    else:
        fixes.pop(name, None)


# --- confirming ------------------------------------------------------------------------------------------
def confirm(session: Session, job: ImportJob, user: Any, now: dt.datetime | None = None) -> Decision:
    """The read with every saved fix becomes the uploader's draft, in this transaction (the same path as
    `tthc decision import`, audited `decision.import`); the job records the draft and drops the read. A
    refusal (DomainError) leaves the job kept when the caller rolls back."""
    if word_job(session, user, job.id) is not job:
        raise DraftingError("Chỉ người đã tải tệp lên mới xác nhận được.")
    _check_open(job, now)
    claim_kept(session, job, now, to=ImportJobStatus.DONE, taken=CLOSED)
    read = ReadFile(document=job.result)
    decision = import_read_file(session, read, user=user, fixes=job.fixes or {})[0]
    count = len((decision.extra or {}).get("designations") or []) or len(decision.entries)
    job.decision_id, job.result, job.fixes = decision.id, None, None
    job.message = f"Đã nạp {count} mục từ tệp Word vào dự thảo."
    job.finished_at = now or dt.datetime.now(dt.UTC)
    session.flush()
    return decision
