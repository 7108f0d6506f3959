"""The annex tables of a decision read from Word: the header row's columns by meaning
(tthc.annex.word_columns), group rows setting level / sector / action for the rows under them, "Như
trên" and merged cells, then one ParsedEntry per procedure row (`AnnexReader`). No Flask."""

from __future__ import annotations

import re
from typing import Any

from ..models.decisions import EntryAction
from ..records.references import resolve_as_above
from ..text import fold
from .name_check import code_doubt, name_doubt
from .selfcheck import SelfCheck, summary_counts, total_row
from .word_columns import (
    ACT_CITE_RE,
    ACTION_WORDS,
    column_key,
    is_process_header,
    level_from_text,
    looks_like_code,
    parse_code,
    sector_from_text,
)
from .word_content import content_from_parts, label_key
from .word_decision import ENTRY_KEYS, ParsedEntry
from .word_split import _Cell

_FOOTNOTE_RE = re.compile(r"\s*\[\d{1,3}\]")
_BULLET_RE = re.compile(r"^\s*(?:[-–—+•*]|\(\d{1,2}\)|\d{1,2}[.)](?!\d))\s*")
_REPLACES_RE = re.compile(
    r"\s*\(\s*thay thế (?:thủ tục|TTHC)(?: hành chính)?(?: có)? mã(?: số)?\s*:?\s*([^)]+)\)", re.IGNORECASE
)
# Cells whose "Như trên" or merge means "same as above"; the name and the code never do.
VALUE_KEYS = ("time_limit", "place", "fee", "legal_basis", "field", "agency", "level", "channels", "note")


def action_of(text: str) -> str | None:
    """The action a heading, group row, note or title states; None when it states none or several."""
    folded = fold(text)
    found = {action for pattern, action in ACTION_WORDS if re.search(pattern, folded)}
    if "amended" in found:
        found.discard("replaced")  # "được sửa đổi, bổ sung, thay thế" is one amended list
    return found.pop() if len(found) == 1 else None


def _is_task_list(header_rows: list[list[_Cell]]) -> bool:
    """A list of delegated tasks ("NỘI DUNG NHIỆM VỤ/ỦY QUYỀN | … | DANH MỤC TTHC ĐÃ CÔNG BỐ | TÊN TTHC"):
    it cites procedures already announced, it announces none."""
    folded = fold(" ".join(c.text for row in header_rows for c in row))
    return bool(re.search(r"noi dung nhiem vu|nhiem vu\s*/\s*uy quyen", folded))


_TICK_RE = re.compile(r"^\s*[xX✓✔]\s*$")


def _ticked_levels(columns: list[tuple[str, str]], row: list[_Cell]) -> list[str] | None:
    """The levels ticked in flag columns ("Cấp thực hiện / Cấp tỉnh | … / Cấp xã" with "x"), or None when
    the table has no such columns. Several ticks: several levels (no one level)."""
    flags: list[tuple[str, _Cell]] = []
    for (_, label), cell in zip(columns, row, strict=False):
        level = level_from_text(label.split(" / ")[-1])
        if level:
            flags.append((level, cell))
    if len(flags) < 2:
        return None
    return list(dict.fromkeys(level for level, cell in flags if _TICK_RE.match(cell.text)))


def _content_in_note(note: str) -> dict[str, Any]:
    """The record parts a Ghi chú holds when it gives the procedure's content as labelled, numbered parts
    ("1. Trình tự thực hiện: …", "2. Cơ quan thực hiện TTHC: …"); {} for a remark."""
    parts: dict[str, list[str]] = {}
    unknown: dict[str, str] = {}
    current: str | None = None
    for line in (note or "").split("\n"):
        numbered = re.match(r"^\s*\d{1,2}[.)]\s*(.+)$", line)
        key, rest = label_key(numbered.group(1)) if numbered else (None, line)
        if key:
            current = key
            parts.setdefault(key, []).extend([rest] if rest.strip() else [])
        elif numbered:  # a numbered part of a label not known: kept apart, never in the part above
            current = None
            head, _, tail = numbered.group(1).partition(":")
            unknown[head.strip()] = tail.strip()
        elif current and line.strip():
            parts[current].append(line.strip())
    if not parts:
        return {}
    content, _ = content_from_parts(parts, unknown)
    return content


