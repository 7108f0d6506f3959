"""The province's draft decision from a source, through the ordinary drafting functions
(tthc.decisions.drafting): the chosen entries pre-filled, the source cited as căn cứ, every field the
province must still fill marked (`decision.extra["from_source"]`). The usual checks, review and signing
follow; once the decision is in force the source's entries it covers count as done. No Flask."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from ..audit import record_event
from ..catalogue.queries import version_in_force
from ..catalogue.service_points import list_service_points, receives
from ..dates import vn_date
from ..decisions import policy
from ..decisions.drafting import add_entry, create_draft
from ..decisions.starting_point import full_record
from ..models.catalogue import ProcedureVersion
from ..models.decisions import Decision, DecisionEntry, DecisionStatus, EntryAction
from ..models.sources import Source
from ..records import normalize_record
from ..records.merge import merge_partial
from ..records.presence import missing_mandatory
from .matching import EntryMeaning, Held, given_content
from .service import SourceError, meaning_of, proposed_agency

STANDARD_ACTS = (
    "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính;",
    "Căn cứ Nghị định số 92/2017/NĐ-CP ngày 07/8/2017 của Chính phủ sửa đổi, bổ sung một số điều của các "
    "nghị định liên quan đến kiểm soát thủ tục hành chính;",
)
ACTIONABLE = ("new", "amend", "abolish")


def citation(source: Source) -> str:
    """The source as the draft's căn cứ: "Căn cứ Quyết định số 3120/QĐ-BTP ngày 10/11/2025 của Bộ Tư pháp …"."""
    date = f" ngày {vn_date(source.date)}" if source.date else ""
    title = f" {source.title[0].lower()}{source.title[1:]}" if source.title else ""
    return f"Căn cứ Quyết định số {source.number}{date} của {source.issuer}{title};"


def _actionable(meaning: EntryMeaning) -> bool:
    replaced_old = bool(meaning.replaced and meaning.replaced["for_us"] == "abolish")
    return meaning.for_us in ACTIONABLE or replaced_old


def draft_from_source(
    session: Session,
    source: Source,
    entry_ids: Iterable[int],
    user,
    settings: Mapping[str, Any],
    *,
    issuer: str = "",
) -> Decision:
    if source.agency_id and not policy.is_admin(user) and getattr(user, "agency_id", None) != source.agency_id:
        raise SourceError(f"Nguồn này đã giao cho {source.agency.name}; cán bộ soạn thảo của cơ quan đó lập dự thảo.")
    wanted = set(entry_ids)
    chosen = [m for m in meaning_of(session, source, settings).entries if m.entry.id in wanted]
    if not chosen:
        raise SourceError("Chưa chọn mục nào của nguồn để đưa vào dự thảo.")
    for m in chosen:
        if not _actionable(m):
            raise SourceError(f"Mục «{m.entry.name[:80]}» không cần công bố ({m.label.lower()}).")
        if m.entry.decision is not None and m.entry.decision.status != DecisionStatus.WITHDRAWN:
            raise SourceError(
                f"Mục «{m.entry.name[:80]}» đã có trong một dự thảo khác (quyết định số {m.entry.decision_id})."
            )
    cited = citation(source)
    decision = create_draft(
        session,
        user,
        title=_title(source),
        legal_acts=[*STANDARD_ACTS, cited],
        effective_date=source.effective_date,
        issuer=issuer,
        agency_id=source.agency_id if policy.is_admin(user) else None,
    )
    proposed = _proposed_agency_name(session, source, user)
    to_fill: dict[str, list[str]] = {}
    for m in chosen:
        entry = _add(session, decision, user, m, cited, proposed)
        to_fill[str(entry.id)] = _marks(session, decision, entry)
        m.entry.decision_id = decision.id
    decision.extra = {
        **(decision.extra or {}),
        "from_source": {"id": source.id, "number": source.number, "issuer": source.issuer, "to_fill": to_fill},
    }
    session.flush()
    record_event(
        session,
        "source.draft",
        "source",
        source.id,
        user=user,
        detail={"decision": decision.id, "entries": sorted(wanted)},
    )
    return decision


def _title(source: Source) -> str:
    sectors = sorted({e.sector for e in source.entries if e.sector})
    where = f" lĩnh vực {', '.join(s.lower() for s in sectors)}" if sectors else ""
    return (
        f"Về việc công bố danh mục thủ tục hành chính{where} thuộc thẩm quyền giải quyết của các cấp chính quyền "
        f"trên địa bàn tỉnh theo Quyết định số {source.number} của {source.issuer}"
    )


