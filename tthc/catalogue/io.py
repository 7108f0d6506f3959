"""Loading a baseline catalogue and exporting the catalogue on a date (JSON Lines, CSV)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import record_event
from ..models.catalogue import Sector
from ..models.decisions import Decision, DecisionEntry, DecisionKind, DecisionStatus, EntryAction
from ..problems import ImportProblem, Problem
from ..records import canonical_json, from_flat, normalize_record, to_flat, validate_record
from ..records.flat import read_jsonl
from ..records.presence import PART_LABELS, bare_time_limits, not_recorded_parts, online_availability
from ..text import sort_key
from .apply import apply_decision
from .queries import catalogue_on, current_revision, revision_on
from .state import catalogue_state

EXPORT_FORMAT = "v3"  # change when the layout of a download changes: older cached files are ignored

BASELINE_NUMBER = "Danh mục ban đầu"
TIME_LIMIT_BARE_NUMBER = "time_limit_bare_number"  # Problem.code in the data-quality report


def to_record(raw: dict[str, Any]) -> dict[str, Any]:
    """A line of either format → a structured record. The project's own format has `sector`/`methods`."""
    if "sector" in raw or "methods" in raw or "dossier" in raw:
        return normalize_record(raw)
    return from_flat(raw)


def bare_time_limit_problems(record: dict[str, Any]) -> list[Problem]:
    """A time limit recorded as a bare number ("1", "120,000"): shown as recorded with a mark, listed here."""
    return [
        Problem(
            "time_limit",
            f"Thời hạn giải quyết ghi «{text}»: chỉ có số, không có đơn vị; trang và bản niêm yết hiển thị "
            "nguyên văn kèm ghi chú cho đến khi được sửa.",
            "warning",
            code=TIME_LIMIT_BARE_NUMBER,
        )
        for text in bare_time_limits(record)
    ]


