"""Search gaps for staff: what citizens search and do not find, and the synonym groups staff add.

Every public search records its normalised query, how many procedures it found and whether one was
opened: no address, no cookie, no user (nothing that says who searched). Records older than
the setting SEARCH_LOG_DAYS (90) are pruned as new ones are written, at most every PRUNE_SECONDS per process
(and by `tthc search gaps --prune`).
Synonym groups added by administrators are stored as append-only versions; the index build reads
the latest version of each group on top of the shipped synonyms.json, so a group works after the
next index refresh, without a deploy.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from sqlalchemy import (
    Integer,
    cast,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from ..audit import record_event
from ..models.search import SearchLog, SynonymVersion
from ..problems import DomainError
from .analysis import distinct_phrases, looks_like_code, tokens

WEAK_RESULTS = 3  # a query that finds this few (or nothing fits) is a gap worth a look
MAX_PHRASES, MAX_PHRASE_WORDS = 12, 12
PRUNE_SECONDS = 600.0  # a search writes one row; the retention DELETE need not run with every one
# The defaults of the settings SEARCH_LOG_DAYS and SEARCH_REFINE_SECONDS (tthc.config), for callers without them.
LOG_DAYS = 90
REFINE_SECONDS = 60.0
_pruned_at = float("-inf")  # when this process last pruned (time.monotonic)


class SynonymError(DomainError, ValueError):
    """A synonym group that cannot be saved (the message says why, in Vietnamese)."""


def normalise(text: str) -> str:
    return text.strip() if looks_like_code(text) else " ".join(tokens(text))[:200]


def record_search(
    session: Session,
    text: str,
    results: int,
    nothing_fits: bool,
    top: str = "",
    previous: int | None = None,
    *,
    refine_seconds: float = REFINE_SECONDS,
    log_days: int = LOG_DAYS,
) -> int | None:
    """Log one public search (an empty query, a browse, logs nothing); prune what is past `log_days`.
    `previous`: the log row of the results page this search was typed on; when that search was
    made less than `refine_seconds` ago and asked something else, it is marked refined (weak).
    The doors pass the settings SEARCH_REFINE_SECONDS and SEARCH_LOG_DAYS."""
    query = normalise(text)
    if not query:
        return None
    if previous is not None:
        since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=refine_seconds)
        session.execute(
            update(SearchLog)
            .where(SearchLog.id == previous, SearchLog.at >= since, SearchLog.query != query)
            .values(refined=True)
            .execution_options(synchronize_session=False)
        )
    global _pruned_at
    if time.monotonic() - _pruned_at >= PRUNE_SECONDS:
        prune(session, log_days)
        _pruned_at = time.monotonic()
    # One statement, no unit of work: every public search page writes this row.
    return session.scalar(
        insert(SearchLog)
        .values(query=query, results=results, nothing_fits=nothing_fits, opened=False, top_code=top[:60])
        .returning(SearchLog.id)
    )


def mark_opened(session: Session, log_id: int) -> None:
    session.execute(update(SearchLog).where(SearchLog.id == log_id).values(opened=True))


def prune(session: Session, days: int = LOG_DAYS) -> int:
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    statement = delete(SearchLog).where(SearchLog.at < cutoff).execution_options(synchronize_session=False)
    result = session.execute(statement)
    return getattr(result, "rowcount", 0) or 0  # a DELETE answers a CursorResult


def gaps(session: Session, limit: int = 50) -> list[dict[str, Any]]:
    """The most frequent weak searches, most frequent first: no or few results, nothing above the
    confidence floor (nothing_fits), no result opened afterwards, or searched again from its page
    within the refine window. Only aggregates: counts, and the first hit most recently shown."""
    weak = (SearchLog.results <= WEAK_RESULTS) | SearchLog.nothing_fits | ~SearchLog.opened | SearchLog.refined
    rows = session.execute(
        select(
            SearchLog.query,
            func.count().label("searches"),
            func.max(SearchLog.results),
            func.sum(cast(SearchLog.opened, Integer)),
            func.max(SearchLog.at),
            func.sum(cast(SearchLog.refined, Integer)),
            func.max(SearchLog.top_code),
        )
        .where(weak)
        .group_by(SearchLog.query)
        .order_by(func.count().desc(), SearchLog.query)
        .limit(limit)
    ).all()
    return [
        {
            "query": q,
            "searches": n,
            "max_results": r,
            "opened": int(o or 0),
            "last": last.isoformat() if last else None,
            "refined": int(refined or 0),
            "top": top or "",
        }
        for q, n, r, o, last, refined, top in rows
    ]


def current_groups(session: Session) -> list[dict[str, Any]]:
    """The latest version of every group staff saved (active or retired)."""
    latest = (
        select(SynonymVersion.group_id, func.max(SynonymVersion.id).label("id"))
        .group_by(SynonymVersion.group_id)
        .subquery()
    )
    rows = session.scalars(
        select(SynonymVersion).join(latest, SynonymVersion.id == latest.c.id).order_by(SynonymVersion.group_id)
    ).all()
    return [
        {
            "group_id": r.group_id,
            "phrases": list(r.phrases),
            "active": r.active,
            "version_id": r.id,
            "actor": r.actor,
            "at": r.at.isoformat() if r.at else None,
        }
        for r in rows
    ]


def database_synonyms(session: Session) -> list[list[str]]:
    """The groups in force, for the index build."""
    return [g["phrases"] for g in current_groups(session) if g["active"]]


def clean_phrases(raw: str | list[str]) -> list[str]:
    """One phrase a line (or comma separated): NFC, words only, at least two distinct phrases."""
    items = raw if isinstance(raw, list) else raw.replace(",", "\n").splitlines()
    phrases = distinct_phrases(
        items,
        MAX_PHRASE_WORDS,
        lambda start: SynonymError(f"Cụm «{start}…» quá dài (tối đa {MAX_PHRASE_WORDS} từ)."),
    )
    if len(phrases) < 2:
        raise SynonymError("Một nhóm đồng nghĩa cần ít nhất hai cụm từ khác nhau.")
    if len(phrases) > MAX_PHRASES:
        raise SynonymError(f"Một nhóm có tối đa {MAX_PHRASES} cụm từ.")
    return phrases


def save_group(
    session: Session, raw, *, group_id: int | None = None, active: bool = True, user=None, actor: str = ""
) -> SynonymVersion:
    """A new version of a group (a new group when group_id is None); audited."""
    phrases = clean_phrases(raw) if active else []
    if group_id is None:
        group_id = (session.scalar(select(func.max(SynonymVersion.group_id))) or 0) + 1
    elif session.scalar(select(SynonymVersion.id).where(SynonymVersion.group_id == group_id).limit(1)) is None:
        raise SynonymError("Không có nhóm đồng nghĩa này.")
    if not active:
        phrases = next((g["phrases"] for g in current_groups(session) if g["group_id"] == group_id), [])
    version = SynonymVersion(
        group_id=group_id, phrases=phrases, active=active, actor=actor or getattr(user, "username", "") or "hệ thống"
    )
    session.add(version)
    session.flush()
    record_event(
        session,
        "search.synonyms" if active else "search.synonyms.retire",
        "synonym_group",
        group_id,
        user=user,
        actor=actor,
        detail={"phrases": phrases, "version": version.id},
    )
    return version
