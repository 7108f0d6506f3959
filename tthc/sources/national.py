"""Reconciliation with the national TTHC database: a snapshot in the interchange format of
catalogue_large (flat JSON Lines, one procedure a line; `"status": "abolished"` or `"abolished": true`
marks a procedure abolished nationally) against the catalogue in force. No Flask.

Four classes: local codes unknown nationally (`unknown_code`), national procedures at our levels missing
locally (`missing_local`), the same procedure with different content field by field (`different`), and
procedures abolished nationally still in force here (`abolished_here`). A difference staff keep on purpose
is marked intended with a reason (audited) and reported apart.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..audit import record_event
from ..catalogue.io import to_record
from ..models.decisions import EntryAction
from ..models.sources import IntendedDifference, NationalProcedure, NationalSnapshot
from ..records import CHANNELS
from ..records.flat import channel_key, to_flat
from ..text import fold, nfc
from .matching import base_code, held_versions
from .service import SourceError

CLASSES = ("unknown_code", "missing_local", "different", "abolished_here")
CLASS_LABELS = {
    "unknown_code": "Mã của tỉnh không có trong CSDL quốc gia",
    "missing_local": "Thủ tục quốc gia thuộc cấp của tỉnh chưa có ở tỉnh",
    "different": "Cùng thủ tục, nội dung khác",
    "abolished_here": "Đã bãi bỏ ở cấp quốc gia, tỉnh vẫn còn hiệu lực",
}
# The flat fields compared (to_flat on both sides, so the two records are read the same way).
COMPARED = {
    "name": "Tên thủ tục",
    "time_limit": "Thời hạn giải quyết",
    "fee": "Phí, lệ phí",
    "documents": "Thành phần hồ sơ",
    "legal_basis": "Căn cứ pháp lý",
    "channels": "Cách thức thực hiện",
}
_ABOLISHED = {"abolished", "bai bo", "da bai bo", "bi bai bo"}
_SPACES = re.compile(r"\s+")


def _is_abolished(flat: dict[str, Any]) -> bool:
    return flat.get("abolished") is True or fold(str(flat.get("status") or "")).strip() in _ABOLISHED


def _levels(flat: dict[str, Any]) -> list[str]:
    levels = [lv for lv in flat.get("levels") or [] if isinstance(lv, str) and lv]
    return levels or ([flat["level"]] if isinstance(flat.get("level"), str) and flat["level"] else [])


def import_snapshot(
    session: Session,
    rows: Iterable[tuple[int, dict[str, Any]]],
    snapshot_date: dt.date,
    *,
    file_name: str = "",
    user=None,
    actor: str = "",
) -> NationalSnapshot:
    """Load a snapshot of the national catalogue (it replaces none: the latest by date is compared)."""
    snapshot = NationalSnapshot(snapshot_date=snapshot_date, file_name=nfc(file_name), count=0)
    session.add(snapshot)
    session.flush()
    values = []
    for number, flat in rows:
        code = str(flat.get("code") or "").strip()
        if not code:
            raise SourceError(f"Dòng {number}: thủ tục «{str(flat.get('name') or '')[:60]}» không có mã.")
        values.append(
            {
                "snapshot_id": snapshot.id,
                "code": code,
                "base_code": base_code(code),
                "name": str(flat.get("name") or ""),
                "levels": _levels(flat),
                "abolished": _is_abolished(flat),
                "flat": flat,
            }
        )
    if not values:
        raise SourceError("Tệp không có thủ tục nào; chưa nạp gì.")
    session.execute(insert(NationalProcedure), values)
    snapshot.count = len(values)
    session.flush()
    record_event(
        session,
        "national.import",
        "national_snapshot",
        snapshot.id,
        user=user,
        actor=actor,
        detail={"date": snapshot_date.isoformat(), "count": len(values)},
    )
    return snapshot


def latest_snapshot(session: Session) -> NationalSnapshot | None:
    return session.scalars(
        select(NationalSnapshot).order_by(NationalSnapshot.snapshot_date.desc(), NationalSnapshot.id.desc()).limit(1)
    ).first()


@dataclass
class Finding:
    kind: str
    code: str  # the local code (unknown_code, different, abolished_here) or the national one (missing_local)
    name: str
    national_code: str | None = None
    fields: list[dict[str, Any]] = field(default_factory=list)  # different: {"field", "label", "local", "national"}
    intended: str = ""  # the reason, when staff keep it on purpose

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "code": self.code, "name": self.name}
        if self.national_code:
            out["national_code"] = self.national_code
        if self.kind == "different":
            out["fields"] = self.fields
        if self.intended:
            out["intended"] = self.intended
        return out


@dataclass
class Reconciliation:
    snapshot: NationalSnapshot | None
    levels: tuple[str, ...]
    findings: list[Finding]
    intended: list[Finding]

    def of(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def as_dict(self) -> dict[str, Any]:
        s = self.snapshot
        return {
            "snapshot": {"id": s.id, "date": s.snapshot_date.isoformat(), "count": s.count} if s else None,
            "levels": list(self.levels),
            **{kind: [f.as_dict() for f in self.of(kind)] for kind in CLASSES},
            "intended": [f.as_dict() for f in self.intended],
        }


def _text(value: Any) -> Any:
    """A compared value as people read it: list items and text with runs of spaces made one."""
    if isinstance(value, list):
        return [_SPACES.sub(" ", nfc(str(v))).strip() for v in value if str(v).strip()]
    return _SPACES.sub(" ", nfc(str(value or ""))).strip()


def _record_view(record: dict[str, Any]) -> dict[str, Any]:
    """The compared fields of a record in force as the flat format gives them (tthc.records.flat.to_flat,
    without normalising again what the catalogue stores normalised)."""
    methods = record.get("methods") or []
    return {
        "name": record.get("name") or "",
        "time_limit": record.get("time_limit")
        or "; ".join(dict.fromkeys(m["time_limit"] for m in methods if m.get("time_limit"))),
        "fee": record.get("fee")
        or "; ".join(
            f"{CHANNELS[m['channel']]}: {m['fee']}" if m.get("channel") else m["fee"] for m in methods if m.get("fee")
        ),
        "documents": [d.get("name", "") for case in record.get("dossier") or [] for d in case.get("documents") or []],
        "legal_basis": record.get("legal_basis") or [],
        "channels": [CHANNELS[m["channel"]] if m.get("channel") else m.get("note", "") for m in methods],
    }


def _flat_view(flat: dict[str, Any]) -> dict[str, Any]:
    """The same fields of a national procedure in the interchange format (the project's structured format
    goes through the record)."""
    if "methods" in flat or "dossier" in flat:
        return to_flat(to_record(flat))
    legal = flat.get("legal_basis")
    return {
        "name": flat.get("name") or "",
        "time_limit": flat.get("time_limit") or "",
        "fee": flat.get("fee") or "",
        "documents": list(flat.get("documents") or []),
        "legal_basis": [legal] if isinstance(legal, str) and legal else list(legal or []),
        "channels": [CHANNELS[key] if (key := channel_key(c)) else c for c in flat.get("channels") or []],
    }


def compare(local_record: dict[str, Any], national_flat: dict[str, Any]) -> list[dict[str, Any]]:
    """The compared fields that differ, each {"field", "label", "local", "national"}. A field the national
    record does not give is not a difference (missing is not "none")."""
    mine, theirs = _record_view(local_record), _flat_view(national_flat)
    out = []
    for key, label in COMPARED.items():
        if mine.get(key) == theirs.get(key):
            continue  # the common case, before any normalising of spaces
        a, b = _text(mine.get(key)), _text(theirs.get(key))
        if b in ("", []):
            continue
        if a != b:
            out.append({"field": key, "label": label, "local": a, "national": b})
    return out


def reconcile(
    session: Session,
    levels: tuple[str, ...],
    *,
    snapshot: NationalSnapshot | None = None,
    on_date: dt.date | None = None,
) -> Reconciliation:
    snapshot = snapshot or latest_snapshot(session)
    if snapshot is None:
        return Reconciliation(None, levels, [], [])
    local = {v.code: v for v in held_versions(session, on_date)}
    national = session.execute(
        select(
            NationalProcedure.id,
            NationalProcedure.code,
            NationalProcedure.base_code,
            NationalProcedure.name,
            NationalProcedure.levels,
            NationalProcedure.abolished,
        ).where(NationalProcedure.snapshot_id == snapshot.id)
    ).all()
    by_base = {row.base_code: row for row in national}
    held_bases = {base_code(code) for code in local}
    findings: list[Finding] = []
    matched: dict[int, str] = {}  # national row id → local code
    unknown = []
    for code, version in local.items():
        row = by_base.get(base_code(code))
        if row is None:
            unknown.append(version)
        elif row.abolished:
            findings.append(Finding("abolished_here", code, version.name, row.code))
        else:
            matched[row.id] = code
    # A local code unknown nationally whose name is the name of exactly one national procedure we do not
    # hold: most likely a mistyped code. Reported once, as the unknown code with the national code it
    # probably is. Several national procedures share a name (the real catalogue has ten "Hỗ trợ phát
    # triển sản xuất cộng đồng."): each is its own finding, and a name shared by several guesses none.
    missing = {
        row.id: row
        for row in national
        if not row.abolished and row.base_code not in held_bases and set(row.levels) & set(levels)
    }
    named: dict[str, list[int]] = {}
    for row in missing.values():
        named.setdefault(fold(row.name), []).append(row.id)
    for version in unknown:
        alike = [row_id for row_id in named.get(fold(version.name), ()) if row_id in missing]
        guess = missing.pop(alike[0]) if len(alike) == 1 else None
        findings.append(Finding("unknown_code", version.code, version.name, guess.code if guess else None))
    findings += [Finding("missing_local", row.code, row.name) for row in missing.values()]
    findings += _differences(session, local, matched)
    return _with_intended(session, snapshot, levels, findings)


def _differences(session: Session, local: dict[str, Any], matched: dict[int, str]) -> list[Finding]:
    found = []
    ids = sorted(matched)
    for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
        chunk = ids[start : start + 900]
        for row_id, flat in session.execute(
            select(NationalProcedure.id, NationalProcedure.flat).where(NationalProcedure.id.in_(chunk))
        ):
            version = local[matched[row_id]]
            fields = compare(version.record, flat)
            if fields:
                found.append(Finding("different", version.code, version.name, str(flat.get("code") or ""), fields))
    return found


def _with_intended(session: Session, snapshot, levels, findings: list[Finding]) -> Reconciliation:
    marks = {(m.kind, m.code, m.field): m.reason for m in session.scalars(select(IntendedDifference))}
    open_, intended = [], []
    for finding in sorted(findings, key=lambda f: (CLASSES.index(f.kind), f.code)):
        if finding.kind == "different":
            kept = [f for f in finding.fields if ("different", finding.code, f["field"]) in marks]
            for f in kept:
                intended.append(
                    Finding(
                        "different",
                        finding.code,
                        finding.name,
                        finding.national_code,
                        [f],
                        marks[("different", finding.code, f["field"])],
                    )
                )
            finding.fields = [f for f in finding.fields if f not in kept]
            if finding.fields:
                open_.append(finding)
        elif (finding.kind, finding.code, "") in marks:
            finding.intended = marks[(finding.kind, finding.code, "")]
            intended.append(finding)
        else:
            open_.append(finding)
    return Reconciliation(snapshot, levels, open_, intended)


def mark_intended(
    session: Session, kind: str, code: str, field_name: str, reason: str, *, user=None, actor: str = ""
) -> IntendedDifference:
    """Keep a difference on purpose, with the reason (audited); marking it again replaces the reason."""
    reason = nfc(reason or "").strip()
    if kind not in CLASSES:
        raise SourceError(f"Loại khác biệt «{kind}» không hợp lệ.")
    if not reason:
        raise SourceError("Cần ghi lý do giữ khác biệt này.")
    if field_name and (kind != "different" or field_name not in COMPARED):
        raise SourceError(f"Trường «{field_name}» không phải trường được đối chiếu.")
    session.execute(
        delete(IntendedDifference).where(
            IntendedDifference.kind == kind, IntendedDifference.code == code, IntendedDifference.field == field_name
        )
    )
    mark = IntendedDifference(
        kind=kind, code=nfc(code), field=field_name, reason=reason, created_by_id=getattr(user, "id", None)
    )
    session.add(mark)
    session.flush()
    record_event(
        session,
        "national.intended",
        "intended_difference",
        mark.id,
        user=user,
        actor=actor,
        detail={"kind": kind, "code": code, "field": field_name, "reason": reason},
    )
    return mark


NATIONAL_ISSUER = "Cơ sở dữ liệu quốc gia về thủ tục hành chính"


def source_from_reconciliation(session: Session, report: Reconciliation, *, user=None, actor: str = ""):
    """The open differences as a source, so they feed the province's draft like a ministry's decision:
    national procedures missing here are new, different ones amended with the national content of the
    differing fields, those abolished nationally abolished."""
    from .reading import import_source

    if report.snapshot is None:
        raise SourceError("Chưa có bản CSDL quốc gia nào để đối chiếu.")
    wanted = [f for f in report.findings if f.kind in ("missing_local", "different", "abolished_here")]
    if not wanted:
        raise SourceError("Không có khác biệt nào cần công bố.")
    codes = {f.national_code or f.code for f in wanted}
    flats = {
        row.code: row.flat
        for row in session.scalars(
            select(NationalProcedure).where(
                NationalProcedure.snapshot_id == report.snapshot.id, NationalProcedure.code.in_(sorted(codes))
            )
        )
    }
    entries = []
    for finding in wanted:
        flat = flats.get(finding.national_code or finding.code) or {}
        if finding.kind == "missing_local":
            entries.append({**_entry_fields(flat), "action": EntryAction.NEW})
        elif finding.kind == "different":
            given = {d["field"]: flat.get(d["field"]) for d in finding.fields}
            entries.append(
                {**given, "action": EntryAction.AMENDED, "code": finding.code, "name": flat.get("name") or finding.name}
            )
        else:
            entries.append({"action": EntryAction.ABOLISHED, "code": finding.code, "name": finding.name})
    date = report.snapshot.snapshot_date
    flat_source = {
        "number": f"CSDLQG-{date.isoformat()}",
        "date": date.isoformat(),
        "issuer": NATIONAL_ISSUER,
        "title": f"Đối chiếu với bản CSDL quốc gia ngày {date:%d/%m/%Y}",
        "entries": entries,
    }
    return import_source(session, flat_source, file_name=report.snapshot.file_name, user=user, actor=actor)


_ENTRY_KEYS: tuple[str, ...] = (
    *("code", "name", "level", "levels", "field", "agency", "time_limit", "fee", "documents", "steps"),
    *("legal_basis", "channels", "applicants", "results", "conditions", "procedure_type"),
)


def _entry_fields(flat: dict[str, Any]) -> dict[str, Any]:
    """A national procedure as a source entry: the parts the flat format names (unknown keys stay in the
    snapshot), the level the first of ours it has."""
    return {k: flat[k] for k in _ENTRY_KEYS if flat.get(k) not in (None, "", [])}
