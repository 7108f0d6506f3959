"""The internal process (quy trình nội bộ) of a procedure: its shape, step times, and the time check.

The process is the record's `process` part (docs/record-format.md): `None` when not recorded, else
{"code", "cases": [{"case", "channel", "total", "steps": [step]}]}. A step's time is kept verbatim
(`time`) and as a parsed quantity (`time_value`, `time_unit`): "0,25 ngày", "1/4 ngày", "4 giờ làm
việc", "30 phút", "Giờ hành chính". The time check adds the steps' times exactly (fractions) and
compares the sum with the procedure's legal time limit for the case's channel, showing the arithmetic.
Nothing here touches the database or Flask.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

from ..text import fold, nfc
from .vocabulary import CHANNELS, TIME_UNITS, parse_time_limit

HOURS_PER_DAY = 8  # a working day is 8 working hours (Bộ luật Lao động, Art. 105)
STEP_TIME_UNITS = {
    "ngay_lam_viec": "ngày làm việc",
    "gio": "giờ làm việc",
    "hanh_chinh": "trong giờ hành chính",
    "": "",
}
STEP_KEYS = ("order", "work", "unit", "time", "time_value", "time_unit", "product", "linked")

_NUMBER = r"(\d+(?:[.,]\d+)?)(?:\s*/\s*(\d+))?"
_TIME_RE = re.compile(r"^\s*(?:trong\s+(?:vong\s+|thoi\s+gian\s+)?)?(?:khoang\s+)?" + _NUMBER + r"\s*\(?\s*(.*)$")
_OFFICE_HOURS = ("gio hanh chinh", "trong gio hanh chinh", "ngay trong gio hanh chinh")
_UNITS = [("ngay_lam_viec", r"ngay(\s+lam\s+viec)?\b"), ("gio", r"(gio(\s+lam\s+viec)?\b|h\b)"), ("phut", r"phut\b")]
_WRITTEN_NUMBER_RE = re.compile(r"^\s*[^\d(]*\((\d+)\)\s*(.*)$")  # "Mười (10) ngày làm việc"


# --- times ----------------------------------------------------------------------------------------
def parse_step_time(text: str, default_unit: str = "") -> tuple[float | int | None, str]:
    """(value, unit) of a step time; (None, "") when it cannot be read. A bare number takes
    `default_unit` (a column headed "Thời gian thực hiện (ngày làm việc)")."""
    folded = fold(nfc(text or "")).strip().rstrip(".;")
    if not folded:
        return None, ""
    if folded in _OFFICE_HOURS:
        return 0, "hanh_chinh"
    written = _WRITTEN_NUMBER_RE.match(folded)
    if written:
        folded = f"{written.group(1)} {written.group(2)}"
    match = _TIME_RE.match(folded)
    if not match:
        return None, ""
    value = Fraction(match.group(1).replace(",", "."))
    if match.group(2):
        if int(match.group(2)) == 0:
            return None, ""
        value /= int(match.group(2))
    rest = match.group(3).strip()
    unit = ""
    for key, pattern in _UNITS:
        if re.match(pattern, rest):
            unit = key
            break
    if not unit:
        if rest and not rest.startswith(("ngay", "gio")) and rest.split()[0] not in ("lam", "(ngay"):
            return None, ""
        unit = default_unit
        if not unit:
            return None, ""
    if unit == "phut":
        value, unit = value / 60, "gio"
    return _number(value), unit


def _number(value: Fraction) -> float | int:
    return int(value) if value.denominator == 1 else round(float(value), 6)


def as_days(value: float | int | None, unit: str) -> Fraction | None:
    """A step or limit quantity in working days (hours / 8); None when it is not a duration we can add."""
    if value is None:
        return None
    exact = _exact(value)
    if unit in ("ngay_lam_viec", "ngay"):
        return exact
    if unit == "gio":
        return exact / HOURS_PER_DAY
    if unit == "hanh_chinh":
        return Fraction(0)
    return None


@lru_cache(maxsize=1024)
def _exact(value: float | int) -> Fraction:
    return Fraction(str(value)).limit_denominator(10_000)


def format_number(value: Fraction | float | int) -> str:
    """Vietnamese decimal comma, no trailing zeros: 0.25 → "0,25", 2 → "2", 1/3 → "0,33"."""
    value = Fraction(str(value)) if not isinstance(value, Fraction) else value
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.2f}".rstrip("0").rstrip(".").replace(".", ",")


def step_time_text(step: dict[str, Any]) -> str:
    """How a step's time reads: the verbatim text, else the parsed quantity."""
    if step.get("time"):
        return step["time"]
    if step.get("time_value") is None:
        return ""
    if step.get("time_unit") == "hanh_chinh":
        return "Giờ hành chính"
    return f"{format_number(step['time_value'])} {STEP_TIME_UNITS.get(step.get('time_unit') or '', '')}".strip()


