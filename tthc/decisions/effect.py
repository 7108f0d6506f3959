"""Taking effect: apply every signed decision whose effective date has come, oldest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ..catalogue.apply import DecisionConflict, apply_decision, plan_decision
from ..models.catalogue import VersionState
from ..models.decisions import Decision, DecisionStatus


@dataclass
class ApplyOutcome:
    decision_id: int
    number: str
    effective_date: str
    status: str  # "applied", "conflict", "skipped" (someone else applied it meanwhile)
    revision: int | None = None
    problems: list[str] | None = None  # the conflicts' messages
    conflicts: list[dict] | None = None  # the same conflicts as data (tthc.problems.Problem.as_dict)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def announced_decisions(session: Session, today: dt.date) -> list[Decision]:
    """Signed decisions whose effective date is still to come ("đã công bố, chưa có hiệu lực"),
    in the order they will apply."""
    return list(
        session.scalars(
            select(Decision)
            .where(Decision.status == DecisionStatus.SIGNED, Decision.effective_date > today)
            .order_by(Decision.effective_date, Decision.signed_date, Decision.id)
        )
    )


def announced_version(session: Session, code: str, today: dt.date):
    """(decision, planned version) for a procedure an announced decision will bring into force,
    or None: what the public page shows of a procedure that is not in force yet."""
    for decision in announced_decisions(session, today):
        for planned_entry in plan_decision(session, decision).entries:
            for planned in planned_entry.versions:
                if planned.code == code and planned.state == VersionState.IN_FORCE:
                    return decision, planned
    return None


def due_decisions(session: Session, today: dt.date) -> list[Decision]:
    query = (
        select(Decision)
        .where(Decision.status == DecisionStatus.SIGNED, Decision.effective_date <= today)
        .order_by(Decision.effective_date, Decision.signed_date, Decision.id)
    )
    return list(session.scalars(query))


def apply_due(
    factory: sessionmaker[Session], today: dt.date | None = None, *, actor: str = "apply-due"
) -> list[ApplyOutcome]:
    """Each due decision in its own transaction. Safe to run twice or concurrently: a decision that
    another process applied meanwhile is skipped (unique revision per decision + optimistic lock)."""
    today = today or dt.date.today()
    with factory() as session:
        due_ids = [d.id for d in due_decisions(session, today)]
    outcomes = []
    for decision_id in due_ids:
        session = factory()
        try:
            decision = session.get(Decision, decision_id)
            if decision is None or decision.status != DecisionStatus.SIGNED or decision.effective_date is None:
                continue
            outcome = ApplyOutcome(decision.id, decision.number, decision.effective_date.isoformat(), "applied")
            try:
                revision = apply_decision(session, decision, actor=actor)
                session.commit()
                outcome.revision = revision.id
            except DecisionConflict as conflict:
                session.rollback()
                outcome.status = "conflict"
                outcome.problems = [p.message for p in conflict.problems]
                outcome.conflicts = [p.as_dict() for p in conflict.problems]
            except (IntegrityError, StaleDataError):
                session.rollback()
                outcome.status = "skipped"
            outcomes.append(outcome)
        finally:
            session.close()
    return outcomes