def _note_states_action(note: str) -> bool:
    """A Ghi chú that says what happens to the procedure ("Bãi bỏ", "Sửa đổi căn cứ pháp lý"), not one
    holding its content ("1. Trình tự thực hiện: …") or a long remark."""
    text = (note or "").strip()
    if not text or len(text) > 80 or "\n" in text:
        return False
    return not re.match(r"^\s*\d+[.)]\s", text)


def _numbers_the_columns(cells: list[str]) -> bool:
    """A row numbering the columns: "(1) (2) (3) …", "1 2 3 …" or "A B C …", consecutive, one per cell."""
    marks = [re.sub(r"^\((.+)\)$", r"\1", c.strip()) for c in cells]
    if len(marks) < 3:
        return False
    if all(m.isdigit() for m in marks):
        return [int(m) for m in marks] == list(range(int(marks[0]), int(marks[0]) + len(marks)))
    return all(len(m) == 1 and m.isalpha() for m in marks) and [ord(m.upper()) for m in marks] == list(
        range(ord(marks[0].upper()), ord(marks[0].upper()) + len(marks))
    )


HEADER_ROWS = 8  # the header may follow a few title rows printed inside the table


def table_header(grid: list[list[_Cell]]) -> tuple[int, list[tuple[str, str]]] | None:
    """(index of the last header row, [(key, header text)] per grid column), or None when the table
    is not a procedure list."""
    for r, row in enumerate(grid[:HEADER_ROWS]):
        if len(row) > 1 and len({c.ident for c in row}) == 1:
            continue  # a title spanning the table ("DANH MỤC THỦ TỤC HÀNH CHÍNH …", "(Kèm theo …)"), never the header
        labels = [_FOOTNOTE_RE.sub("", c.text).replace("\n", " ").strip() for c in row]
        keys = [column_key(label) for label in labels]
        if "name" not in keys and "name_code" not in keys:
            keys = _name_by_cells(grid[r + 1 :], keys)
        if "name" not in keys and "name_code" not in keys:
            continue
        last = r
        # a two-level header: the row below names sub-columns under spanning cells ("Toàn trình")
        if r + 1 < len(grid) and len({c.ident for c in row}) < len(row):
            below = grid[r + 1]
            if (
                len(below) == len(row)
                and not any(re.match(r"^\d", c.text) for c in below)
                and any(below[i].ident != row[i].ident and below[i].text for i in range(len(row)))
            ):
                for i, cell in enumerate(below):
                    if cell.ident != row[i].ident and cell.text and cell.text != labels[i]:
                        labels[i] = f"{labels[i]} / {cell.text.strip()}"
                        keys[i] = column_key(cell.text) if column_key(cell.text) != "unknown" else keys[i]
                last = r + 1
        keys = _keys_by_cells(grid[last + 1 :], keys)
        columns, taken = [], set()
        for key, label in zip(keys, labels, strict=False):
            if key in taken or key == "unknown":
                key = "unknown"  # a second column of one meaning keeps its own header in extra
            taken.add(key)
            columns.append((key, label))
        return last, columns
    return None


def _name_by_cells(rows: list[list[_Cell]], keys: list[str]) -> list[str]:
    """A list whose name column has a heading not seen yet: when a column of the row holds procedure codes
    (by its heading or its cells) next to a numbered column, the one unknown column of long text that is
    neither codes nor acts is the name."""
    if not rows or "stt" not in keys:
        return keys
    coded = "code" in keys or any(
        _share(cells, looks_like_code) >= 0.6 for cells in (_column_cells(rows, i) for i in range(len(keys))) if cells
    )
    if not coded:
        return keys
    candidates = []
    for index, key in enumerate(keys):
        cells = _column_cells(rows, index)
        if (
            key != "unknown"
            or not cells
            or _share(cells, looks_like_code) > 0
            or _share(cells, ACT_CITE_RE.search) > 0.3
        ):
            continue
        if sum(len(c) for c in cells) / len(cells) >= 20 and _share(cells, lambda c: c[:1].isupper()) >= 0.8:
            candidates.append(index)
    if len(set(candidates)) != 1:
        return keys  # none, or several: never guessed
    named = list(keys)
    named[candidates[0]] = "name"
    return named


