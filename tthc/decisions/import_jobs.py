"""Uploaded annexes parsed outside the request: a job row, a thread that fills it, progress in the
database (so any web worker answers the drafter's polls). No Flask.

A large Excel annex becomes a draft when its job ends, all or nothing: the reading commits only the
job's progress, and the draft is written with the job's final state in one transaction. A Word decision
is only read: the read waits on the job (status `kept`, `keep_read`) for the drafter to check, fix and
confirm on its paged preview (tthc.decisions.word_preview), as after a small upload. A job that fails
keeps its Vietnamese message and the first problems (MAX_PROBLEMS), plus how many more there were. The
uploaded bytes are dropped once the job ends.

An Excel annex previewed on the web (its import report) is kept as a job in status `kept`: only its
uploader confirms it («Nạp vào dự thảo», `confirm_kept`), within KEEP_FOR, and at most MAX_KEPT_PER_USER
wait per user (older and expired ones lose their bytes), so the drafter never uploads the file twice.

A process annex to attach to a draft (kind `processes`, the draft in `decision_id`) is read by a job too:
the job keeps what it read (tthc.decisions.attach.read_process_file) and ends `kept` once the draft is
known to take at least one of its processes; the drafter sees what will be attached and confirms
(`confirm_processes`: once, by its uploader, within KEEP_FOR), which writes it. A job that fails, or a
file none of whose processes names an entry of the draft, writes nothing.

The worker is a thread of the web process that took the upload; if that process dies the job stays
"Đang đọc" (upload again).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from threading import Thread
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from ..annex.read import DEFAULT_MAX_ROWS, MAX_PROBLEMS, WorkbookProblem
from ..annex.word import WordProblem
from ..background import JobThreads
from ..models.decisions import Decision
from ..models.import_jobs import ImportJob, ImportJobKind, ImportJobStatus
from ..problems import DomainError
from ..security import unzipped_size
from . import policy
from .attach import attach_read, attached_text, attachment_plan, read_process_file
from .drafting import DraftingError, ensure_editable
from .file_import import import_read_file, read_decision_file, unreadable_file

log = logging.getLogger(__name__)
_threads = JobThreads("import-job")

DEFAULT_BACKGROUND_BYTES = 512 * 1024  # setting IMPORT_IN_BACKGROUND_BYTES
# Reading costs what the file holds unzipped: a real annex unzips to about 8 times its size (0.4 MB sent,
# 3.4 MB unzipped for 300 entries); a file that unzips to more than this many times the threshold is
# read in the background however small it was sent.
UNZIPPED_FACTOR = 8
# A PDF is always read by a job. What reading it costs cannot be told from its bytes without doing the
# work: its streams unpack a thousandfold (a 6 KB PDF of one page of drawn lines took 65 s to read, a
# 55 KB one over 2 GB of memory), even opening it to count pages unpacks its object streams, and a real
# decision costs about a quarter of a second a page (2715/QĐ-UBND, 7 pages: 2 s; 99 pages: 23 s). A
# .docx, by contrast, is sized from its zip directory before anything is unpacked, so a small one is
# still read in the request. The job's page counts the pages and opens the preview when it is done.
PDF_IN_BACKGROUND = True
KINDS = tuple(ImportJobKind)
KEEP_FOR = dt.timedelta(hours=6)  # as the Word preview: a report left open over lunch still confirms
MAX_KEPT_PER_USER = 3  # previews waiting for confirmation, per drafter (each holds up to 5 MB)
DEFAULT_JOBS_PER_USER = 2  # setting IMPORT_JOBS_PER_USER: jobs one account may have queued or running


class TooManyJobs(DomainError):
    """The account already has as many files being read as it may."""


def check_capacity(session: Session, user: Any, limit: int | None) -> None:
    """TooManyJobs when `user` has `limit` jobs queued or running (one account cannot fill the
    background threads, and memory, with uploads). The account's row is locked on PostgreSQL, so two
    uploads at once cannot both take the last place."""
    from ..models.accounts import User

    limit = DEFAULT_JOBS_PER_USER if limit is None else int(limit)
    if limit <= 0 or getattr(user, "id", None) is None:
        return
    session.execute(select(User.id).where(User.id == user.id).with_for_update())
    busy = session.scalar(
        select(func.count(ImportJob.id)).where(
            ImportJob.created_by_id == user.id, ImportJob.status.in_((ImportJobStatus.QUEUED, ImportJobStatus.RUNNING))
        )
    )
    if (busy or 0) >= limit:
        raise TooManyJobs(
            f"Bạn đang có {busy} tệp đang được đọc (tối đa {limit} tệp cùng lúc); hãy chờ các tệp đó đọc "
            "xong rồi gửi tiếp."
        )


def in_background(settings: Mapping[str, Any], size: int, data: bytes | None = None) -> bool:
    """Is an upload of this size (and, given its bytes, of what it holds unzipped) read by a job rather
    than in the request? Every PDF is: see PDF_IN_BACKGROUND."""
    if data is not None and data[:5] == b"%PDF-":
        return PDF_IN_BACKGROUND
    limit = int(settings.get("IMPORT_IN_BACKGROUND_BYTES") or DEFAULT_BACKGROUND_BYTES)
    return size > limit or unzipped_size(data) > UNZIPPED_FACTOR * limit


def max_rows(settings: Mapping[str, Any]) -> int:
    """The rows one Excel annex may have, all sheets together (setting MAX_ANNEX_ROWS)."""
    return int(settings.get("MAX_ANNEX_ROWS") or DEFAULT_MAX_ROWS)


# --- jobs ------------------------------------------------------------------------------------------------
def create_job(
    session: Session,
    kind: str,
    filename: str,
    content: bytes,
    user: Any,
    *,
    limit: int | None = None,
    decision: Decision | None = None,
) -> ImportJob:
    """A queued job for this upload, or TooManyJobs past the account's `limit` (IMPORT_JOBS_PER_USER). A
    process annex names the draft it is for (`decision`), which the user must be able to edit now."""
    if kind not in KINDS:
        raise ValueError(kind)
    if (kind == ImportJobKind.PROCESSES) != (decision is not None):
        raise ValueError("a process annex job, and only one, names its draft")
    if decision is not None:
        ensure_editable(decision, user)
    check_capacity(session, user, limit)
    job = new_job(
        kind,
        ImportJobStatus.QUEUED,
        filename,
        len(content),
        user,
        content=content,
        decision_id=decision.id if decision is not None else None,
    )
    session.add(job)
    session.flush()
    return job


def new_job(kind: str, status: str, filename: str, size: int, user: Any, **fields: Any) -> ImportJob:
    """A job row with nothing read yet (no progress, no problems): for a file queued, or read already."""
    return ImportJob(
        kind=kind,
        status=status,
        filename=filename[:200],
        size=size,
        done=0,
        total=0,
        message="",
        problems=[],
        more_problems=0,
        created_by_id=user.id,
        **fields,
    )


def job_for(session: Session, user: Any, job_id: int) -> ImportJob | None:
    """The job if this user started it (or is an administrator); None otherwise (the web answers 404)."""
    job = session.get(ImportJob, job_id)
    if job is None or not policy.is_staff(user):
        return None
    return job if policy.is_admin(user) or job.created_by_id == user.id else None


# --- a previewed Excel upload, kept for its confirmation -----------------------------------------------
def keep_upload(
    session: Session, filename: str, content: bytes, user: Any, now: dt.datetime | None = None
) -> ImportJob:
    """Keep a previewed Excel annex (status `kept`) for the uploader to confirm; drops the bytes of
    expired kept uploads and of this user's oldest beyond MAX_KEPT_PER_USER."""
    now = now or dt.datetime.now(dt.UTC)
    drop_stale_kept(session, user.id, now)
    job = create_job(session, ImportJobKind.EXCEL, filename, content, user)
    job.status, job.created_at = ImportJobStatus.KEPT, now
    job.message = "Đã xem trước; chờ xác nhận nạp vào dự thảo."
    session.flush()
    return job


