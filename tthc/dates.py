"""Dates the way Vietnamese administrative documents write them. No Flask: pages and PDFs share it."""
from __future__ import annotations

import datetime as dt


def vn_date(value: dt.date | dt.datetime | None) -> str:
    """05/03/2025."""
    return value.strftime("%d/%m/%Y") if value else ""


def vn_long_date(value: dt.date | None) -> str:
    """ngày 05 tháng 03 năm 2025 (Decree 30/2020: day and month below 10 zero-padded)."""
    return f"ngày {value:%d} tháng {value:%m} năm {value:%Y}" if value else ""
