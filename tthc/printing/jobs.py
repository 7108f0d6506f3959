"""Bundles produced outside the request: a job row, a worker that fills it, progress in the database."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from pathlib import Path
from threading import Thread
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..audit import record_event
from ..background import JobThreads
from ..models.catalogue import ServicePoint
from ..models.printing import PrintJob, PrintJobKind, PrintJobStatus
from . import postings

log = logging.getLogger(__name__)
_threads = JobThreads("print-job")


def create_job(
    session: Session, point: ServicePoint, *, since_revision: int | None = None, user=None, actor: str = ""
) -> PrintJob:
    job = PrintJob(
        kind=PrintJobKind.REPOST if since_revision is not None else PrintJobKind.BUNDLE,
        service_point_id=point.id,
        since_revision=since_revision,
        status=PrintJobStatus.QUEUED,
        done=0,
        total=0,
        path="",
        message="",
        created_by_id=getattr(user, "id", None),
    )
    session.add(job)
    session.flush()
    record_event(
        session,
        "print.job",
        "print_job",
        job.id,
        user=user,
        actor=actor,
        detail={"service_point": point.id, "kind": job.kind, "since_revision": since_revision},
    )
    return job


def unfinished_job(session: Session, point: ServicePoint, since_revision: int | None) -> PrintJob | None:
    """A queued or running job for the same output, made recently (older ones are presumed dead)."""
    recent = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30)
    query = (
        select(PrintJob)
        .where(
            PrintJob.service_point_id == point.id,
            PrintJob.status.in_((PrintJobStatus.QUEUED, PrintJobStatus.RUNNING)),
            PrintJob.created_at >= recent,
        )
        .order_by(PrintJob.id.desc())
    )
    query = query.where(
        PrintJob.since_revision.is_(None) if since_revision is None else PrintJob.since_revision == since_revision
    )
    return session.scalars(query).first()


def run_job(factory: sessionmaker[Session], settings: Mapping[str, Any], job_id: int) -> None:
    """Produce the job's PDF. Progress and cached sheets are committed as they come, so a poll from any
    worker sees them and a crash keeps the sheets already made."""
    print_settings = postings.PrintSettings.from_settings(settings)
    with factory() as session:
        job = session.get(PrintJob, job_id)
        if job is None or job.status != PrintJobStatus.QUEUED:
            return
        job.status = PrintJobStatus.RUNNING
        session.commit()

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total
            session.commit()

        try:
            point = session.get(ServicePoint, job.service_point_id)
            if point is None:
                raise postings.PrintError("Nơi tiếp nhận không còn.")
            if job.kind == PrintJobKind.REPOST:
                content, plan = postings.repost_sheets(
                    session, print_settings, point, job.since_revision or 0, progress
                )
                job.revision = postings.current_revision(session)
                if content is None:
                    job.message = "Không có phiếu nào cần niêm yết mới."
                else:
                    relative = f"postings/jobs/{job.id}-niem-yet-moi.pdf"
                    path = print_settings.export_dir / relative
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(content)
                    job.path = relative
                    job.message = (
                        f"{len(plan['put_up'])} phiếu cần niêm yết, {len(plan['take_down'])} phiếu cần gỡ xuống."
                    )
            else:
                result = postings.bundle(session, print_settings, point, progress)
                job.revision = result.revision
                job.path = str(Path(result.path).relative_to(print_settings.export_dir))
                job.message = f"{len(result.procedures)} thủ tục."
            job.status = PrintJobStatus.DONE
        except Exception as error:  # the page must show a reason, never hang in "running"
            log.exception("print job %s failed", job_id)
            session.rollback()  # the job is expired, not gone: its next read reloads it
            job.status, job.message = PrintJobStatus.FAILED, f"Không in được: {error}"[:500]
        job.finished_at = dt.datetime.now(dt.UTC)
        session.commit()


def start_in_background(factory: sessionmaker[Session], settings: Mapping[str, Any], job_id: int) -> Thread:
    """Run the job in a thread of this process; the request returns at once."""
    return _threads.start(job_id, run_job, factory, settings, job_id)


wait = _threads.wait
wait_all = _threads.wait_all


def job_status(job: PrintJob) -> dict[str, Any]:
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "status_label": job.status_label,
        "done": job.done,
        "total": job.total,
        "revision": job.revision,
        "message": job.message,
        "ready": job.status == PrintJobStatus.DONE and bool(job.path),
    }