# --- shape ----------------------------------------------------------------------------------------
def normalize_step(step: dict[str, Any] | str) -> dict[str, Any]:
    if isinstance(step, str):
        step = {"work": step}
    out: dict[str, Any] = {
        "order": "",
        "work": "",
        "unit": "",
        "time": "",
        "time_value": None,
        "time_unit": "",
        "product": "",
        "linked": False,
    }
    out.update({k: v for k, v in nfc(step).items() if k in STEP_KEYS})
    for key in ("order", "work", "unit", "time", "product", "time_unit"):
        out[key] = "" if out[key] is None else str(out[key])
    out["linked"] = bool(out["linked"])
    if out["time_value"] is None and out["time"]:
        out["time_value"], out["time_unit"] = parse_step_time(out["time"])
    elif isinstance(out["time_value"], str):  # "0,25" typed in a form or a sheet cell
        out["time_value"], unit = parse_step_time(out["time_value"], out["time_unit"] or "ngay_lam_viec")
        out["time_unit"] = out["time_unit"] or unit
    return out


def normalize_process(process: Any) -> dict[str, Any] | None:
    """The canonical process, or None when nothing is recorded (no code, no step)."""
    if not process or not isinstance(process, dict):
        return None
    process = nfc(process)
    cases = []
    for case in process.get("cases") or []:
        if not isinstance(case, dict):
            continue
        cases.append(
            {
                "case": str(case.get("case") or ""),
                "channel": str(case.get("channel") or ""),
                "total": str(case.get("total") or ""),
                "steps": [normalize_step(s) for s in case.get("steps") or []],
            }
        )
    if process.get("steps"):  # shorthand: one case given as top-level steps
        cases.insert(
            0, {"case": "", "channel": "", "total": "", "steps": [normalize_step(s) for s in process["steps"]]}
        )
    code = str(process.get("code") or "").strip()
    if not code and not any(c["steps"] for c in cases):
        return None
    return {"code": code, "cases": cases}


# --- the time check -------------------------------------------------------------------------------
@dataclass
class TimeCheck:
    """One case of a process against the legal time limit of its channel."""

    case: str
    channel: str  # the channel whose legal limit was used ("" = the record's general limit)
    terms: list[str]  # each step's time as added, e.g. "0,25", "4 giờ = 0,5"
    total_days: str | None  # Vietnamese number of working days, None when nothing could be added
    limit_days: str | None
    limit_text: str
    unread: list[str]  # steps whose time could not be read (not in the sum)
    status: str  # "ok", "over", "unknown"
    message: str  # the whole sentence, in Vietnamese

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _limit_for(record: dict[str, Any], channel: str, with_text: bool = True) -> tuple[Fraction | None, str, str]:
    """(limit in working days, its text, the channel used) for the case's channel; without a channel,
    the strictest limit among the channels (a process meant for every channel must fit each)."""
    candidates = []
    for method in record.get("methods") or []:
        days = as_days(method.get("time_limit_value"), method.get("time_limit_unit") or "")
        if days is None or (channel and method.get("channel") != channel):
            continue
        label = CHANNELS.get(method.get("channel") or "", "")
        text = (
            f"{format_number(method['time_limit_value'])} {_unit_label(method.get('time_limit_unit'))}"
            if with_text
            else ""
        )
        candidates.append((days, text, method.get("channel") or "", label))
    if not candidates:
        value, unit = parse_time_limit(record.get("time_limit") or "")
        days = as_days(value, unit)
        if days is not None and value is not None:
            return days, f"{format_number(value)} {_unit_label(unit)}", ""
        return None, "", channel
    days, text, key, _ = min(candidates, key=lambda c: c[0])
    return days, text, key