def drop_stale_kept(session: Session, user_id: int | None, now: dt.datetime, keeping: int | None = None) -> None:
    """Before a user's upload is kept: kept jobs past KEEP_FOR (anyone's) expire, and so do this user's
    oldest, so that with the one being kept (`keeping`, when it already has a row) at most
    MAX_KEPT_PER_USER wait."""
    for stale in session.scalars(
        select(ImportJob).where(ImportJob.status == ImportJobStatus.KEPT).where(ImportJob.created_at < now - KEEP_FOR)
    ):
        _expire(stale, now)
    for older in session.scalars(
        select(ImportJob)
        .where(ImportJob.status == ImportJobStatus.KEPT, ImportJob.created_by_id == user_id)
        .where(ImportJob.id != (keeping or -1))
        .order_by(ImportJob.id.desc())
        .offset(MAX_KEPT_PER_USER - 1)
    ):
        _expire(older, now)


def _expire(job: ImportJob, now: dt.datetime) -> None:
    """A kept job past its time: its bytes, its read and the fixes on it go (a Word read is megabytes)."""
    job.status, job.content, job.finished_at = ImportJobStatus.FAILED, None, now
    job.result = job.fixes = None
    job.message = "Bản xem trước đã hết hạn; hãy tải tệp lên lại."


