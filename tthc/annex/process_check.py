"""Self-checks of an internal process as read (issue 22): what the process says about itself, so that a
table read wrong (a row split in two, two rows joined, a cell lost) is a doubt the drafter sees, never
silent. Pure functions over the `process` dict (tthc.records.process); no Flask.

- Step labels: "Bước 1…N" (or "B1", "1", a stage's "A …, 1") run without a gap or a repeat within each
  stage; rows of one step as printed keep its label one after another (tthc.annex.processes) and count
  as that step, so only a repeat apart, a gap, or a step without a label among labelled ones is a doubt.
- Times: the steps' sum (working days; 1 day = 8 hours) equals the total the case states ("Tổng thời
  gian: 05 ngày làm việc"), and is not above the procedure's own time limit when it is known (the
  largest duration its text gives); a step without a time where others have one is a doubt ("Không
  tính thời gian" is a time: none).
- A step with no work, or with no unit (actor) where others have one, is a doubt.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from ..records.process import as_days, format_number, parse_step_time
from ..text import fold

_LABEL_RE = re.compile(r"^(.*?)(\d+)\W*$", re.DOTALL)
_DURATION_RE = re.compile(r"(\d+(?:[.,]\d+)?(?:\s*/\s*\d+)?)\s*(ngay(?:\s+lam\s+viec)?|gio(?:\s+lam\s+viec)?|phut)\b")
_NO_TIME = ("khong tinh", "khong quy dinh thoi gian")


def _label(order: str) -> tuple[str, int] | None:
    """(stage, number) of a step label: "Bước 3" → ("", 3); "B3" → ("", 3); "A Các bước chuẩn bị, 2" →
    ("a cac buoc chuan bi", 2); None for a label without a number."""
    match = _LABEL_RE.match(fold(order or "").strip())
    if not match:
        return None
    stage = re.sub(r"(?:\bbuoc|\bb)\s*$", "", match.group(1).strip()).strip(" ,.:;-–")
    return stage, int(match.group(2))


def _groups(steps: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Steps one after another under one label: the rows of one step as printed."""
    out: list[list[dict[str, Any]]] = []
    for step in steps:
        if out and step.get("order") and step.get("order") == out[-1][0].get("order"):
            out[-1].append(step)
        else:
            out.append([step])
    return out


def _durations(text: str) -> list[Fraction | None]:
    """Each duration a text gives, in order, in working days (None for one that is no addable duration)."""
    return [as_days(*parse_step_time(f"{m.group(1)} {m.group(2)}")) for m in _DURATION_RE.finditer(fold(text or ""))]


def duration_days(text: str) -> Fraction | None:
    """The first duration a text gives, in working days ("Không quá 17 ngày …" → 17; "168 giờ (tương
    đương 21 ngày)" → 21), None when it gives none."""
    found = _durations(text)
    return found[0] if found else None


def limit_days(time_limit: str) -> Fraction | None:
    """The largest duration a procedure's time limit gives, in working days (several cases may give
    several: the process of any case must fit the largest)."""
    days = [d for d in _durations(time_limit) if d is not None]
    return max(days) if days else None


def _step_days(step: dict[str, Any]) -> Fraction | None:
    days = as_days(step.get("time_value"), step.get("time_unit") or "")
    if days is None and any(words in fold(step.get("time") or "") for words in _NO_TIME):
        return Fraction(0)  # "Không tính thời gian": a time, none
    return days


def _name(step: dict[str, Any], index: int) -> str:
    return f"«{step['order']}»" if step.get("order") else f"dòng bước thứ {index + 1}"


def _label_doubts(steps: list[dict[str, Any]]) -> list[str]:
    groups = _groups(steps)
    labels = [_label(g[0].get("order") or "") for g in groups]
    out = []
    if any(labels) and not all(labels):
        unlabelled = [_name(g[0], i) for i, (g, lab) in enumerate(zip(groups, labels, strict=True)) if lab is None]
        out.append(f"bước không có số thứ tự giữa các bước có số: {', '.join(unlabelled)}")
    by_stage: dict[str, list[int]] = {}
    for label in labels:
        if label is not None:
            by_stage.setdefault(label[0], []).append(label[1])
    for numbers in by_stage.values():
        repeated = sorted({n for n in numbers if numbers.count(n) > 1})
        missing = [n for n in range(1, max(numbers) + 1) if n not in numbers]
        if repeated:
            out.append("số bước lặp lại: " + ", ".join(f"Bước {n}" for n in repeated))
        if missing:
            out.append("thiếu số bước: " + ", ".join(f"Bước {n}" for n in missing))
        elif not repeated and numbers != sorted(numbers):
            out.append("các bước không theo thứ tự số")
    return out


