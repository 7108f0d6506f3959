"""Checks before a decision leaves its drafter: every problem at once, each beside its entry and field.

Errors block submission (tthc.decisions.drafting.submit_draft); warnings do not. The review helper
calls check_decision too. Conflicts with the catalogue come from plan_decision, never re-implemented.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import holidays
from sqlalchemy.orm import Session

from ..catalogue.apply import PROVISIONAL_PREFIX, plan_decision
from ..catalogue.designations import listed_where_not_received
from ..catalogue.queries import version_in_force
from ..models.decisions import Decision, DecisionEntry, EntryAction
from ..problems import Problem
from ..records import CHANNELS, FIELD_LABELS, normalize_record, validate_record
from ..records.flat import parse_time_limit
from ..text import fold
from .legacy_encoding import legacy_offer
from .starting_point import full_record, starting_record

# Decree 30/2020: "123/QĐ-UBND"; numbers below 10 written 01..09; ký hiệu in capitals, no spaces.
DECISION_NUMBER_RE = re.compile(r"^(0[1-9]|[1-9]\d+)/QĐ-[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$")
CODE_CHARS_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-_]*$")
NATIONAL_CODE_RE = re.compile(r"^\d\.\d{6}")
MIN_WORKING_DAYS = 5  # Decree 63/2010 Art. 15 (as amended by Decree 48/2013), provincial bodies
FREE_FEES = {"", "khong", "khong co", "khong thu", "mien phi", "0", "0 dong", "0 d", "0d"}


@dataclass
class CheckReport:
    """Problems of the decision itself (`decision`) and of each entry (`entries`, by entry id)."""

    decision: list[Problem] = field(default_factory=list)
    entries: dict[int, list[Problem]] = field(default_factory=dict)

    def for_entry(self, entry: DecisionEntry) -> list[Problem]:
        return self.entries.get(entry.id, [])

    def all(self) -> Iterator[tuple[int | None, Problem]]:
        yield from ((None, p) for p in self.decision)
        for entry_id, problems in self.entries.items():
            yield from ((entry_id, p) for p in problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for _, p in self.all() if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for _, p in self.all() if p.severity == "warning"]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def as_dict(self) -> dict[str, Any]:
        return {
            "decision": [p.as_dict() for p in self.decision],
            "entries": {str(k): [p.as_dict() for p in v] for k, v in self.entries.items()},
            "errors": len(self.errors),
            "warnings": len(self.warnings),
        }


def check_decision(session: Session, decision: Decision, today: dt.date | None = None) -> CheckReport:
    """Every check of the decision and its entries against the catalogue on its effective date."""
    session.flush()
    report = CheckReport(decision=check_decision_fields(decision, today))
    entries = sorted(decision.entries, key=lambda e: e.position)
    if (decision.extra or {}).get("list_kind"):  # a list decision (danh mục) carries listings, not entries
        report.decision.extend(listing_problems(session, decision))
    elif not entries:
        report.decision.append(Problem("entries", "Quyết định chưa có mục thủ tục nào."))
    for entry in entries:
        base = starting_record(session, decision, entry)
        record = full_record(session, decision, entry, base)
        report.entries[entry.id] = check_entry(entry, record, base)
    for problem in plan_decision(session, decision).problems:
        if problem.entry_id is None:
            report.decision.append(problem)
        else:
            report.entries.setdefault(problem.entry_id, []).append(problem)
    return report


def listing_problems(session: Session, decision: Decision) -> list[Problem]:
    """Problems of a list decision's entries (the conflicts that forbid applying come from
    tthc.catalogue.apply.plan_decision): none at all, or a procedure not in force."""
    entries = list((decision.extra or {}).get("designations") or [])
    if not entries:
        return [Problem("designations", "Quyết định danh mục chưa có mục nào (đưa vào hoặc đưa ra khỏi danh mục).")]
    problems = []
    for i, entry in enumerate(entries):
        code = entry.get("code") if isinstance(entry, dict) else None
        if code and version_in_force(session, code, decision.effective_date) is None:
            problems.append(
                Problem(
                    f"designations.{i}",
                    f"Thủ tục mã {code} không có hiệu lực vào ngày quyết định có hiệu lực.",
                    "warning",
                )
            )
    for found in listed_where_not_received(session, decision):
        problems.append(
            Problem(
                f"designations.{found['index']}",
                f"Thủ tục mã {found['code']}: {found['message']}",
                "error" if found["everywhere"] else "warning",
            )
        )
    return problems


def check_one_entry(session: Session, decision: Decision, entry: DecisionEntry) -> list[Problem]:
    """The problems of one entry (its page and autosave), without checking every other entry's record."""
    session.flush()
    base = starting_record(session, decision, entry)
    problems = check_entry(entry, full_record(session, decision, entry, base), base)
    return problems + [p for p in plan_decision(session, decision).problems if p.entry_id == entry.id]


