"""The list tables of a list-type decision (danh mục) written in Word → listed / delisted entries.

A list-type decision ("Ban hành danh mục TTHC … tiếp nhận và giải quyết tại chỗ", "… trực tuyến toàn
trình", "… thực hiện không phụ thuộc vào địa giới hành chính", "… qua dịch vụ bưu chính công ích")
changes where and how procedures are received, not their content. Its annex tables are procedure lists
(the Word reader reads their rows as usual); this module turns each row into the entries of the
`kind: "danh_muc"` format (tthc.catalogue.designations): which designations (the row's tick columns —
"Toàn trình | Một phần", "Bưu chính công ích", "Tại chỗ", "Phi địa giới" — else the heading just above
the table, else the decision's title), at which centres (a column or the title naming the provincial or
commune centre; a group row naming one centre, or "Các Trung tâm … cấp xã"; else the row's level),
listed or delisted (a heading, group row or note saying "bãi bỏ", "đưa ra khỏi danh mục"). No Flask.
"""

from __future__ import annotations

import re
from typing import Any

from ..models.catalogue import DesignationAction
from ..models.decisions import EntryAction
from ..text import fold

# (pattern on folded text, designation): what a title, heading or column header designates.
_DESIGNATION_WORDS: list[tuple[str, str]] = [
    (r"tai cho", "on_the_spot"),
    (r"toan trinh", "online_full"),
    (r"mot phan", "online_partial"),
    (r"buu chinh|bcci", "postal"),
    (r"(khong phu thuoc|phi)\s+(vao\s+)?dia gioi", "non_territorial"),
]
_RECEIVED_RE = re.compile(r"tiep nhan|diem tiep nhan|noi tiep nhan|trung tam phuc vu")
_TICKS = {"x", "✓", "✔", "v", "co", "có"}
_DELISTED_RE = re.compile(r"bai bo|huy bo|dua ra khoi|loai khoi|khong con|rut khoi|bai bo khoi")
_LEVEL_KINDS = {"tinh": "tinh", "xa": "xa", "huyen": "xa"}
_CENTRE_RE = re.compile(r"trung tam|bo phan (tiep nhan|mot cua)|diem tiep nhan|noi tiep nhan")
_GROUP_LETTER_RE = re.compile(r"^\s*(?:[A-ZĐ]|[IVX]{1,4}|\d{1,2})[.)]\s+")


def designations_in(text: str) -> list[str]:
    """The designations a title, heading or header names, in a stable order."""
    folded = fold(text or "")
    found = [name for pattern, name in _DESIGNATION_WORDS if re.search(pattern, folded)]
    if "online_full" not in found and "online_partial" not in found and re.search(r"truc tuyen", folded) and not found:
        found.append("online_full" if "toan trinh" in folded else "online_partial")
    return found


def is_list_title(title: str) -> bool:
    """A list-type decision's title: a list of procedures with a designation, not an announcement of
    new, amended or abolished procedures (whose annex may also list on-the-spot procedures)."""
    folded = fold(title or "")
    if "danh muc" not in folded or "quy trinh noi bo" in folded:
        return False
    if re.search(r"moi ban hanh|sua doi|bo sung|thay the|bai bo", folded):
        return False
    return bool(designations_in(folded)) or bool(re.search(r"tiep nhan (va tra ket qua )?tai", folded))


def _point_kind(text: str) -> str:
    folded = fold(text or "")
    if re.search(r"cap xa|cap phuong|\bxa\b|phuong", folded):
        return "xa"
    if re.search(r"cap tinh|\btinh\b|thanh pho", folded):
        return "tinh"
    return ""


def _group_place(group: str) -> tuple[str, str] | None:
    """A group row naming where the rows below are received: ("point_kind", "tinh"|"xa") for "Các Trung
    tâm Phục vụ hành chính công cấp xã", ("service_point", name) for one centre or point by name."""
    text = _GROUP_LETTER_RE.sub("", group or "").strip()
    folded = fold(text)
    if not _CENTRE_RE.search(folded):
        return None
    if folded.startswith("cac ") and _point_kind(text):
        return "point_kind", _point_kind(text)
    return "service_point", text


def _ticked(text: str) -> bool:
    return fold(text or "").strip(" .") in _TICKS


def _delisted(entry: Any) -> bool:
    """Delisted when the row's note or the heading / group row above it says so; the annex title of a
    list decision (read from its first paragraphs, which may run into a later section) does not count."""
    if _DELISTED_RE.search(fold(entry.note or "")):
        return True
    said = [m["text"] for m in entry.marks if m["column"] == "action" and m["kind"] == "assumption"]
    return entry.values.get("action") == EntryAction.ABOLISHED and any("tiêu đề «" in text for text in said)


def listing_of(entry: Any, title: str) -> list[dict[str, Any]]:
    """The list entries of one parsed row (tthc.annex.word_decision.ParsedEntry): one per centre level."""
    designations: list[str] = []
    kinds: list[str] = []
    for label, text in entry.cells:
        if not text.strip():
            continue
        named = designations_in(label)
        if named and _ticked(text):
            designations.extend(named)
        elif named or re.search(r"truc tuyen|dvc|muc do", fold(label)):
            designations.extend(designations_in(text))  # "Mức độ DVC: Toàn trình"
        if _ticked(text) and _RECEIVED_RE.search(fold(label)) and _point_kind(label):
            kinds.append(_point_kind(label))  # "Điểm tiếp nhận / Trung tâm PVHCC cấp xã": X
    for text in (getattr(entry, "heading", ""), title):  # the table's own heading, else the decision's title
        if not designations:
            designations = designations_in(text) or (["received"] if _RECEIVED_RE.search(fold(text)) else [])
    place = _group_place(getattr(entry, "group", "")) if not kinds else None
    if place is not None and place[0] == "point_kind":
        kinds = [place[1]]
    if not kinds:
        kinds = [_point_kind(title) or _LEVEL_KINDS.get(entry.values.get("level") or "", "")]
    action = DesignationAction.DELISTED if _delisted(entry) else DesignationAction.LISTED
    out = []
    for kind in dict.fromkeys(kinds):
        listing = {
            "action": action,
            "code": entry.values.get("code") or "",
            "name": entry.values.get("name") or "",
            "designations": list(dict.fromkeys(designations)),
            "point_kind": kind,
            "annex_source": {"table": entry.table, "row": entry.row},
        }
        if place is not None and place[0] == "service_point":  # one named centre: no level-wide entry
            listing.update(service_point=place[1], point_kind="")
        out.append(listing)
    return out


def read_listings(entries: list[Any], title: str) -> tuple[list[dict[str, Any]], list[str]]:
    """(list entries, doubts) for the rows of a list-type decision's annex. A row without a code, a
    designation or a centre level is a doubt the drafter settles in the preview."""
    listings, doubts = [], []
    for entry in entries:
        for listing in listing_of(entry, title):
            where = f"Bảng {entry.table}, dòng {entry.row}"
            if not listing["code"]:
                doubts.append(f"{where}: thiếu mã thủ tục; mục danh mục này bị bỏ qua.")
                continue
            if not listing["designations"]:
                doubts.append(f"{where}: không rõ danh mục (tại chỗ, trực tuyến, bưu chính…); cần chọn.")
            if not listing["point_kind"] and not listing.get("service_point"):
                doubts.append(f"{where}: không rõ cấp của Trung tâm tiếp nhận; cần chọn.")
            listings.append(listing)
    return listings, doubts