def quality_report(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records that miss mandatory parts, have invalid values or a time limit without a unit: accepted,
    but listed."""
    report = []
    for record in records:
        problems = validate_record(record) + bare_time_limit_problems(record)
        if problems:
            report.append(
                {
                    "code": record.get("code", ""),
                    "name": record.get("name", ""),
                    "problems": [p.as_dict() for p in problems],
                }
            )
    return report


def import_baseline(
    session: Session, path: Path, effective: dt.date, *, user=None, actor: str = "", title: str = ""
) -> dict[str, Any]:
    """Load procedures as the baseline in force from `effective`, through one recorded decision."""
    rows = read_jsonl(path)
    records = []
    for number, raw in rows:
        record = to_record(raw)
        if not record["code"]:
            raise ImportProblem(
                f"Dòng {number}: thủ tục «{record['name'][:60]}» chưa có mã; danh mục ban đầu cần mã cho mọi thủ tục."
            )
        records.append(record)
    decision = Decision(
        kind=DecisionKind.BASELINE,
        number=BASELINE_NUMBER,
        status=DecisionStatus.SIGNED,
        title=title or "Danh mục thủ tục hành chính ban đầu",
        effective_date=effective,
        signed_date=effective,
        source=str(path.name),
    )
    decision.entries = [
        DecisionEntry(position=i, action=EntryAction.NEW, code=r["code"], record=r) for i, r in enumerate(records)
    ]
    session.add(decision)
    session.flush()
    ensure_reference_data(session, records)
    revision = apply_decision(session, decision, user=user, actor=actor)
    report = quality_report(records)
    record_event(
        session,
        "catalogue.import",
        "decision",
        decision.id,
        user=user,
        actor=actor,
        detail={"file": path.name, "procedures": len(records), "quality_problems": len(report)},
    )
    return {
        "decision_id": decision.id,
        "revision": revision.id,
        "procedures": len(records),
        "effective_date": effective.isoformat(),
        "quality_report": report,
    }


def ensure_reference_data(session: Session, records: list[dict[str, Any]]) -> None:
    """Sectors named by records exist as rows; agency texts are mapped onto the agency register
    (tthc/catalogue/agencies.py). A part of a text that maps to nothing and reads as an agency's name
    ("Sở …", "UBND …") is registered; anything else ("Giám đốc …" of an unregistered agency, a
    combined string) stays unmapped, listed for an administrator to map once."""
    from .agencies import fold_agency, load_register, looks_like_agency_name, register_agency, split_agency_text

    texts = {a for r in records for names in r["agencies"].values() for a in names if a}
    # Of the spellings of one name, the one written with capitals ("Sở Tư pháp", not "sở tư pháp ").
    spellings: dict[str, str] = {}
    for part in sorted({part for text in texts for part in split_agency_text(text)}):
        kept = spellings.setdefault(fold_agency(part), part)
        if sum(ch.isupper() for ch in part) > sum(ch.isupper() for ch in kept):
            spellings[fold_agency(part)] = part
    register = load_register(session)
    for part in sorted(spellings.values(), key=len):  # "Sở Tư pháp" before "Giám đốc Sở Tư pháp"
        if looks_like_agency_name(part) and not register.resolve(part)[0]:
            register.add(register_agency(session, part, actor="nạp danh mục"))
    sectors = {r["sector"] for r in records if r["sector"]}
    known_sectors = set(session.scalars(select(Sector.name)))
    session.add_all(Sector(name=n, sort_key=sort_key(n)) for n in sorted(sectors - known_sectors))
    session.flush()


def catalogue_records(session: Session, on_date: dt.date | None = None) -> list[dict[str, Any]]:
    return [v.record for v in catalogue_on(session, on_date)]


def export_jsonl(records: list[dict[str, Any]]) -> str:
    """The project's own format: one canonical JSON record per line (stable bytes)."""
    return "".join(canonical_json(r) + "\n" for r in records)


CSV_COLUMNS = [
    "code",
    "name",
    "level",
    "field",
    "agency",
    "time_limit",
    "fee",
    "channels",
    "online_level",
    "documents",
    "steps",
    "legal_basis",
    "applicants",
    "results",
    "conditions",
    "place",
    "source",
    "online_availability",
    "not_recorded",
]


def export_csv(records: list[dict[str, Any]]) -> str:
    """Flat CSV for spreadsheets and open-data users; lists are joined with new lines. Cells that a
    spreadsheet would take for a formula are neutralised (tthc.security.csv_cell)."""
    from ..security import csv_cell

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for record in records:
        flat = to_flat(record)
        # An empty cell cannot say whether a part is "none" or not recorded: these two columns can.
        flat["online_availability"] = online_availability(record).key
        flat["not_recorded"] = "; ".join(PART_LABELS[p] for p in not_recorded_parts(record))
        writer.writerow(
            {k: csv_cell("\n".join(v) if isinstance(v, list) else v) for k, v in flat.items() if k in CSV_COLUMNS}
        )
    return "\ufeff" + buffer.getvalue()  # BOM: Excel then opens the Vietnamese text as UTF-8


def cached_export(session: Session, fmt: str, on_date: dt.date, folder: Path) -> tuple[Path, str]:
    """(file, key) of the catalogue on `on_date` as `fmt`, generated once per catalogue state
    (state.CatalogueState.on) and kept in `folder`: a repeated download, on any date between the same two
    decision dates, is a file sent from disk. The key doubles as the ETag."""
    if fmt not in ("jsonl", "csv", "xlsx"):
        raise ImportProblem(f"Định dạng «{fmt}» không được hỗ trợ (jsonl, csv, xlsx).")
    state, since = catalogue_state(session, dt.date.today()).on(on_date)
    key = f"{EXPORT_FORMAT}-{state}"
    path = folder / f"danh-muc-{key}.{fmt}"
    if not path.is_file():
        # The workbook's title names `since`: the same catalogue as on `on_date`, one file for all dates.
        content, _ = export_catalogue(session, fmt, since or on_date)
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        partial.write_bytes(content)
        os.replace(partial, path)  # readers see the whole file or none
    return path, f"{fmt}-{key}"


def export_catalogue(session: Session, fmt: str, on_date: dt.date | None = None) -> tuple[bytes, int]:
    """(file content, revision it reflects) for the catalogue on the date."""
    records = catalogue_records(session, on_date)
    revision = revision_on(session, on_date) if on_date else current_revision(session)
    if fmt == "jsonl":
        return export_jsonl(records).encode("utf-8"), revision
    if fmt == "csv":
        return export_csv(records).encode("utf-8"), revision
    if fmt == "xlsx":
        from ..annex import catalogue_workbook  # the Excel annex layout

        return catalogue_workbook(records, on_date or dt.date.today()), revision
    raise ImportProblem(f"Định dạng «{fmt}» không được hỗ trợ (jsonl, csv, xlsx).")