def expired(job: ImportJob, now: dt.datetime | None = None) -> bool:
    """A kept job older than KEEP_FOR (its expiry is written by the next upload kept: drop_stale_kept)."""
    now = now or dt.datetime.now(dt.UTC)
    created = job.created_at if job.created_at.tzinfo else job.created_at.replace(tzinfo=dt.UTC)
    return job.status == ImportJobStatus.KEPT and created < now - KEEP_FOR


def kept_upload(session: Session, user: Any, job_id: int) -> ImportJob | None:
    """A kept upload (any state) of this user: None for anyone else, administrators included, since
    confirming imports the file as its uploader's draft."""
    job = session.get(ImportJob, job_id)
    if job is None or job.kind != ImportJobKind.EXCEL or job.created_by_id != getattr(user, "id", None):
        return None
    return job


def claim_kept(
    session: Session,
    job: ImportJob,
    now: dt.datetime | None = None,
    *,
    user: Any = None,
    limit: int | None = None,
    to: ImportJobStatus = ImportJobStatus.QUEUED,
    taken: str = "Tệp này đã được nạp hoặc bản xem trước đã hết hạn; xem danh sách dự thảo hoặc tải tệp lên lại.",
) -> None:
    """Take a kept upload for its import (status `to`), once: a second confirmation (a double click,
    another tab) or an expired one is refused. The claim is one conditional UPDATE, so two requests
    cannot both win. Given `user`, the account's cap on jobs at once applies (check_capacity)."""
    if user is not None:
        check_capacity(session, user, limit)
    if expired(job, now):
        raise DraftingError("Bản xem trước đã hết hạn; hãy tải tệp lên lại.")
    result = session.execute(
        update(ImportJob).where(ImportJob.id == job.id, ImportJob.status == ImportJobStatus.KEPT).values(status=to)
    )
    if getattr(result, "rowcount", 0) != 1:  # an UPDATE answers a CursorResult
        raise DraftingError(taken)  # `taken`: what the drafter is told when it was taken already
    session.refresh(job)


def confirm_kept(session: Session, job: ImportJob, user: Any, rows_cap: int | None = None) -> Decision:
    """The kept upload becomes the user's draft in this transaction (audited `decision.import` as any
    import); the job records the draft and drops the bytes. Refusals (DomainError) leave it kept only
    if the caller rolls back."""
    claim_kept(session, job)
    read = read_decision_file(bytes(job.content or b""), ImportJobKind.EXCEL, max_rows=rows_cap)
    decision = import_read_file(session, read, user=user)[0]
    job.status, job.decision_id, job.content = ImportJobStatus.DONE, decision.id, None
    job.done = job.total = max(len(decision.entries), 1)
    job.message = f"Đã nạp {len(decision.entries)} mục từ tệp Excel vào dự thảo."
    job.finished_at = dt.datetime.now(dt.UTC)
    session.flush()
    return decision


