"""The statistics as an Excel report (openpyxl), with native charts: on-the-spot share per centre
against the plan's target, and the online share over time. Each figure sheet ends with the list of
procedures behind it on the sheet "Danh sách"."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Font, PatternFill
from sqlalchemy.orm import Session

from ..catalogue.queries import catalogue_rows
from ..records import LEVELS
from ..security import neutralise_workbook

_BOLD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="DDE7F3")
KIND_LABELS = {"tinh": "Trung tâm cấp tỉnh", "xa": "Trung tâm cấp xã"}


def _sheet(book: Workbook, title: str, headers: list[str]):
    sheet = book.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill = _BOLD, _FILL
    for column, header in zip("ABCDEFGHIJKL", headers, strict=False):
        sheet.column_dimensions[column].width = max(14, min(60, len(header) + 4))
    return sheet


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def stats_report(session: Session, stats: dict[str, Any]) -> bytes:
    """The workbook of the figures, the names of the procedures behind them read on their date (light
    rows, no records): what the web and the CLI both send."""
    day = dt.date.fromisoformat(stats["date"])
    return stats_workbook(stats, {row.code: row.name for row in catalogue_rows(session, day)})


def stats_workbook(stats: dict[str, Any], names: dict[str, str] | None = None) -> bytes:
    """The report's sheets, in order: the summary, the three groupings, on-the-spot settlement, online
    share over time, decisions by quarter, and the list of procedures behind each figure."""
    book = Workbook()
    _summary_sheet(book, stats)
    for title, key in GROUP_SHEETS:
        _group_sheet(book, title, stats[key], levels=key == "by_level")
    _on_the_spot_sheet(book, stats["on_the_spot"]["centres"])
    _online_history_sheet(book, stats["online_history"])
    _decisions_sheet(book, stats["decisions"])
    _lists_sheet(book, stats.get("lists") or {}, names or {})
    buffer = io.BytesIO()
    neutralise_workbook(book).save(buffer)  # names and labels come from the catalogue: never a formula
    return buffer.getvalue()


GROUP_SHEETS = (("Theo cấp", "by_level"), ("Theo lĩnh vực", "by_sector"), ("Theo cơ quan", "by_agency"))


def _summary_sheet(book: Workbook, stats: dict[str, Any]) -> None:
    """ "Tổng hợp" (the workbook's first sheet): each headline figure with its share."""
    summary = book.active
    summary.title = "Tổng hợp"
    summary.append([f"Thống kê thủ tục hành chính ngày {stats['date']}"])
    summary["A1"].font = Font(bold=True, size=13)
    online, processes, nt = stats["online"], stats["processes"], stats["non_territorial"]
    for row in (
        ("Thủ tục đang có hiệu lực", stats["total"], ""),
        ("Trực tuyến toàn trình", online["full"], _pct(online["full_share"])),
        ("Trực tuyến một phần", online["partial"], _pct(online["partial_share"])),
        ("Phi địa giới hành chính", nt["count"], _pct(nt["share"])),
        ("Chưa có quy trình nội bộ", processes["missing"], ""),
        ("Quy trình vượt thời hạn giải quyết", processes["over_time_limit"], ""),
    ):
        summary.append(list(row))
    summary.insert_rows(2)
    summary["A2"], summary["B2"], summary["C2"] = "Chỉ tiêu", "Số thủ tục", "Tỷ lệ (%)"
    for cell in summary[2]:
        cell.font, cell.fill = _BOLD, _FILL
    summary.column_dimensions["A"].width = 40


def _group_sheet(book: Workbook, title: str, items: list[dict[str, Any]], *, levels: bool) -> None:
    """Procedures counted by level, sector or agency (a level is named as the records name it)."""
    sheet = _sheet(book, title, ["Nhóm", "Số thủ tục"])
    for item in items:
        sheet.append([LEVELS.get(item["value"], item["label"]) if levels else item["label"], item["count"]])
    sheet.column_dimensions["A"].width = 60


def _on_the_spot_sheet(book: Workbook, centres_stats: list[dict[str, Any]]) -> None:
    """ "Giải quyết tại chỗ": each centre's share against the plan's target, with its bar chart."""
    centres = _sheet(
        book,
        "Giải quyết tại chỗ",
        ["Trung tâm", "Cấp", "Tiếp nhận", "Giải quyết tại chỗ", "Tỷ lệ (%)", "Chỉ tiêu (%)", "Đánh giá", "Lưu ý"],
    )
    centres.column_dimensions["A"].width = 50
    for c in centres_stats:
        centres.append(
            [
                c["name"],
                KIND_LABELS.get(c["kind"], c["kind"]),
                c["received"],
                c["on_the_spot"],
                _pct(c["share"]),  # blank when the centre receives nothing (no share), never 0
                _pct(c["target"]),
                "Đạt" if c["met"] else "Chưa đạt",
                c.get("note") or "",  # a zero is never left unexplained
            ]
        )
    rows = len(centres_stats)
    if rows:
        bars = BarChart()
        bars.title = "Tỷ lệ giải quyết tại chỗ so với chỉ tiêu"
        bars.y_axis.title = "%"
        bars.add_data(Reference(centres, min_col=5, min_row=1, max_row=rows + 1), titles_from_data=True)
        bars.set_categories(Reference(centres, min_col=1, min_row=2, max_row=rows + 1))
        target = LineChart()
        target.add_data(Reference(centres, min_col=6, min_row=1, max_row=rows + 1), titles_from_data=True)
        bars += target  # the target drawn as a line over the bars
        bars.width, bars.height = 20, 9
        centres.add_chart(bars, "I2")


def _online_history_sheet(book: Workbook, points: list[dict[str, Any]]) -> None:
    """ "Trực tuyến theo thời gian": the online shares on each date, with their line chart."""
    history = _sheet(book, "Trực tuyến theo thời gian", ["Ngày", "Thủ tục", "Toàn trình (%)", "Một phần (%)"])
    for point in points:
        history.append(
            [point["date"], point["total"], _pct(point["full_share"]) or 0, _pct(point["partial_share"]) or 0]
        )
    if points:
        line = LineChart()
        line.title = "Tỷ lệ dịch vụ công trực tuyến"
        line.y_axis.title = "%"
        count = len(points)
        line.add_data(Reference(history, min_col=3, max_col=4, min_row=1, max_row=count + 1), titles_from_data=True)
        line.set_categories(Reference(history, min_col=1, min_row=2, max_row=count + 1))
        line.width, line.height = 20, 9
        history.add_chart(line, "F2")


def _decisions_sheet(book: Workbook, decisions: dict[str, Any]) -> None:
    """ "Quyết định theo quý": the quarters, then each decision, then each list decision (danh mục)."""
    quarters = _sheet(
        book,
        "Quyết định theo quý",
        [
            "Quý",
            "Số quyết định",
            "Quyết định danh mục",
            "Mục danh mục",
            "Mới ban hành",
            "Sửa đổi, bổ sung",
            "Thay thế",
            "Bãi bỏ",
            "Số ngày từ ký đến hiệu lực (TB)",
            "Ít nhất",
            "Nhiều nhất",
        ],
    )
    for q in decisions["quarters"]:
        quarters.append(
            [
                q["quarter"],
                q["decisions"],
                q["list_decisions"],
                q["list_entries"],
                q["new"],
                q["amended"],
                q["replaced"],
                q["abolished"],
                q["days_mean"],
                q["days_min"],
                q["days_max"],
            ]
        )
    quarters.append([])
    quarters.append(["Quyết định", "Ngày ký", "Ngày hiệu lực", "Số ngày", "Mới", "Sửa đổi", "Thay thế", "Bãi bỏ"])
    for d in decisions["decisions"]:
        quarters.append(
            [
                d["number"],
                d["signed_date"],
                d["effective_date"],
                d["days_to_effect"],
                d["new"],
                d["amended"],
                d["replaced"],
                d["abolished"],
            ]
        )

    quarters.append([])
    quarters.append(["Quyết định danh mục", "Ngày ký", "Ngày hiệu lực", "Số ngày", "Số mục"])
    for d in decisions.get("list_decisions", []):
        quarters.append([d["number"], d["signed_date"], d["effective_date"], d["days_to_effect"], d["entries"]])


def _lists_sheet(book: Workbook, lists_by_figure: dict[str, list[str]], names: dict[str, str]) -> None:
    """ "Danh sách": the procedures behind each figure, by code and name."""
    lists = _sheet(book, "Danh sách", ["Chỉ tiêu", "Mã TTHC", "Tên thủ tục"])
    lists.column_dimensions["C"].width = 80
    for key, codes in lists_by_figure.items():
        for code in codes:
            lists.append([key, code, names.get(code, "")])