def _proposed_agency_name(session: Session, source: Source, user) -> str:
    """The executing agency proposed for new procedures: the agency the source is assigned to, else the one
    executing the catalogue's procedures of its sectors, else the drafter's own."""
    agency = source.agency or proposed_agency(session, source) or getattr(user, "agency", None)
    return agency.name if agency is not None else ""


def _source_record(session: Session, meaning: EntryMeaning, proposed: str) -> dict[str, Any]:
    """A new procedure's record from the source: what the ministry gives, with this province's agencies and
    place of receipt proposed in place of the ministry's generic wording (both marked for the province to
    confirm): those of the procedure it replaces when we hold it (the catalogue's current values), else
    the executing agency proposed by sector and the service points whose rules receive such a procedure."""
    record = normalize_record(copy.deepcopy(meaning.entry.record or {}))
    record["code"] = meaning.entry.code or ""
    record["level"] = meaning.level or record["level"]
    record["agencies"] = {role: [] for role in record["agencies"]}
    if proposed:
        record["agencies"]["executing"] = [proposed]
    record["place"] = ""
    old = version_in_force(session, meaning.replaced["procedure"]) if meaning.replaced else None
    if old is not None:
        held = normalize_record(old.record)
        if any(held["agencies"].values()):
            record["agencies"] = {role: list(held["agencies"].get(role) or []) for role in record["agencies"]}
        record["place"] = held["place"]
    if not record["place"]:
        record["place"] = receiving_points(session, record)
    return record


def receiving_points(session: Session, record: dict[str, Any]) -> str:
    """The service points whose rules (level, sector, agency) receive a procedure with this record."""
    executing = record["agencies"].get("executing") or []
    probe = ProcedureVersion(
        code=record["code"] or "",
        level=record["level"] or "",
        sector=record["sector"] or "",
        agency=executing[0] if executing else "",
        record=record,
    )
    return "; ".join(point.name for point in list_service_points(session) if receives(point.rules, probe))


def _amended(held: Held, meaning: EntryMeaning) -> dict[str, Any]:
    given = given_content(normalize_record(meaning.entry.record or {}))
    if meaning.entry.record.get("name"):
        given["name"] = meaning.entry.record["name"]
    return merge_partial(held.record, given)


def _add(session: Session, decision: Decision, user, meaning: EntryMeaning, cited: str, proposed: str) -> DecisionEntry:
    entry = meaning.entry
    basis = list(entry.basis or []) or [cited.removeprefix("Căn cứ ").rstrip(";")]
    if meaning.for_us == "abolish" and meaning.procedure is not None:
        return add_entry(session, decision, user, EntryAction.ABOLISHED, code=meaning.procedure.code, basis=basis)
    if meaning.replaced and meaning.replaced["for_us"] == "abolish":
        record = _source_record(session, meaning, proposed)
        return add_entry(
            session,
            decision,
            user,
            EntryAction.REPLACED,
            code=entry.code,
            replaces_code=meaning.replaced["procedure"],
            basis=basis,
            record=record,
        )
    if meaning.for_us == "amend" and meaning.procedure is not None:
        return add_entry(
            session,
            decision,
            user,
            EntryAction.AMENDED,
            code=meaning.procedure.code,
            basis=basis,
            record=_amended(meaning.procedure, meaning),
        )
    return add_entry(session, decision, user, "new", code=entry.code, record=_source_record(session, meaning, proposed))


def _marks(session: Session, decision: Decision, entry: DecisionEntry) -> list[str]:
    """What the province must still fill or confirm: mandatory parts the source does not give, and for a
    new procedure its place of receipt and the executing agency proposed here."""
    if entry.action == EntryAction.ABOLISHED:
        return []
    record = full_record(session, decision, entry)
    marks = missing_mandatory(record)
    if entry.action in (EntryAction.NEW, EntryAction.REPLACED):
        marks += [part for part in ("agencies.executing", "place") if part not in marks]
    return marks


def source_of(decision: Decision) -> dict[str, Any] | None:
    """The source a draft was made from (for its pages): {"id", "number", "issuer", "to_fill"}."""
    return (decision.extra or {}).get("from_source")
