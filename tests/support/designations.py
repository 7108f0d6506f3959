"""List-type decisions (danh mục) and linked groups as JSON records, and importing then applying them on a
date."""

from __future__ import annotations

import datetime as dt

from tthc.db import transaction
from tthc.decisions.effect import apply_due
from tthc.decisions.importing import import_decisions

PROVINCE = "Trung tâm Phục vụ hành chính công tỉnh (ví dụ)"


COMMUNE = "Trung tâm Phục vụ hành chính công xã (ví dụ)"


def list_decision(number: str, date: str, entries: list[dict], **extra) -> dict:
    return {
        "kind": "danh_muc",
        "number": number,
        "date": date,
        "issuer": "UBND tỉnh Quảng Trị",
        "title": "Ban hành danh mục thủ tục hành chính giải quyết tại chỗ, trực tuyến",
        "entries": entries,
        **extra,
    }


def import_and_apply(session_factory, *flats, today: str):
    with transaction(session_factory) as session:
        import_decisions(session, list(enumerate(flats, start=1)), signed=True)
    return apply_due(session_factory, dt.date.fromisoformat(today))


GROUP = {
    "action": "new",
    "key": "LT.01",
    "name": "Liên thông đăng ký khai tử, xóa đăng ký thường trú, trợ cấp mai táng",
    "members": [
        {"code": "1.003005", "order": 1, "agency": "UBND cấp xã"},
        {"code": "2.001255", "order": 2, "agency": "Công an cấp xã"},
        {"code": "2.002349", "order": 3, "agency": "UBND cấp xã"},
    ],
    "agencies": ["UBND cấp xã", "Công an cấp xã"],
    "time_limit": "5 ngày làm việc",
}


def group_decision(number: str, date: str, groups: list[dict]) -> dict:
    return {
        "number": number,
        "date": date,
        "issuer": "UBND tỉnh Quảng Trị",
        "title": "Công bố thủ tục hành chính liên thông",
        "entries": [],
        "linked_groups": groups,
    }
