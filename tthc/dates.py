"""Dates the way Vietnamese administrative documents write them. No Flask: pages and PDFs share it."""

from __future__ import annotations

import datetime as dt


def vn_date(value: dt.date | dt.datetime | str | None) -> str:
    """05/03/2025; an ISO date string ("2025-03-05", as search hits carry dates) is shown the same way."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10]).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y") if value else ""


def vn_long_date(value: dt.date | None) -> str:
    """ngày 05 tháng 03 năm 2025 (Decree 30/2020: day and month below 10 zero-padded)."""
    return f"ngày {value:%d} tháng {value:%m} năm {value:%Y}" if value else ""
