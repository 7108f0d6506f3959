"""Record validation: every problem at once, each naming its field, in Vietnamese."""

from __future__ import annotations

from typing import Any

from ..problems import Problem
from .process import process_problems
from .schema import CHANNELS, FIELD_LABELS, LEVELS, ONLINE_LEVELS, TIME_UNITS


def _blank(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return not value


def validate_record(record: dict[str, Any]) -> list[Problem]:  # noqa: C901
    """Problems of one normalised record (see tthc.records.normalize_record)."""
    problems: list[Problem] = []

    def missing(field: str) -> None:
        label = FIELD_LABELS.get(field, field)
        problems.append(Problem(field, f"Thiếu «{label}» (bắt buộc theo Điều 8 Nghị định 63/2010/NĐ-CP)."))

    for field in ("name", "applicants"):
        if _blank(record.get(field)):
            missing(field)
    if not [s for s in record.get("steps", []) if not _blank(s)]:
        missing("steps")
    if not record.get("methods"):
        missing("methods")
    if not any(case.get("documents") for case in record.get("dossier", [])):
        missing("dossier")
    if not [a for a in record.get("agencies", {}).get("executing", []) if not _blank(a)]:
        missing("agencies.executing")

    if record.get("level", "") not in LEVELS:
        problems.append(Problem("level", f"Cấp thực hiện «{record['level']}» không hợp lệ."))
    if record.get("online_level", "") not in ONLINE_LEVELS:
        problems.append(
            Problem("online_level", f"Mức dịch vụ công trực tuyến «{record['online_level']}» không hợp lệ.")
        )

    seen_channels: set[str] = set()
    for i, method in enumerate(record.get("methods", [])):
        where = f"methods.{i}"
        channel = method.get("channel", "")
        if channel not in CHANNELS:
            problems.append(Problem(f"{where}.channel", f"Cách thức «{channel}» không hợp lệ."))
        elif channel == "":
            problems.append(
                Problem(
                    f"{where}.channel", "Chưa chọn cách thức thực hiện (trực tiếp, trực tuyến, bưu chính).", "warning"
                )
            )
        elif channel in seen_channels:
            problems.append(Problem(f"{where}.channel", f"Cách thức «{CHANNELS[channel]}» được khai hai lần."))
        seen_channels.add(channel)
        if _blank(method.get("time_limit")) and method.get("time_limit_value") is None:
            problems.append(
                Problem(
                    f"{where}.time_limit",
                    f"Thiếu thời hạn giải quyết cho cách thức «{CHANNELS.get(channel, channel)}».",
                )
            )
        if method.get("time_limit_value") is not None and not method.get("time_limit_unit"):
            problems.append(
                Problem(f"{where}.time_limit_unit", "Thời hạn giải quyết chưa có đơn vị (ngày, ngày làm việc, giờ...).")
            )
        if method.get("time_limit_unit", "") not in TIME_UNITS:
            problems.append(
                Problem(f"{where}.time_limit_unit", f"Đơn vị thời hạn «{method['time_limit_unit']}» không hợp lệ.")
            )

    for c, case in enumerate(record.get("dossier", [])):
        for d, document in enumerate(case.get("documents", [])):
            where = f"dossier.{c}.documents.{d}"
            if _blank(document.get("name")):
                problems.append(Problem(f"{where}.name", "Giấy tờ trong hồ sơ chưa có tên."))
            for count in ("originals", "copies"):
                value = document.get(count)
                if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                    label = "bản chính" if count == "originals" else "bản sao"
                    problems.append(Problem(f"{where}.{count}", f"Số {label} phải là số nguyên không âm."))
    problems += process_problems(record)
    return problems