# --- the decision's own fields --------------------------------------------------------------------
def check_decision_fields(decision: Decision, today: dt.date | None = None) -> list[Problem]:
    problems = []
    number = decision.number or ""
    if number and not DECISION_NUMBER_RE.match(number):
        problems.append(
            Problem(
                "number",
                f"Số quyết định «{number}» không đúng dạng «123/QĐ-UBND» (số dưới 10 "
                "viết 01..09, ký hiệu viết hoa, không có dấu cách).",
            )
        )
    if not (decision.title or "").strip():
        problems.append(Problem("title", "Quyết định chưa có trích yếu."))
    if decision.effective_date is None:
        problems.append(Problem("effective_date", "Chưa có ngày dự kiến có hiệu lực.", "warning"))
    elif is_provincial(decision):
        signing = decision.signed_date or today or dt.date.today()
        days = working_days_between(signing, decision.effective_date)
        if days < MIN_WORKING_DAYS:
            problems.append(
                Problem(
                    "effective_date",
                    (
                        f"Từ ngày ký ({signing:%d/%m/%Y}) đến ngày hiệu lực "
                        f"({decision.effective_date:%d/%m/%Y}) chỉ có {max(days, 0)} ngày làm việc; "
                        f"quyết định công bố của cấp tỉnh cần ít nhất {MIN_WORKING_DAYS} ngày "
                        "làm việc (Điều 15 Nghị định 63/2010/NĐ-CP)."
                    ),
                    "warning",
                )
            )
    problems += [
        Problem(path, message, "warning")
        for path, message in mojibake_offers({"title": decision.title, "legal_acts": list(decision.legal_acts or [])})
    ]
    return problems


def is_provincial(decision: Decision) -> bool:
    """Decisions of the province (UBND tỉnh/thành phố): anything not issued by a commune or ministry."""
    return not re.search(r"\b(xa|phuong|dac khu|bo)\b", fold(decision.issuer or ""))