def _unit_label(unit: str | None) -> str:
    return TIME_UNITS.get(unit or "", unit or "")


def check_case_time(record: dict[str, Any], process: dict[str, Any], case: dict[str, Any]) -> TimeCheck:
    terms, unread, total = [], [], Fraction(0)
    for number, step in enumerate(case["steps"], start=1):
        name = step.get("order") or f"Bước {number}"
        days = as_days(step.get("time_value"), step.get("time_unit") or "")
        if days is None:
            if (step.get("time") or "").strip():
                unread.append(f"{name}: «{step['time']}»")
            continue
        total += days
        # Every term in working days, an hour count showing what it is worth: "4 giờ (0,5 ngày)".
        if step.get("time_unit") == "gio":
            terms.append(f"{format_number(step['time_value'])} giờ ({format_number(days)} ngày)")
        elif step.get("time_unit") == "hanh_chinh":
            terms.append("trong giờ hành chính (0 ngày)")
        else:
            terms.append(f"{format_number(days)} ngày")
    limit, limit_text, channel = _limit_for(record, case.get("channel") or "")
    where = f"Quy trình {process.get('code') or 'nội bộ'}" + (f" ({case['case']})" if case.get("case") else "")
    sum_text = (
        (" + ".join(terms) + f" = {format_number(total)} ngày làm việc") if terms else "chưa có bước nào ghi thời gian"
    )
    channel_text = f" – {CHANNELS.get(channel, channel)}" if channel else ""
    tail = f" Chưa tính {len(unread)} bước không đọc được thời gian: {'; '.join(unread)}." if unread else ""
    if limit is None:
        status = "unknown"
        message = (
            f"{where}: tổng thời gian các bước {sum_text}; không so được với thời hạn giải quyết vì "
            f"thời hạn chưa ghi bằng số ngày hoặc giờ.{tail}"
        )
    elif not terms:
        status = "unknown"
        message = f"{where}: {sum_text}; thời hạn giải quyết theo quy định là {limit_text}{channel_text}.{tail}"
    elif total > limit:
        status = "over"
        message = (
            f"{where}: tổng thời gian các bước {sum_text}, vượt thời hạn giải quyết theo quy định "
            f"{limit_text}{channel_text} ({format_number(limit)} ngày làm việc) là "
            f"{format_number(total - limit)} ngày làm việc.{tail}"
        )
    else:
        status = "ok"
        message = (
            f"{where}: tổng thời gian các bước {sum_text} ≤ thời hạn giải quyết theo quy định "
            f"{limit_text}{channel_text} ({format_number(limit)} ngày làm việc): đạt.{tail}"
        )
    if case.get("total"):
        stated = as_days(*parse_step_time(case["total"], "ngay_lam_viec"))
        if stated is not None and terms and stated != total:
            message += (
                f" Dòng tổng cộng ghi «{case['total']}» ({format_number(stated)} ngày làm việc), khác tổng các bước."
            )
    return TimeCheck(
        case.get("case") or "",
        channel,
        terms,
        format_number(total) if terms else None,
        format_number(limit) if limit is not None else None,
        limit_text,
        unread,
        status,
        message,
    )