def _column_cells(rows: list[list[_Cell]], index: int) -> list[str]:
    """The distinct non-empty cells of one column under the header (spanning group rows left out)."""
    out = []
    for row in rows:
        if index < len(row) and len({c.ident for c in row}) > 2:
            text = _clean(row[index].text)
            if text and fold(text) not in ("nhu tren", "nt"):
                out.append(text)
    return out


def _keys_by_cells(rows: list[list[_Cell]], keys: list[str]) -> list[str]:
    """Columns recognised by what they hold, whatever their heading says: a column of procedure codes is
    the code column; a column of cells citing acts is the legal basis (or amending / abolishing act)."""
    keys = list(keys)
    for index, key in enumerate(keys):
        if key not in ("unknown", "code") and not (key == "note" and "legal_basis" not in keys):
            continue
        cells = _column_cells(rows, index)
        if len(cells) < 1:
            continue
        if key == "code" and not any(looks_like_code(c) for c in cells) and _share(cells, _SYMBOL_RE.match) >= 0.6:
            keys[index] = "unknown"  # "Mã số: QT.YDCT.11": a process symbol, kept in extra, not a code
        elif "code" not in keys and "name_code" not in keys and _share(cells, looks_like_code) >= 0.6:
            keys[index] = "code"
        elif key == "unknown" and "legal_basis" not in keys and _share(cells, ACT_CITE_RE.search) >= 0.6:
            keys[index] = "legal_basis"
    return keys


_SYMBOL_RE = re.compile(r"^\s*QT[.\-_]", re.IGNORECASE)


def _share(cells: list[str], test: Any) -> float:
    return sum(1 for c in cells if test(c)) / len(cells)


_GROUP_MARK_RE = re.compile(r"^(?:[A-ZĐ]|[IVXLC]{1,6})[.)]?$")


def _is_group_row(row: list[_Cell], columns: list[tuple[str, str]]) -> bool:
    """A row that heads the rows under it (level, sector, agency, action), never a procedure: one cell
    spanning the table, "III ‖ Lĩnh vực …" (a mark and a label, the other cells empty or merged), or a
    label with a letter or Roman numeral where the number goes ("A ‖ Thủ tục … cấp tỉnh ‖ ‖")."""
    texts = [c.text.strip() for c in row]
    filled = list(dict.fromkeys((c.ident, c.text.strip()) for c in row if c.text.strip()))
    if len({c.ident for c in row}) <= 2 and len(columns) >= 3:
        return True
    if not filled or len(filled) > 2:
        return False
    first = texts[0] if texts else ""
    if len(filled) == 2 and filled[0][1] != first:
        return False  # two values, none in the number column: a procedure with most cells empty
    label = filled[-1][1]
    if len(filled) == 1 and first:
        return len(columns) >= 3 and not re.match(r"^\d", first)
    if _GROUP_MARK_RE.match(first):
        return True
    # "1 ‖ Lĩnh vực …" under a level row: a numbered sector row, said by its words
    return (
        bool(re.match(r"^\d{1,2}\.?$", first)) and bool(sector_from_text(label)) and fold(label).startswith("linh vuc")
    )