@lru_cache(maxsize=8)
def _vietnam_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _vietnam_holidays(day.year)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days strictly after `start` and strictly before `end` (Vietnamese public holidays, Tết)."""
    count, day = 0, start + dt.timedelta(days=1)
    while day < end:
        count += is_working_day(day)
        day += dt.timedelta(days=1)
    return count


# --- one entry ------------------------------------------------------------------------------------
def check_entry(entry: DecisionEntry, record: dict[str, Any], base: dict[str, Any] | None) -> list[Problem]:
    problems = check_code(entry)
    if entry.action == EntryAction.ABOLISHED:
        if not [b for b in entry.basis or [] if b.strip()]:
            problems.append(
                Problem(
                    "basis",
                    "Chưa nêu «Văn bản quy phạm pháp luật quy định việc bãi bỏ» (bắt buộc "
                    "với thủ tục bị bãi bỏ; in ở Phần I của quyết định).",
                )
            )
        problems += [Problem("basis." + p, m, "warning") for p, m in mojibake_offers(list(entry.basis or []))]
        return problems
    if entry.action in (EntryAction.AMENDED, EntryAction.REPLACED):
        problems += check_amending_act(entry)
    record = normalize_record(record)
    problems += validate_record(record)
    if entry.action == EntryAction.NEW:
        problems += check_level_and_sector(record)
    if entry.action == EntryAction.AMENDED and base is not None and _same(record, base):
        problems.append(
            Problem("record", "Mục sửa đổi, bổ sung giống hệt nội dung đang có hiệu lực: chưa có gì thay đổi.")
        )
    problems += check_fee_basis(record)
    value, unit = parse_time_limit(record["time_limit"])
    if value is not None and not unit:
        problems.append(Problem("time_limit", "Thời hạn giải quyết chưa có đơn vị (ngày, ngày làm việc, giờ...)."))
    problems += [Problem(p, m, "warning") for p, m in mojibake_offers(record)]
    return problems


def _same(record: dict[str, Any], base: dict[str, Any]) -> bool:
    a, b = normalize_record(record), normalize_record(base)
    a.pop("code"), b.pop("code")
    return a == b


def check_code(entry: DecisionEntry) -> list[Problem]:
    problems = []
    for name, code in (("code", entry.code), ("replaces_code", entry.replaces_code)):
        if not code:
            continue
        if len(code) > 80 or not CODE_CHARS_RE.match(code):
            problems.append(
                Problem(name, f"Mã thủ tục «{code}» chứa ký tự không hợp lệ (chỉ chữ, số, dấu chấm, gạch ngang).")
            )
        elif not NATIONAL_CODE_RE.match(code) and not code.startswith(PROVISIONAL_PREFIX):
            problems.append(
                Problem(name, f"Mã «{code}» không theo dạng mã thủ tục quốc gia (ví dụ 1.001612).", "warning")
            )
    if entry.action == EntryAction.NEW and not entry.code:
        problems.append(Problem("code", "Thủ tục mới chưa có mã; khi áp dụng sẽ được cấp mã tạm (TAM-...).", "warning"))
    if entry.action == EntryAction.REPLACED and entry.replaces_code and entry.code == entry.replaces_code:
        problems.append(
            Problem("code", "Mã thủ tục thay thế trùng mã thủ tục bị thay thế; dùng «sửa đổi, bổ sung».", "warning")
        )
    return problems


def _charges(text: str) -> bool:
    folded = fold(text or "").strip(" .;")
    return folded not in FREE_FEES and not folded.startswith("khong")


def check_level_and_sector(record: dict[str, Any]) -> list[Problem]:
    """A new procedure states its level and sector (the form offers the register's values): the catalogue
    is searched, counted and posted by both."""
    problems = []
    if not record["level"]:
        problems.append(Problem("level", "Thủ tục mới ban hành phải có cấp thực hiện (cấp tỉnh, cấp xã...)."))
    if not record["sector"].strip():
        problems.append(Problem("sector", "Thủ tục mới ban hành phải có lĩnh vực (chọn trong danh sách lĩnh vực)."))
    return problems


AMENDING_ACT_MISSING = {
    "amended": "Chưa nêu «Văn bản quy phạm pháp luật quy định nội dung sửa đổi, bổ sung» "
    "(bắt buộc với thủ tục sửa đổi, bổ sung; in ở Phần I của quyết định).",
    "replaced": "Chưa nêu «Văn bản quy phạm pháp luật quy định việc thay thế» "
    "(bắt buộc với thủ tục được thay thế; in ở Phần I của quyết định).",
}


def check_amending_act(entry: DecisionEntry) -> list[Problem]:
    """An amended or replaced entry names the act that amends or replaces it (Phần I prints it; the old
    legal basis is never printed in its place): an error, as the abolishing act is for abolished entries."""
    problems = [Problem(f"basis.{p}", m, "warning") for p, m in mojibake_offers(list(entry.basis or []))]
    if not [b for b in entry.basis or [] if b.strip()]:
        problems.append(Problem("basis", AMENDING_ACT_MISSING[entry.action]))
    return problems


def check_fee_basis(record: dict[str, Any]) -> list[Problem]:
    """A fee needs a legal basis (the fee decree or resolution) somewhere in the record."""
    if [b for b in record["legal_basis"] if b.strip()]:
        return []
    fees = [(f"methods.{i}.fee", m["fee"]) for i, m in enumerate(record["methods"])] + [("fee", record["fee"])]
    for path, fee in fees:
        if _charges(fee):
            channel = path.split(".")[1] if path.startswith("methods") else None
            where = f" (cách thức «{CHANNELS.get(record['methods'][int(channel)]['channel'], '')}»)" if channel else ""
            return [Problem(path, f"Có phí, lệ phí «{fee[:60]}»{where} nhưng chưa có căn cứ pháp lý nào.")]
    return []


def mojibake_offers(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, message offering the conversion) for each text that looks TCVN3/VNI-encoded."""
    if isinstance(value, str):
        offer = legacy_offer(value)
        if offer:
            yield (
                path,
                (
                    f"Văn bản có vẻ được gõ bằng bảng mã {offer[0]}. Chuyển sang Unicode sẽ thành: "
                    f"«{offer[1][:120]}». Bấm «Chuyển mã» nếu đúng."
                ),
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from mojibake_offers(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from mojibake_offers(item, f"{path}.{i}" if path else str(i))


_PART_LABELS = {
    "number": "Số quyết định",
    "title": "Trích yếu",
    "effective_date": "Ngày có hiệu lực",
    "legal_acts": "Căn cứ ban hành",
    "entries": "Các mục",
    "designations": "Mục danh mục",  # a list decision's entries ("designations.2" → "Mục danh mục 3")
    "record": "Nội dung",
    "code": "Mã thủ tục",
    "replaces_code": "Mã thủ tục bị thay thế",
    "basis": "Văn bản quy định việc sửa đổi, thay thế, bãi bỏ",
    "channel": "cách thức",
    "time_limit": "thời hạn",
    "time_limit_unit": "đơn vị thời hạn",
    "time_limit_value": "thời hạn (số)",
    "fee": "phí, lệ phí",
    "documents": "giấy tờ",
    "name": "tên",
    "originals": "bản chính",
    "copies": "bản sao",
    # the internal process (tthc.records.process)
    "cases": "trường hợp",
    "steps": "bước",
    "work": "nội dung công việc",
    "unit": "đơn vị thực hiện",
    "time": "thời gian",
    "time_value": "thời gian (số)",
    "time_unit": "đơn vị thời gian",
    "product": "kết quả",
    "order": "thứ tự",
    "total": "tổng thời gian",
}


def field_label(path: str) -> str:
    """ "methods.0.fee" → "Cách thức thực hiện 1 › phí, lệ phí": where a problem is, for people."""
    if path in FIELD_LABELS:  # agencies.executing
        return FIELD_LABELS[path]
    parts = path.split(".")
    if ".".join(parts[:2]) in FIELD_LABELS:
        parts = [".".join(parts[:2])] + parts[2:]
    words = [FIELD_LABELS.get(parts[0]) or _PART_LABELS.get(parts[0], parts[0])]
    for part in parts[1:]:
        if part.isdigit():
            words[-1] += f" {int(part) + 1}"
        else:
            words.append(_PART_LABELS.get(part, part))
    return " › ".join(words)
