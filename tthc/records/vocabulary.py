"""Words of the record that the schema, the flat format and the process part all need: channel and
time-unit labels, and reading a time limit as written ("14 ngày làm việc …"). A leaf module, so those
three can share it without importing each other."""

from __future__ import annotations

import re

from ..text import fold

CHANNELS = {
    "truc_tiep": "Trực tiếp",
    "truc_tuyen": "Trực tuyến",
    "buu_chinh": "Dịch vụ bưu chính",
    "": "Chưa rõ cách thức",
}
TIME_UNITS = {
    "ngay_lam_viec": "ngày làm việc",
    "ngay": "ngày",
    "gio": "giờ",
    "thang": "tháng",
    "nam": "năm",
    "": "",
}

_UNIT_PATTERNS = [  # longest first: "ngày làm việc" before "ngày"
    ("ngay_lam_viec", r"ngay lam viec"),
    ("ngay", r"ngay"),
    ("gio", r"gio"),
    ("thang", r"thang"),
    ("nam", r"nam"),
]
_TIME_RE = re.compile(r"^\s*(?:trong\s+(?:thoi\s+han\s+)?)?(\d+(?:[.,]\d+)?)\s*(.*)$")


def parse_time_limit(text: str) -> tuple[float | int | None, str]:
    """ "14 ngày làm việc từ ngày nhận..." → (14, "ngay_lam_viec"); "50 Ngày" → (50, "ngay")."""
    match = _TIME_RE.match(fold(text or ""))
    if not match:
        return None, ""
    raw = match.group(1).replace(",", ".")
    value = float(raw) if "." in raw else int(raw)
    rest = match.group(2)
    for unit, pattern in _UNIT_PATTERNS:
        if re.match(pattern + r"\b", rest):
            return value, unit
    return value, ""