# --- a process annex read for a draft, kept for its confirmation ---------------------------------------
def processes_job(session: Session, user: Any, decision_id: int, job_id: int) -> ImportJob | None:
    """The process-annex job `job_id` for draft `decision_id` if this user may see it (job_for), else None."""
    job = job_for(session, user, job_id)
    if job is None or job.kind != ImportJobKind.PROCESSES or job.decision_id != decision_id:
        return None
    return job


def processes_preview(session: Session, job: ImportJob) -> dict[str, Any]:
    """What confirming the kept process-annex job would attach to its draft (attach.attachment_plan on
    the job's read), nothing written; DomainError when the draft has gone or takes none of them now."""
    decision = session.get(Decision, job.decision_id) if job.decision_id else None
    if decision is None or not job.result:
        raise DraftingError("Dự thảo hoặc bản đọc tệp quy trình không còn; hãy tải tệp lên lại.")
    return attachment_plan(decision, job.result)


def confirm_processes(
    session: Session, job: ImportJob, user: Any, expected: list[int] | None = None, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Attach what the kept process-annex job read to its draft, in this transaction (attach.attach_read,
    as `decision import FILE --attach-to ID` does): only by its uploader, once (claim_kept), within
    KEEP_FOR, and only if the draft would still take what the preview showed (`expected`). The job
    records the outcome. A refusal (DomainError) leaves the job kept if the caller rolls back."""
    if job.kind != ImportJobKind.PROCESSES or job.created_by_id != getattr(user, "id", None):
        raise DraftingError("Chỉ người đã tải tệp quy trình lên mới xác nhận gắn được.")
    claim_kept(
        session,
        job,
        now,
        to=ImportJobStatus.DONE,
        taken="Tệp này đã được gắn vào dự thảo hoặc bản xem trước đã hết hạn; xem dự thảo hoặc tải tệp lên lại.",
    )
    decision = session.get(Decision, job.decision_id) if job.decision_id else None
    if decision is None or not job.result:
        raise DraftingError("Dự thảo hoặc bản đọc tệp quy trình không còn; hãy tải tệp lên lại.")
    result = attach_read(session, decision, job.result, user=user, expected=expected)
    job.message = "Đã gắn quy trình nội bộ vào " + attached_text(result["attached"]) + "."
    session.flush()
    return result


def _read_processes(session: Session, job: ImportJob, user: Any, content: bytes, progress) -> None:
    """A process-annex job's work: read the file, check the draft takes at least one of its processes
    (attachment_plan), keep the read for the drafter's confirmation. Nothing of the draft is written."""
    decision = session.get(Decision, job.decision_id) if job.decision_id else None
    if decision is None:
        raise DraftingError("Dự thảo cần gắn quy trình không còn.")
    ensure_editable(decision, user)
    read = read_process_file(content, progress=progress)
    plan = attachment_plan(decision, read)
    job.result = read
    job.status = ImportJobStatus.KEPT
    doubts = f"; {len(plan['doubts'])} điều cần kiểm tra" if plan["doubts"] else ""
    job.message = (
        f"Đọc được quy trình nội bộ cho {attached_text(plan['attached'])}{doubts}; "
        "hãy xem lại rồi xác nhận gắn vào dự thảo."
    )


def _read_decision_file(session: Session, job: ImportJob, user: Any, content: bytes, rows_cap, progress) -> None:
    """An Excel annex becomes its draft now; a Word or PDF decision is kept for the drafter's preview."""
    read = read_decision_file(content, job.kind, max_rows=rows_cap, progress=progress)
    if read.document is None:  # an Excel annex: its draft, now
        decision = import_read_file(session, read, user=user)[0]
        job.decision_id = decision.id
        job.message = f"Đã nạp {len(decision.entries)} mục từ tệp Excel vào dự thảo."
        job.status = ImportJobStatus.DONE
    else:  # a Word or PDF decision: kept for the drafter's preview and confirmation; nothing written
        keep_read(session, job, read.document)


def keep_read(session: Session, job: ImportJob, document: dict[str, Any], now: dt.datetime | None = None) -> None:
    """A Word or PDF decision read (WordDecision.as_dict()) waits on its job (status `kept`) for the
    drafter's preview and confirmation (tthc.decisions.word_preview), as a kept Excel upload does."""
    now = now or dt.datetime.now(dt.UTC)
    drop_stale_kept(session, job.created_by_id, now, keeping=job.id)
    job.result, job.fixes, job.status = document, None, ImportJobStatus.KEPT
    entries, processes = document.get("entries") or [], document.get("processes") or []
    listed = document.get("listings") or []
    job.message = (
        f"Đã đọc {len(processes)} quy trình nội bộ (không có danh mục thủ tục); hãy gắn vào dự thảo."
        if processes and not entries
        else f"Đã đọc {len(listed) or len(entries)} mục; hãy kiểm tra rồi xác nhận."
    )


def run_job(factory: sessionmaker[Session], job_id: int, rows_cap: int | None = None) -> None:
    """Read the job's file; for Excel, create the draft; for a process annex, keep what it read for the
    drafter's confirmation. Never leaves a job running or a draft half-written."""
    from ..models.accounts import User

    with factory() as session:
        job = session.get(ImportJob, job_id)
        if job is None or job.status != ImportJobStatus.QUEUED:
            return
        job.status = ImportJobStatus.RUNNING
        session.commit()
        content, kind = bytes(job.content or b""), job.kind

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total
            session.commit()  # only the job's progress: nothing of the draft exists yet

        try:
            user = session.get(User, job.created_by_id)
            if user is None or not policy.is_staff(user):
                raise DraftingError("Tài khoản đã tải tệp không còn hoạt động.")
            if kind == ImportJobKind.PROCESSES:  # a process annex for a draft: kept for its confirmation
                _read_processes(session, job, user, content, progress)
            else:
                _read_decision_file(session, job, user, content, rows_cap, progress)
            if kind == ImportJobKind.EXCEL or job.total:  # a .docx has no pages to count: no count shown
                job.done = job.total = max(job.total, 1)
        except WorkbookProblem as error:
            _fail(
                session,
                job,
                str(error).split(":")[0] + ".",
                [p.as_dict() for p in error.problems[:MAX_PROBLEMS]],
                error.more + max(len(error.problems) - MAX_PROBLEMS, 0),
            )
        except WordProblem as error:
            _fail(session, job, unreadable_file(content, error))
        except DomainError as error:
            _fail(session, job, str(error))
        except Exception as error:  # the page must show a reason, never hang in "running"
            log.exception("import job %s failed", job_id)
            _fail(session, job, f"Không đọc được tệp ({type(error).__name__}); hãy mở tệp, lưu lại rồi tải lên lại.")
        job.content = None
        job.finished_at = dt.datetime.now(dt.UTC)
        session.commit()


def _fail(
    session: Session, job: ImportJob, message: str, problems: list[dict[str, Any]] | None = None, more: int = 0
) -> None:
    session.rollback()  # whatever the import wrote goes; the job is expired, not gone
    job.status, job.message = ImportJobStatus.FAILED, message[:2000]
    job.problems, job.more_problems = problems or [], more


def start_in_background(factory: sessionmaker[Session], job_id: int, rows_cap: int | None = None) -> Thread:
    """Run the job in a thread of this process; the request returns at once. `rows_cap`: max_rows(settings)."""
    return _threads.start(job_id, run_job, factory, job_id, rows_cap)


wait = _threads.wait
wait_all = _threads.wait_all


def job_status(job: ImportJob) -> dict[str, Any]:
    """The JSON the progress page polls."""
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "status_label": job.status_label,
        "done": job.done,
        "total": job.total,
        "unit": job.unit,
        "message": job.message,
        "problems": len(job.problems or []),
        "more_problems": job.more_problems,
        "decision_id": job.decision_id,
        "finished": job.status not in (ImportJobStatus.QUEUED, ImportJobStatus.RUNNING),
    }