def _lines(text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        line = _BULLET_RE.sub("", line).strip().rstrip(";.,").strip()
        if line:
            out.append(line)
    return out


def _clean(text: str) -> str:
    return _FOOTNOTE_RE.sub("", text).strip()


class AnnexReader:
    def __init__(self, title_text: str):
        self.entries: list[ParsedEntry] = []
        self.skipped: list[dict[str, Any]] = []
        self.notices: list[str] = []
        self.title_action = action_of(title_text)
        self.title_sector = sector_from_text(title_text)
        self.check = SelfCheck()
        # a table joined from pieces split at page breaks: (table, row) in the file of each joined row,
        # so the preview points at the row as the drafter sees it in Word (tthc.annex.word_split)
        self.origins: dict[int, list[tuple[int, int]]] = {}

    def where(self, number: int, index: int) -> tuple[int, int]:
        """(table, 1-based row) in the file of row `index` of table `number` as read."""
        origin = self.origins.get(number)
        return origin[index] if origin and index < len(origin) else (number, index + 1)

    def table(
        self, number: int, grid: list[list[_Cell]], heading_action: str | None, heading: str, paragraph: str = ""
    ) -> None:
        if not grid:
            self.skipped.append({"table": number, "reason": "phần tiếp theo của bảng trước (tách trang), đã nối vào"})
            return
        found = table_header(grid)
        if found is None:
            summary = summary_counts([[c.text for c in row] for row in grid])
            if summary:
                self.check.summaries.append((number, summary))
                self.skipped.append({"table": number, "reason": "bảng tổng hợp số lượng (đã đối chiếu)"})
                return
            labels = " ".join(c.text for row in grid[:2] for c in row)
            reason = "quy trình nội bộ" if is_process_header(labels) else "không phải bảng danh mục thủ tục"
            self.skipped.append({"table": number, "reason": reason})
            return
        last, columns = found
        if _is_task_list(grid[: last + 1]):
            self.skipped.append(
                {"table": number, "reason": "danh mục nhiệm vụ, quyền hạn ủy quyền (không phải công bố thủ tục)"}
            )
            return
        header_folds = [fold(label) for _, label in columns]
        state = {
            "action": heading_action,
            "action_from": heading,
            "level": None,
            "level_from": None,
            "sector": None,
            "sector_from": None,
            "group": "",
        }
        rows: list[ParsedEntry] = []
        merged: list[dict[str, int]] = []
        for r in range(last + 1, len(grid)):
            row = grid[r]
            texts = [c.text for c in row]
            if not any(t.strip() for t in texts):
                continue
            if [fold(_clean(t)).replace("\n", " ") for t in texts] == header_folds:
                continue  # a header row repeated on the next page
            distinct = list(dict.fromkeys((c.ident, c.text) for c in row if c.text.strip()))
            if _numbers_the_columns([t for _, t in distinct]):
                continue  # "(1) | (2) | (3) …" under the header: the columns' numbers, not a procedure
            joined = " ".join(t for _, t in distinct)
            if re.match(r"^\s*(tong\s+(cong|so)|cong\s*:)", fold(joined)):
                stated = total_row(joined)
                if stated is not None:
                    self.check.totals.append((number, stated, len(rows)))
                continue
            if _is_group_row(row, columns):
                self._group(joined, r + 1, state)
                rank = "level" if level_from_text(joined) is not None else "sector"
                self.check.section(rank, joined, len(self.entries) + len(rows))
                state["group"] = joined
                continue
            entry = self._entry(number, r, row, columns, state)
            if entry is not None:
                entry.heading, entry.group = paragraph, str(state["group"] or "")
                rows.append(entry)
                merged.append(
                    {
                        key: cell.merged_from
                        for (key, _), cell in zip(columns, row, strict=False)
                        if cell.merged_from is not None and key in VALUE_KEYS
                    }
                )
        self._resolve(rows, merged)
        self._codes(rows)
        self.entries.extend(rows)

    def _group(self, text: str, row: int, state: dict[str, Any]) -> None:
        action = action_of(text)
        if action:
            state["action"], state["action_from"] = action, text
        level = level_from_text(text)
        if level is not None:
            state["level"], state["level_from"] = level or None, (text, row)
            state["sector"] = None
        sector = sector_from_text(text)
        if sector:
            state["sector"], state["sector_from"] = sector, (text, row)

    def _entry(self, number: int, r: int, row: list[_Cell], columns, state) -> ParsedEntry | None:  # noqa: C901
        values: dict[str, Any] = {key: None for key in ENTRY_KEYS}
        present = {key for key, _ in columns}
        cells, extra = [], {}
        doubts: dict[str, str] = {}  # column → the reader's guess on its cell (PDF: a row cut by a page)
        raw: dict[str, str] = {}
        for (key, label), cell in zip(columns, row, strict=False):
            cells.append((label, cell.text))
            if cell.doubt and key not in ("unknown", "stt"):
                doubts.setdefault({"name_code": "name"}.get(key, key), cell.doubt)
            if key == "unknown":
                if label or cell.text:
                    extra[label or f"Cột {len(cells)}"] = cell.text
            elif key != "stt":
                raw[key] = _clean(cell.text)
        entry = ParsedEntry(values, *self.where(number, r), cells, extra)
        name_text = raw.get("name") or raw.get("name_code") or ""
        replaced = _REPLACES_RE.search(name_text)  # "… (thay thế thủ tục mã 1.000123)", as we print it
        if replaced:
            entry.replaces = replaced.group(1).strip()
            name_text = name_text[: replaced.start()] + name_text[replaced.end() :]
        name, code_in_name = _split_name_code(name_text)
        code_text = raw.get("code") or code_in_name or ""
        if not name and not code_text:
            return None
        values["name"] = name
        entry.values["code"] = code_text  # parsed in _codes, once duplicates can be seen
        # a name unlike a procedure name, or codes in the name cell that disagree: a row misread (name_check)
        for column, doubt in (("name", name_doubt(name)), ("code", code_doubt(name_text, raw.get("code")))):
            if doubt:
                entry.mark("doubt", column, doubt)
        for column, doubt in doubts.items():
            entry.mark("doubt", column, doubt)
        for key in ("time_limit", "fee", "place", "agency"):
            if key in present:
                values[key] = raw.get(key, "").strip() or None
        if "place_channel" in present:
            values["place"] = raw.get("place_channel", "").strip() or None
        if "legal_basis" in present:
            values["legal_basis"] = raw.get("legal_basis", "")
        if "channels" in present:
            entry.channels = [line for line in _lines(raw.get("channels", "")) if line]
        if "note" in present:
            entry.note = raw.get("note", "")
            content = _content_in_note(entry.note)
            if content:  # "1. Trình tự thực hiện: …": the procedure's content (Phần II), not a remark
                entry.content.update(content)
                entry.mark(
                    "content", "note", f"cột Ghi chú là nội dung thủ tục, đọc như Phần II ({', '.join(content)})"
                )
        if "online" in present and raw.get("online"):
            extra[next(label for key, label in columns if key == "online")] = raw["online"]
        if "non_territorial" in present and raw.get("non_territorial"):
            extra[next(label for key, label in columns if key == "non_territorial")] = raw["non_territorial"]
        # the action: the structure first (the heading or group row above, then the annex title), then
        # a short note that states one ("Bãi bỏ"); a note holding content or remarks never decides it
        note_action = action_of(entry.note) if _note_states_action(entry.note) else None
        if state["action"]:
            action = state["action"]
            entry.mark("assumption", "action", f"hình thức từ tiêu đề «{(state['action_from'] or '')[:60]}»")
        elif self.title_action:
            action = self.title_action
            entry.mark("assumption", "action", "hình thức từ tiêu đề phụ lục")
        elif note_action:
            action = note_action
            entry.mark("assumption", "action", f"hình thức từ cột Ghi chú «{entry.note[:40]}»")
        else:
            action = EntryAction.NEW
            entry.action_unstated = True
            entry.mark("doubt", "action", "không thấy hình thức (mới, sửa đổi, bãi bỏ): tạm coi là mới ban hành")
        values["action"] = action
        # level and sector: the row's own column (text, or "x" under a level's flag column), else the group
        # row above, else (sector) the title
        ticked = _ticked_levels(columns, row)
        if ticked is not None:
            values["level"] = ticked[0] if len(ticked) == 1 else None
            said = ", ".join(ticked) or "không cột nào"
            entry.mark("assumption", "level", f"cấp từ cột đánh dấu x ({said})")
        elif "level" in present and raw.get("level"):
            values["level"] = level_from_text(raw["level"]) or None
            if values["level"] is None:
                extra["Cấp thực hiện"] = raw["level"]
        elif state["level"]:
            values["level"] = state["level"]
            text, group_row = state["level_from"]
            entry.mark("assumption", "level", f"cấp từ dòng nhóm «{text[:50]}» (dòng {group_row})")
        if "field" in present and raw.get("field"):
            values["field"] = raw["field"]
        elif state["sector"]:
            values["field"] = state["sector"]
            text, group_row = state["sector_from"]
            entry.mark("assumption", "field", f"lĩnh vực từ dòng nhóm «{text[:50]}» (dòng {group_row})")
        elif "field" not in present and self.title_sector:
            values["field"] = self.title_sector
            entry.mark("assumption", "field", "lĩnh vực lấy từ tiêu đề phụ lục")
        if "field" in present and not values["field"]:
            values["field"] = None
        return entry

    def _resolve(self, rows: list[ParsedEntry], merged: list[dict[str, int]]) -> None:
        table = [{k: e.values[k] for k in VALUE_KEYS if e.values.get(k) is not None} for e in rows]
        for reference in resolve_as_above(table):
            entry = rows[reference.row]
            if reference.source is None:
                entry.mark("doubt", reference.key, "«Như trên» ở dòng đầu bảng: không có dòng trên để lấy")
            else:
                entry.values[reference.key] = table[reference.row][reference.key]
                entry.mark("reference", reference.key, f"Như trên → lấy từ {_row_name(entry, rows[reference.source])}")
        for entry, columns in zip(rows, merged, strict=False):
            for key, start in columns.items():
                entry.mark("merged", key, f"ô gộp dọc → lấy từ dòng {start + 1}")
        for entry in rows:
            if isinstance(entry.values.get("legal_basis"), str):
                entry.values["legal_basis"] = _lines(entry.values["legal_basis"])

    def _codes(self, rows: list[ParsedEntry]) -> None:
        seen: dict[str, ParsedEntry] = {}
        for entry in rows:
            printed = entry.values["code"] or ""
            entry.values["code"] = None
            if fold(printed).strip(" .()-") in ("chua co ma", "ma tam", ""):
                printed = ""
            if not printed:
                if entry.values["action"] == EntryAction.NEW:
                    entry.mark("doubt", "code", "thiếu mã: mã tạm")
                else:
                    entry.mark("doubt", "code", "thiếu mã thủ tục: mục sửa đổi hoặc bãi bỏ phải có mã")
                continue
            national, compact = parse_code(printed)
            if national is None:
                entry.localised_code = printed
                entry.mark("doubt", "code", f"mã «{printed[:40]}» không đúng dạng: chưa nhận, cần kiểm tra")
                continue
            entry.values["code"] = national
            if compact != national:
                entry.localised_code = printed
                entry.mark("assumption", "code", f"mã in «{printed}» → mã quốc gia {national}")
            if national in seen:
                entry.mark("doubt", "code", f"mã {national} trùng với {_row_name(entry, seen[national])} của bảng")
            else:
                seen[national] = entry


def _row_name(entry: ParsedEntry, other: ParsedEntry) -> str:
    """ "dòng 5", or "bảng 4, dòng 2" when the other row sits in another piece of a split table."""
    return f"dòng {other.row}" if other.table == entry.table else f"bảng {other.table}, dòng {other.row}"


_CODE_TOKEN = r"\d\s*\.\s*[\d.]{5,}(?:\s*\.?\s*[A-Za-z]{1,2}\s*\d{2})?"
_CODE_LABEL = r"(?:mã(?:\s+số)?(?:\s+(?:tthc|thủ tục(?:\s+hành chính)?|hồ sơ))?\s*:?\s*)?"
# the code at the end of a name cell: "(1.012345)", "(Mã TTHC: 1.012345)", "/ 1.012345", "; 1.013401.H50",
# "- Mã TTHC: 1.009645.H05", or on its own line
_NAME_CODE_RES = [
    re.compile(rf"[\s;,/–-]*\(\s*{_CODE_LABEL}({_CODE_TOKEN})\s*\)\s*$", re.IGNORECASE),
    re.compile(rf"[\s;,/–-]*\bmã(?:\s+số)?(?:\s+(?:tthc|thủ tục))?\s*:?\s*({_CODE_TOKEN})\s*$", re.IGNORECASE),
    re.compile(rf"(?:\s*[;,/]\s*|\s*\n\s*|\s+)({_CODE_TOKEN})\s*[.;]?\s*$", re.IGNORECASE),
]


def _split_name_code(text: str) -> tuple[str, str]:
    """A name cell that also holds the code: "Tên …; 1.013401.H50", "Tên … (Mã TTHC: 1.001193)",
    "Tên …\\nMã TTHC: 2.002761", "… mẫu AK 1.000603.H21", "Tên … (1.003441. H42)". Returns (name,
    code text or ""); the code text is kept as printed (malformed codes are flagged later, not dropped)."""
    text = text.strip()
    for pattern in _NAME_CODE_RES:
        match = pattern.search(text)
        if match and looks_like_code(match.group(1)):
            name = text[: match.start()].strip().rstrip(";,/-–(").strip()
            if name:
                return " ".join(name.split()), " ".join(match.group(1).split())
    return text.replace("\n", " ").strip(), ""