def _cell_doubts(steps: list[dict[str, Any]]) -> list[str]:
    groups = _groups(steps)
    out = []
    timed = [any(_step_days(s) is not None for s in g) for g in groups]
    if any(timed):
        untimed = [_name(g[0], steps.index(g[0])) for g, t in zip(groups, timed, strict=True) if not t]
        if untimed:
            out.append(f"bước không có thời gian (các bước khác có): {', '.join(untimed)}")
    no_work = [_name(g[0], steps.index(g[0])) for g in groups if not any((s.get("work") or "").strip() for s in g)]
    if no_work:
        out.append(f"bước không có nội dung công việc: {', '.join(no_work)}")
    with_unit = [any((s.get("unit") or "").strip() for s in g) for g in groups]
    if any(with_unit):
        no_unit = [_name(g[0], steps.index(g[0])) for g, u in zip(groups, with_unit, strict=True) if not u]
        if no_unit:
            out.append(f"bước không có đơn vị/người thực hiện: {', '.join(no_unit)}")
    return out


def _time_doubts(case: dict[str, Any], limit: Fraction | None, limit_text: str) -> list[str]:
    days = [d for d in (_step_days(s) for s in case["steps"]) if d is not None]
    if not days:
        return []
    total = sum(days, Fraction(0))
    out = []
    stated = duration_days(case.get("total") or "")
    if stated is not None and stated != total:
        out.append(
            f"tổng thời gian các bước là {format_number(total)} ngày làm việc, khác tổng đã ghi "
            f"«{case['total']}» ({format_number(stated)} ngày làm việc)"
        )
    if limit is not None and total > limit:
        out.append(
            f"tổng thời gian các bước là {format_number(total)} ngày làm việc, vượt thời hạn giải quyết "
            f"«{limit_text}» ({format_number(limit)} ngày làm việc)"
        )
    return out


def process_doubts(process: dict[str, Any] | None, *, time_limit: str = "") -> list[dict[str, Any]]:
    """The doubts of a process as read, one per case that has any: [{"case": index, "label": the case's
    name or "", "doubts": [Vietnamese sentences]}]. `time_limit`: the procedure's time limit as
    written, when the process belongs to a known entry."""
    if not process:
        return []
    limit = limit_days(time_limit)
    out = []
    for index, case in enumerate(process.get("cases") or []):
        steps = case.get("steps") or []
        if not steps:
            continue
        doubts = [*_label_doubts(steps), *_cell_doubts(steps), *_time_doubts(case, limit, time_limit)]
        if doubts:
            out.append({"case": index, "label": case.get("case") or "", "doubts": doubts})
    return out


def process_doubt_text(code: str, process: dict[str, Any], found: dict[str, Any]) -> str:
    """One sentence for one case's doubts: "Quy trình nội bộ QT.01 của thủ tục 1.001193 (Trường hợp …):
    thiếu số bước: Bước 3; …"."""
    where = f"Quy trình nội bộ {process.get('code') or ''}".rstrip()
    where += f" của thủ tục {code}" if code else ""
    where += f" ({found['label']})" if found["label"] else ""
    return f"{where}: {'; '.join(found['doubts'])}."


def entry_process_doubts(entry: Any) -> list[str]:
    """The doubts of an entry's process as sentences (a previewed entry, a record, or {"process": …}),
    compared with its own time limit when it has one: what the preview shows under the process."""
    process = entry.get("process") if hasattr(entry, "get") else None
    if not process:
        return []
    code = entry.get("code") or entry.get("localised_code") or ""
    time_limit = entry.get("time_limit") if isinstance(entry.get("time_limit"), str) else ""
    return [process_doubt_text(code, process, found) for found in process_doubts(process, time_limit=time_limit)]