def check_process_time(record: dict[str, Any], *, normalized: bool = False) -> list[TimeCheck]:
    """One TimeCheck per case of the record's process (none when no process is recorded).
    `normalized`: the process is already canonical (a stored version), so it is not normalised again."""
    process = record.get("process") if normalized else normalize_process(record.get("process"))
    if process is None:
        return []
    return [check_case_time(record, process, case) for case in process["cases"] if case["steps"]]


def exceeds_time_limit(record: dict[str, Any], *, normalized: bool = False) -> bool:
    """Whether any case of the process sums to more than its legal limit: the time check without its
    sentences (statistics ask it of every procedure of the province, so the sum is added in floats and
    only a sum within a hair of the limit is added again exactly)."""
    process = record.get("process") if normalized else normalize_process(record.get("process"))
    if not process:
        return False
    methods = tuple(
        (m.get("channel") or "", m.get("time_limit_value"), m.get("time_limit_unit") or "")
        for m in record.get("methods") or []
    )
    for case in process["cases"]:
        steps = [(s.get("time_value"), s.get("time_unit") or "") for s in case["steps"]]
        days = [d for d in (_days_float(*step) for step in steps) if d is not None]
        if not days:
            continue
        try:
            limit = _limit_days(methods, record.get("time_limit") or "", case.get("channel") or "")
        except TypeError:  # an unhashable limit value: compared the slow way
            limit = _limit_for(record, case.get("channel") or "", with_text=False)[0]
        if limit is None:
            continue
        total, bound = sum(days), float(limit)
        if abs(total - bound) > 1e-6:
            if total > bound:
                return True
        elif sum(d for d in (as_days(*step) for step in steps) if d is not None) > limit:
            return True
    return False


def _days_float(value: Any, unit: str) -> float | None:
    try:
        return _cached_days_float(value, unit)
    except TypeError:  # an unhashable value: not a duration
        return None


@lru_cache(maxsize=4096)
def _cached_days_float(value: Any, unit: str) -> float | None:
    days = as_days(value, unit)
    return None if days is None else float(days)


@lru_cache(maxsize=4096)
def _limit_days(methods: tuple[tuple[str, Any, str], ...], time_limit: str, channel: str) -> Fraction | None:
    record = {
        "methods": [{"channel": c, "time_limit_value": v, "time_limit_unit": u} for c, v, u in methods],
        "time_limit": time_limit,
    }
    return _limit_for(record, channel, with_text=False)[0]


def process_problems(record: dict[str, Any]) -> list:
    """Problems of the process part (tthc.records.validation.Problem): an over-long process is an
    error; a time that cannot be read, or a process that cannot be compared, a warning."""
    from ..problems import Problem

    process = normalize_process(record.get("process"))
    if process is None:
        return []
    problems = []
    if not process["code"]:
        problems.append(Problem("process.code", "Quy trình nội bộ chưa có ký hiệu (ví dụ QT.STP.01).", "warning"))
    for c, case in enumerate(process["cases"]):
        if case["channel"] not in CHANNELS:
            problems.append(Problem(f"process.cases.{c}.channel", f"Cách thức «{case['channel']}» không hợp lệ."))
        for s, step in enumerate(case["steps"]):
            if not (step["work"] or "").strip():
                problems.append(Problem(f"process.cases.{c}.steps.{s}.work", "Bước chưa ghi nội dung công việc."))
            if step["time_unit"] not in STEP_TIME_UNITS:
                problems.append(
                    Problem(
                        f"process.cases.{c}.steps.{s}.time_unit",
                        f"Đơn vị thời gian «{step['time_unit']}» không hợp lệ.",
                    )
                )
    for c, case in enumerate(process["cases"]):
        if not case["steps"]:
            continue
        check = check_case_time(record, process, case)
        severity = {"over": "error", "unknown": "warning"}.get(check.status)
        if severity is None and check.unread:
            severity = "warning"
        if severity:
            problems.append(Problem(f"process.cases.{c}", check.message, severity))
    return problems
