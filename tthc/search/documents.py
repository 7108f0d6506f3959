"""What the index holds: one search document per procedure, built from the catalogue.

The catalogue in force (abolished procedures too: they stay findable, marked) and the catalogue
announced but not yet in force (signed decisions with a later effective date, through plan_decision).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ..catalogue.agencies import load_register
from ..catalogue.apply import plan_decision
from ..catalogue.queries import catalogue_on
from ..decisions.effect import announced_decisions
from ..models.catalogue import VersionState
from ..records.presence import ONLINE_FULL, ONLINE_PARTIAL, online_availability, online_key
from ..text import sort_key

# Status of a procedure as search shows it.
IN_FORCE, UPCOMING, ABOLISHED = "in_force", "upcoming", "abolished"
STATUS_LABELS = {IN_FORCE: "Đang có hiệu lực", UPCOMING: "Đã công bố, chưa có hiệu lực", ABOLISHED: "Đã bãi bỏ"}


@dataclass
class SearchDocument:
    code: str
    name: str
    level: str
    sector: str
    agency: str
    status: str
    valid_from: str  # ISO date the shown content applies from
    online_level: str = ""  # records.presence.online_key: toan_trinh, mot_phan, truc_tuyen, chua_cung_cap
    channels: list[str] = field(default_factory=list)
    body: str = ""  # documents, steps, applicants, agencies, results, conditions, legal basis
    replaced_by: str = ""
    upcoming_date: str = ""  # an announced change to this procedure takes effect then
    upcoming_action: str = ""  # "amended" or "abolished"
    also_named: str = ""  # names it is also found by as a name (its linked groups), never shown as its name
    sort_bytes: bytes | None = None  # the version's stored Vietnamese sort key, when there is one

    @property
    def sort(self) -> str:
        return (self.sort_bytes or sort_key(self.name)).hex()

    def stored(self) -> dict[str, Any]:
        """What a hit carries (no body: it is only searched)."""
        return {k: v for k, v in self.__dict__.items() if k not in ("body", "sort_bytes")}


def record_body(record: dict[str, Any]) -> str:
    """What a procedure is searched by besides its name: who applies, the agencies, steps, documents,
    results, its conditions (requirements), forms and legal basis."""
    parts: list[str] = [record.get("applicants", ""), record.get("sector", "")]
    for names in (record.get("agencies") or {}).values():
        parts.extend(names)
    parts.extend(record.get("steps") or [])
    for case in record.get("dossier") or []:
        parts.append(case.get("case", ""))
        parts.extend(d.get("name", "") for d in case.get("documents") or [])
    parts.extend(record.get("results") or [])
    parts.append(record.get("requirements") or "")
    parts.extend(record.get("forms") or [])
    parts.extend(record.get("legal_basis") or [])
    return "\n".join(p for p in parts if p)


def document_from_record(
    record: dict[str, Any],
    status: str,
    valid_from: dt.date | str,
    replaced_by: str | None = None,
    sort_bytes: bytes | None = None,
) -> SearchDocument:
    agencies = (record.get("agencies") or {}).get("executing") or []
    return SearchDocument(
        code=record.get("code", ""),
        name=record.get("name", ""),
        level=record.get("level", ""),
        sector=record.get("sector", ""),
        agency=agencies[0] if agencies else "",
        status=status,
        valid_from=valid_from if isinstance(valid_from, str) else valid_from.isoformat(),
        online_level=online_availability(record).key,
        channels=sorted({m.get("channel", "") for m in record.get("methods") or [] if m.get("channel")}),
        body=record_body(record),
        replaced_by=replaced_by or "",
        sort_bytes=sort_bytes,
    )


def build_documents(session: Session, today: dt.date | None = None) -> list[SearchDocument]:
    """Every procedure as search shows it today: in force, abolished, or announced for later."""
    today = today or dt.date.today()
    docs: dict[str, SearchDocument] = {}
    for version in catalogue_on(session, today, include_abolished=True):
        status = IN_FORCE if version.state == VersionState.IN_FORCE else ABOLISHED
        docs[version.code] = document_from_record(
            version.record, status, version.valid_from, version.replaced_by_code, version.sort_key
        )
    for decision in announced_decisions(session, today):
        _add_announced(docs, plan_decision(session, decision))
    add_linked_groups(session, docs.values(), today)
    add_online_designations(session, docs.values(), today)
    name_agencies(session, docs.values())
    return list(docs.values())


def name_agencies(session: Session, docs) -> None:
    """The agency a document is filtered and counted by is the register's entry for its text (one agency
    however it is spelt; the first one a combined text names), not the text as written."""
    register = load_register(session)
    for doc in docs:
        names = register.names(doc.agency)
        doc.agency = names[0] if names else ""


def add_linked_groups(session: Session, docs, on_date: dt.date) -> None:
    """A member of a linked group (liên thông) is found by the group's name and key too."""
    from ..catalogue.designations import groups_on

    by_code = {d.code: d for d in docs}
    for group in groups_on(session, on_date):
        for member in group.record["members"]:
            doc = by_code.get(member["code"])
            if doc is not None:
                doc.body += f"\nThủ tục liên thông: {group.name} ({group.group_key})"
                doc.also_named = f"{doc.also_named} {group.name}".strip()


def add_online_designations(session: Session, docs, on_date: dt.date) -> None:
    """A procedure designated online somewhere is found under that level (the one rule of
    records.presence.online_key, as on its page)."""
    from ..catalogue.designations import designated_anywhere, designation_state

    state = designation_state(session, on_date)
    full, partial = designated_anywhere(state, "online_full"), designated_anywhere(state, "online_partial")
    for doc in docs:
        if doc.code in full or doc.code in partial:
            level = doc.online_level if doc.online_level in (ONLINE_FULL, ONLINE_PARTIAL) else ""
            doc.online_level = online_key(level, "truc_tuyen" in doc.channels, doc.code in full, doc.code in partial)


def _add_announced(docs: dict[str, SearchDocument], plan) -> None:
    effective = plan.effective_date.isoformat()
    for planned_entry in plan.entries:
        for planned in planned_entry.versions:
            if not planned.code:
                continue
            known = docs.get(planned.code)
            if known is not None and known.status == IN_FORCE:
                if not known.upcoming_date:
                    known.upcoming_date = effective
                    known.upcoming_action = "abolished" if planned.state == VersionState.ABOLISHED else "amended"
            elif planned.state == VersionState.IN_FORCE:
                docs[planned.code] = document_from_record(planned.record, UPCOMING, effective)


def documents_on(session: Session, on_date: dt.date) -> list[SearchDocument]:
    """The catalogue as it stood on a past (or any) date, without announcements."""
    docs = [
        document_from_record(
            v.record,
            IN_FORCE if v.state == VersionState.IN_FORCE else ABOLISHED,
            v.valid_from,
            v.replaced_by_code,
            v.sort_key,
        )
        for v in catalogue_on(session, on_date, include_abolished=True)
    ]
    add_linked_groups(session, docs, on_date)
    add_online_designations(session, docs, on_date)
    return docs


def next_change_date(docs: list[SearchDocument], today: dt.date) -> str:
    """The first date on which today's documents would no longer be right without a new revision."""
    dates = [d.valid_from for d in docs if d.valid_from > today.isoformat()]
    dates += [d.upcoming_date for d in docs if d.upcoming_date]
    return min(dates) if dates else ""
