"""Phần II of a Word annex ("Nội dung cụ thể của từng thủ tục hành chính"): the record parts of each
procedure, read from the layouts decisions use and matched to their Phần I entry.

Layouts read (see docs/drafting.md, "Phần II"):
- per procedure a heading ("1. Thủ tục …", "Thủ tục: …", "Tên thủ tục: …", or the name as Phần I prints
  it, possibly with "(Mã TTHC: …)") followed by labelled paragraphs "a) Trình tự thực hiện:", "b) Cách thức
  thực hiện:", "c) Thành phần, số lượng hồ sơ:" … (letters, numbers "1.2." or no prefix; the content on the
  same line after the colon or in the paragraphs below);
- a two-column table "label | content" per procedure (its first row "Tên thủ tục | …", or under a heading);
- the layout tthc.printing.decision_docx writes (the same labelled paragraphs, a method per line).

A block is matched to its Phần I entry by code, else by folded name. What a part says becomes the record
part of the project's format (docs/record-format.md); a part not given, or given as "Chưa cập nhật", stays
not recorded (never "Không"). Where Phần I already gives a value the table cell wins (the drafter may fix it
in the preview) and a different Phần II text is marked as a doubt. No Flask.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from ..models.decisions import EntryAction
from ..records import AGENCY_ROLE_LABELS, CHANNELS, LEVELS, ONLINE_LEVELS, from_flat, normalize_record
from ..records.flat import channel_key, parse_time_limit, split_fee
from ..text import fold, nfc
from .word_columns import is_process_header, level_from_text, parse_code

# Part labels (folded, matched whole before the colon), longest meaning first.
_LABELS: list[tuple[str, str]] = [
    (r"ten thu tuc(?: hanh chinh)?", "name"),
    (r"ma (?:so )?(?:thu tuc|tthc|ho so tthc)(?: hanh chinh)?", "code"),
    (r"trinh tu(?:,? cach thuc)? thuc hien", "steps"),
    (r"cach thuc thuc hien(?:,? thoi han giai quyet,? phi,? le phi)?", "methods"),
    (r"thanh phan,? so luong ho so|thanh phan ho so|ho so", "dossier"),
    (r"so luong ho so", "dossier_count"),
    (r"thoi (?:han|gian) giai quyet", "time_limit"),
    (r"doi tuong thuc hien(?: thu tuc hanh chinh)?", "applicants"),
    (r"co quan (?:thuc hien|giai quyet|co tham quyen(?: quyet dinh)?)(?: thu tuc hanh chinh)?", "agencies"),
    (r"ket qua(?: thuc hien| giai quyet)?(?: thu tuc hanh chinh)?", "results"),
    (r"(?:ten )?mau don,? (?:mau )?to khai", "forms"),
    (r"phi,? le phi|le phi|phi", "fee"),
    (r"yeu cau,? dieu kien(?: thuc hien)?(?: thu tuc hanh chinh)?", "requirements"),
    (r"can cu phap ly(?: cua thu tuc hanh chinh)?", "legal_basis"),
    (r"dia diem(?: tiep nhan| thuc hien)?(?: ho so)?", "place"),
    (r"cap thuc hien", "level"),
    (r"linh vuc", "sector"),
    (r"dich vu cong truc tuyen", "online_level"),
    (r"ghi chu", "notes"),
    (r"tiep nhan,? tra ket qua qua buu chinh(?: cong ich)?", "postal"),
    (r"phi dia gioi hanh chinh", "non_territorial"),
    # "m) Quy trình nội bộ …:" over a process table (tthc.annex.word_processes reads the table): it ends
    # the part above, and its own lines are no record part
    (r"quy trinh noi bo(?: giai quyet thu tuc(?: hanh chinh)?)?", "process"),
]
_PREFIX = r"(?:(?:[a-zđ]|\d{1,2}(?:\.\d{1,2})*)[.)]?\s+)?"
_LABEL_RES = [(re.compile(rf"^{_PREFIX}(?:{pattern})(?:\s*\([^)]*\))?\s*$"), key) for pattern, key in _LABELS]
_BULLET_RE = re.compile(r"^\s*(?:[-–—+•*]|\(\d{1,2}\)|\d{1,2}[.)](?!\d)|[a-zđ]\))\s*")
_DASH_RE = re.compile(r"^\s*[-–—+•*]\s*")
_HEADING_RE = re.compile(
    r"^\s*(?:\d{1,3}(?:\.\d{1,2})?[.)]\s*)?(?:(?:thủ tục|tên thủ tục)(?: hành chính)?\s*:\s*)?", re.IGNORECASE
)
_CODE_IN_TEXT = re.compile(
    r"\(?\s*mã(?: số)?(?: tthc| thủ tục(?: hành chính)?)?\s*:?\s*(\d\.\d{6}[^)\s;]*)\s*\)?", re.IGNORECASE
)
_SEGMENTS = re.compile(r"(?:^|[;:]\s*)(thời hạn giải quyết|phí, lệ phí|ghi chú)\s*:\s*", re.IGNORECASE)
_COUNTS = re.compile(r":\s*(?:(\d{1,3})\s*bản chính)?(?:\s*,\s*)?(?:(\d{1,3})\s*bản sao)?\s*$", re.IGNORECASE)
_FORM = re.compile(r"\s*\(Mẫu:\s*([^()]*)\)\s*$")
_SECTION_RE = re.compile(r"^(?:[A-ZĐ]|[IVXL]{1,4})[.)]\s")
_END_RE = re.compile(r"^\s*(?:phu luc\b|phan iii\b|quy trinh noi bo\b)")
_CHANNEL_WORDS = (("truc tiep", "truc_tiep"), ("truc tuyen", "truc_tuyen"), ("buu chinh", "buu_chinh"))
NOT_RECORDED = "Chưa cập nhật"
# Record parts a Phần I column also gives (record key → flat key of the Phần I entry).
PART_ONE_KEYS = {
    "sector": "field",
    "level": "level",
    "agencies": "agency",
    "time_limit": "time_limit",
    "fee": "fee",
    "place": "place",
    "legal_basis": "legal_basis",
}
PART_LABELS = {
    "steps": "trình tự",
    "methods": "cách thức",
    "dossier": "hồ sơ",
    "time_limit": "thời hạn",
    "applicants": "đối tượng",
    "agencies": "cơ quan",
    "results": "kết quả",
    "fee": "phí, lệ phí",
    "forms": "mẫu đơn, tờ khai",
    "requirements": "yêu cầu, điều kiện",
    "legal_basis": "căn cứ pháp lý",
    "place": "địa điểm",
    "sector": "lĩnh vực",
    "level": "cấp thực hiện",
    "online_level": "dịch vụ công trực tuyến",
    "notes": "ghi chú",
    "postal": "bưu chính công ích",
    "extra": "thông tin khác",
}


def is_part_two_heading(text: str) -> bool:
    """ "PHẦN II. NỘI DUNG CỤ THỂ CỦA TỪNG THỦ TỤC HÀNH CHÍNH", "Phụ lục II – Nội dung cụ thể …"."""
    folded = fold(text)
    return "noi dung cu the" in folded and len(folded) < 200


def label_key(text: str) -> tuple[str | None, str]:
    """(part key, the rest after the colon) when `text` opens a labelled part, else (None, text)."""
    if _DASH_RE.match(text):
        return None, text  # "- Cơ quan có thẩm quyền: …" is content of the part above
    head, colon, rest = text.partition(":")
    folded = fold(head).strip()
    for pattern, key in _LABEL_RES:
        if pattern.match(folded):
            return key, rest.strip() if colon else ""
    return None, text


@dataclass
class _Block:
    heading: str
    name: str = ""
    code: str | None = None
    parts: dict[str, list[str]] = field(default_factory=dict)
    unknown: dict[str, str] = field(default_factory=dict)
    current: str | None = None
    in_form: bool = False

    def add(self, key: str | None, lines: list[str]) -> None:
        if key is None:
            key = self.current
        if key is None:
            return
        self.current = key
        self.parts.setdefault(key, []).extend(line for line in lines if line.strip())


class _Matcher:
    """Phần I entries by national code and by folded name."""

    def __init__(self, entries: list[Any]):
        self.by_code = {e.values.get("code"): e for e in entries if e.values.get("code")}
        self.by_name: dict[str, list[Any]] = {}
        for entry in entries:
            self.by_name.setdefault(_name_key(entry.values.get("name") or ""), []).append(entry)

    def find(self, name: str, code: str | None) -> Any:
        """By code; else by name, the first entry of that name not yet given its content (one name may
        stand for one procedure at two levels, listed in the same order in both parts)."""
        if code and code in self.by_code:
            return self.by_code[code]
        same_name = self.by_name.get(_name_key(name)) or [None]
        return next((e for e in same_name if e is not None and not e.content), same_name[0])


def _name_key(name: str) -> str:
    folded = fold(name)
    folded = re.sub(r"^(?:thu tuc(?: hanh chinh)?\s*:?\s*)", "", folded.strip())
    return re.sub(r"[\s.;:,]+", " ", folded).strip()


def _heading(text: str, matcher: _Matcher) -> tuple[str, str | None] | None:
    """(name, code) when `text` opens a procedure's block, else None."""
    if _DASH_RE.match(text) or len(text) > 1500:
        return None
    name, code = _heading_name(text)
    if not name:
        return None
    if matcher.find(name, code) is not None:
        return name, code  # a known procedure's name, however long (some run to 800 characters)
    if len(text) > 600:
        return None
    folded = fold(text)
    # a procedure Phần I does not list (read, then reported) needs a heading's form: "4. Thủ tục …",
    # "Thủ tục: …"; a sentence of content ("Thủ tục này áp dụng …") opens nothing
    if re.match(
        r"^\s*(?:\d{1,3}[.)]\s*(?:ten )?thu tuc(?! hanh chinh (?:cap|thuoc|ap dung|duoc|bi|moi))"
        r"|(?:ten )?thu tuc(?: hanh chinh)?\s*:)",
        folded,
    ) and not text.rstrip().endswith("."):
        return name, code
    return None


def _heading_name(text: str) -> tuple[str, str | None]:
    """(name, code) a heading line gives: its number and "Thủ tục:" label dropped, a printed code apart."""
    code_match = _CODE_IN_TEXT.search(text)
    code = parse_code(code_match.group(1))[0] if code_match else None
    name = _CODE_IN_TEXT.sub("", text) if code_match else text
    return _HEADING_RE.sub("", name).strip().rstrip(";:.").strip(), code


def _row_cells(row) -> list[str]:
    distinct, seen = [], set()
    for cell in row:
        if cell.ident not in seen:
            seen.add(cell.ident)
            distinct.append(cell.text)
    return distinct


def read_part_two(items: list[tuple[str, Any]], grids: dict[int, Any], offset: int, entries: list[Any]) -> list[str]:  # noqa: C901
    """Read Phần II (`items` from its heading on; grids by absolute item index from `offset`) into the
    `content` of the matching Phần I entries; returns decision-level notices."""
    matcher = _Matcher(entries)
    blocks: list[_Block] = []

    def paragraph(text: str) -> None:
        opened = _heading(text, matcher)
        key, rest = label_key(text)
        if blocks and not opened and (blocks[-1].in_form or (key is None and _starts_form(text, blocks[-1].current))):
            blocks[-1].current, blocks[-1].in_form = None, True  # the forms printed after the content
            return  # (motto, "Mẫu số 01. Đơn …" and what follows): not content, until the next procedure
        if not opened and key is None and _SECTION_RE.match(text):
            if blocks:
                blocks[-1].current = None  # "B. Thủ tục hành chính cấp xã": a group, no procedure's content
            return
        if opened and key is None:
            blocks.append(_Block(text, opened[0], opened[1]))
            return
        if key == "name":
            blocks.append(_Block(text, rest, None))
            blocks[-1].current = "name"
            return
        if not blocks:
            return
        block = blocks[-1]
        if key is not None and key == block.current and key not in ("code", "level", "sector"):
            block.add(None, [text])  # "Phí: …" inside the fee part is its content
        elif key is not None:
            block.add(key, [rest])
        else:
            block.add(None, [text])

    for index, (kind, value) in enumerate(items, start=offset):
        if kind == "p" and index > offset and _END_RE.match(fold(value)):
            break  # the next annex (internal processes, forms) begins
        if kind == "p":
            for line in value.split("\n"):
                if line.strip():
                    paragraph(line.strip())
            continue
        if blocks and blocks[-1].in_form:
            continue  # a form's table
        listed = _listing_table(grids[index])
        if listed is not None:
            if blocks:  # the methods or documents table of the national database's form, under its label
                blocks[-1].add(*listed)
            continue
        if any(
            len(cells) >= 3 and is_process_header(" ".join(cells))
            for cells in (_row_cells(row) for row in grids[index][:3])
        ):
            continue  # an internal-process table (title rows may come first): not the procedure's content
        for row in grids[index]:
            cells = [c for c in _row_cells(row) if c.strip()]
            if len(cells) == 1:
                for line in cells[0].split("\n"):
                    if line.strip():
                        paragraph(line.strip())
                continue
            if len(cells) < 2:
                continue
            label, content = cells[-2], cells[-1]
            key, rest = label_key(label.replace("\n", " "))
            lines = [line.strip() for line in content.split("\n")]
            if key == "name":
                code_match = _CODE_IN_TEXT.search(content)
                blocks.append(
                    _Block(
                        content,
                        _CODE_IN_TEXT.sub("", content).strip().rstrip(";:.").strip(),
                        parse_code(code_match.group(1))[0] if code_match else None,
                    )
                )
            elif blocks and key is not None:
                blocks[-1].add(key, lines)
            elif blocks:
                blocks[-1].unknown[label.strip().rstrip(":")] = content
    return _attach(blocks, matcher)


_FORM_START_RE = re.compile(r"^(?:cong hoa xa hoi chu nghia viet nam|doc lap\s*-\s*tu do|m[aâ]u (?:so|don)\s*\d)")


def _starts_form(text: str, current: str | None) -> bool:
    """A form's own text begins (its motto, or its title "Mẫu số 01. Đơn …" outside the forms part)."""
    folded = fold(text).strip()
    if folded.startswith(("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do")):
        return True
    return bool(_FORM_START_RE.match(folded)) and current not in ("forms", None)


@dataclass
class ContentOnly:
    """A procedure named in a content-only annex (no Phần I table): what the Phần II reading fills."""

    values: dict[str, Any]
    title: str  # the procedure's name ("Giao đất, …" from the heading "Trình tự, thủ tục giao đất, …")
    content: dict[str, Any] | None = None
    marks: list[dict[str, str]] = field(default_factory=list)

    def mark(self, kind: str, column: str, text: str) -> None:
        self.marks.append({"kind": kind, "column": column, "text": text})


def content_annex(items: list[tuple[str, Any]], grids: dict[int, Any]) -> tuple[list[ContentOnly], list[str]]:
    """The procedures of an annex holding only Phần II (a separate file "Nội dung cụ thể của từng TTHC"):
    each procedure is named by the line just before its "Trình tự thực hiện" label (the name may be
    numbered by Word's own list, so no "1." is printed), then read as Phần II is. ([procedures], notices)."""
    lines = [line.strip() for kind, value in items if kind == "p" for line in value.split("\n") if line.strip()]
    procedures: list[ContentOnly] = []
    for index, line in enumerate(lines):
        if label_key(line)[0] != "steps" or index == 0:
            continue
        heading = lines[index - 1]
        if label_key(heading)[0] is not None or _SECTION_RE.match(heading) or is_part_two_heading(heading):
            continue
        name, code = _heading_name(heading)  # as the Phần II reading matches it
        title = re.sub(r"^trình tự,?\s*thủ tục\s+", "", name, flags=re.IGNORECASE)  # "Trình tự, thủ tục giao đất …"
        procedures.append(
            ContentOnly({"name": name, "code": code, "action": EntryAction.NEW}, title[:1].upper() + title[1:])
        )
    notices = read_part_two(items, grids, 0, procedures) if procedures else []
    return procedures, notices


def _column(headers: list[str], *words: str) -> int | None:
    return next((i for i, h in enumerate(headers) if any(w in h for w in words)), None)


def _listing_table(grid) -> tuple[str, list[str]] | None:
    """The tables of the national database's form, as lines of the labelled layout: "Hình thức nộp |
    Thời hạn giải quyết | Phí, lệ phí | Mô tả" (methods) and "Tên giấy tờ | Mẫu đơn, tờ khai | Số
    lượng" (documents; a spanning row names a case). None for any other table."""
    if not grid:
        return None
    headers = [fold(c).replace("\n", " ") for c in _row_cells(grid[0])]
    if len(headers) < 3:
        return None
    rows = [[c.replace("\n", " ").strip() for c in _row_cells(row)] for row in grid[1:]]
    if _column(headers, "hinh thuc nop", "kenh nop") == 0:
        time, fee, note = (_column(headers, "thoi han"), _column(headers, "phi"), _column(headers, "mo ta", "ghi chu"))
        lines = []
        for cells in rows:
            if len(cells) < len(headers) or not cells[0]:
                continue
            found = [key for word, key in _CHANNEL_WORDS if word in fold(cells[0])]
            exact = channel_key(cells[0])
            channel = CHANNELS[exact or found[0]] if (exact or len(found) == 1) else ""
            notes = [cells[0]] if not exact and (not channel or fold(cells[0]) != fold(channel)) else []
            notes += [cells[note]] if note is not None and cells[note] else []
            line = (
                (f"- {channel}: " if channel else "- ")
                + f"Thời hạn giải quyết: {cells[time] if time is not None else ''}; "
                f"Phí, lệ phí: {cells[fee] if fee is not None else ''}"
            )
            lines.append(line + (f"; Ghi chú: {'; '.join(notes)}" if notes else ""))
        return "methods", lines
    if _column(headers, "ten giay to", "ten thanh phan") == 0:
        form, count = _column(headers, "mau don", "to khai", "bieu mau"), _column(headers, "so luong")
        lines = []
        for cells in rows:
            if len(cells) == 1 and cells[0]:
                lines.append(cells[0] if cells[0].endswith(":") else f"{cells[0]}:")  # a case
                continue
            if len(cells) < len(headers) or not cells[0]:
                continue
            line = f"- {cells[0]}" + (f" (Mẫu: {cells[form]})" if form is not None and cells[form] else "")
            counts = fold(cells[count]) if count is not None else ""
            originals = re.search(r"ban chinh\s*:?\s*(\d+)", counts)
            copies = re.search(r"ban sao\s*:?\s*(\d+)", counts)
            parts = [
                f"{int(originals[1])} bản chính" if originals else "",
                f"{int(copies[1])} bản sao" if copies else "",
            ]
            lines.append(line + (f": {', '.join(p for p in parts if p)}" if any(parts) else ""))
        return "dossier", lines
    return None


def _attach(blocks: list[_Block], matcher: _Matcher) -> list[str]:
    notices = []
    for block in blocks:
        if block.parts.get("name"):
            block.name = " ".join(block.parts.pop("name")).strip() or block.name
        if block.parts.get("code"):
            block.code = parse_code(block.parts["code"][0])[0] or block.code
        entry = matcher.find(block.name, block.code)
        if entry is None:
            notices.append(f"Phần II có thủ tục «{block.name[:80]}» không có trong Phần I: chưa nạp nội dung này.")
            continue
        if entry.values.get("action") == EntryAction.ABOLISHED:
            continue  # an abolished procedure keeps no content
        content, notes = content_from_parts(block.parts, block.unknown)
        if not content:
            continue
        for key in list(content):
            given = entry.values.get(PART_ONE_KEYS.get(key, ""))
            if key in PART_ONE_KEYS and given not in (None, "", []) and not same_value(key, given, content[key]):
                entry.mark(
                    "doubt",
                    PART_ONE_KEYS[key],
                    f"Phần II ghi khác Phần I ({PART_LABELS[key]}): giữ giá trị của bảng Phần I",
                )
        entry.content = content
        taken = ", ".join(PART_LABELS.get(key, key) for key in content)
        entry.mark("content", "content", f"từ Phần II «{block.heading[:60]}»: {taken}")
        for note in notes:
            entry.mark("assumption", "content", note)
    return notices


def _items(lines: list[str], strip_end: bool = False) -> list[str]:
    out = []
    for line in lines:
        line = _BULLET_RE.sub("", line, count=1).strip()
        if strip_end:
            line = line.rstrip(";.,").strip()
        if line:
            out.append(line)
    return out


def _text(lines: list[str]) -> str:
    return "\n".join(line.strip() for line in lines if line.strip()).strip()


def content_from_parts(parts: dict[str, list[str]], unknown: dict[str, str]) -> tuple[dict[str, Any], list[str]]:  # noqa: C901
    """Labelled parts (key → lines) → record parts; parts "Chưa cập nhật" or empty stay out."""
    notes: list[str] = []
    given = {
        key: lines
        for key, lines in parts.items()
        if [line for line in lines if line.strip()] and fold(_text(lines)).strip(" .") != fold(NOT_RECORDED)
    }
    out: dict[str, Any] = {}
    extra: dict[str, Any] = dict(unknown)
    for key in ("applicants", "requirements", "place", "notes", "time_limit", "fee", "sector"):
        if key in given:
            out[key] = _text(given[key])
    for key in ("steps",):
        if key in given:
            out[key] = _items(given[key])
    for key in ("results", "forms", "legal_basis"):
        if key in given:
            out[key] = _items(given[key], strip_end=True)
    if "level" in given:
        level = _level(_text(given["level"]))
        if level:
            out["level"] = level
    if "online_level" in given:
        folded = fold(_text(given["online_level"]))
        online = next((k for k, label in ONLINE_LEVELS.items() if k and fold(label) == folded), None)
        online = online or ("toan_trinh" if "toan trinh" in folded else "mot_phan" if "mot phan" in folded else None)
        if online:
            out["online_level"] = online
    for key in ("postal", "non_territorial"):
        if key in given and fold(_text(given[key])).startswith("co"):
            out[key] = True
    if "agencies" in given:
        out["agencies"] = _agencies(given["agencies"])
    if "dossier" in given:
        out["dossier"], count = _dossier(given["dossier"])
        if count:
            extra["Số lượng hồ sơ"] = count
    if "dossier_count" in given:
        extra["Số lượng hồ sơ"] = _text(given["dossier_count"])
    if "methods" in given:
        out["methods"], verbatim = _methods(given["methods"], out.get("time_limit", ""), out.get("fee", ""))
        if verbatim:
            extra["Cách thức thực hiện"] = verbatim
            notes.append("kênh nộp suy ra từ lời văn của «Cách thức thực hiện» (giữ nguyên văn trong Thông tin khác)")
        if any(m["channel"] == "buu_chinh" for m in out["methods"]):
            out["postal"] = True
        if not out["methods"]:
            del out["methods"]
    if extra:
        out["extra"] = extra
    return nfc(out), notes


def _level(text: str) -> str | None:
    folded = fold(text)
    for key, label in LEVELS.items():
        if key and fold(label) == folded:
            return key
    return level_from_text(text) or None


def _agencies(lines: list[str]) -> dict[str, list[str]]:
    roles: dict[str, list[str]] = {}
    for line in _items(lines):
        head, colon, rest = line.partition(":")
        folded = fold(head)
        role = None
        if colon and folded.startswith("co quan"):
            role = (
                "competent"
                if "tham quyen" in folded
                else "authorized"
                if "uy quyen" in folded
                else "coordinating"
                if "phoi hop" in folded
                else "receiving"
                if "tiep nhan" in folded
                else "executing"
            )
            names = [n.strip().rstrip(".").strip() for n in rest.split(";")]
        else:
            names = [line.rstrip(";.").strip()]
        for name in names:
            if name and fold(name) not in ("khong", "khong co"):
                roles.setdefault(role or "executing", []).append(name)
    return {role: roles[role] for role in AGENCY_ROLE_LABELS if role in roles}


def _dossier(lines: list[str]) -> tuple[list[dict[str, Any]], str]:
    cases: list[dict[str, Any]] = []
    count = ""
    for raw in lines:
        line = raw.strip()
        folded = fold(_BULLET_RE.sub("", line, count=1))
        if folded.startswith("so luong ho so"):
            count = line.partition(":")[2].strip() or line
            continue
        if re.match(r"^thanh phan ho so(?: gom| bao gom)?\s*:?\s*$", folded):
            continue  # "- Thành phần hồ sơ gồm:" opens the list, it is no document
        bulleted = bool(_BULLET_RE.match(line))
        if not bulleted and (folded.startswith("truong hop") or line.endswith(":")):
            cases.append({"case": line.rstrip(":").strip(), "documents": []})
            continue
        text = _BULLET_RE.sub("", line, count=1).strip()
        document: dict[str, Any] = {"name": text, "originals": None, "copies": None, "form": ""}
        counts = _COUNTS.search(text)
        if counts and (counts.group(1) or counts.group(2)):
            document["originals"] = int(counts.group(1)) if counts.group(1) else None
            document["copies"] = int(counts.group(2)) if counts.group(2) else None
            text = text[: counts.start()].strip()
        form = _FORM.search(text)
        if form:
            document["form"] = form.group(1).strip()
            text = text[: form.start()].strip()
        document["name"] = text
        if not cases:
            cases.append({"case": "", "documents": []})
        cases[-1]["documents"].append(document)
    return [case for case in cases if case["documents"] or case["case"]], count


def _methods(lines: list[str], time_limit: str, fee: str) -> tuple[list[dict[str, Any]], str]:
    """One method per line "Kênh: Thời hạn giải quyết: …; Phí, lệ phí: …" (as tthc writes it); lines of
    prose ("Nộp hồ sơ trực tiếp hoặc qua bưu chính") give their channels, the text kept verbatim."""
    fees = split_fee(fee)
    methods: list[dict[str, Any]] = []
    prose: list[str] = []
    for line in _items(lines):
        pieces = _SEGMENTS.split(line)
        head = pieces[0].strip().rstrip(":").strip()
        segments = {fold(pieces[i]): pieces[i + 1].strip() for i in range(1, len(pieces) - 1, 2)}
        channel = channel_key(head) if head else ""
        if head and not channel and not segments:
            found = [key for word, key in _CHANNEL_WORDS if word in fold(head)]
            prose.append(line)
            for key in found:
                if key not in [m["channel"] for m in methods]:
                    methods.append(_method(key, time_limit, fees.get(key, fee), ""))
            continue
        note = segments.get("ghi chu", "" if channel or not head else head)
        methods.append(
            _method(
                channel,
                segments.get("thoi han giai quyet", time_limit),
                segments.get("phi, le phi", fees.get(channel, fee)),
                note,
            )
        )
    return methods, "\n".join(prose)


def _method(channel: str, time_limit: str, fee: str, note: str) -> dict[str, Any]:
    value, unit = parse_time_limit(time_limit)
    return {
        "channel": channel,
        "time_limit": time_limit,
        "time_limit_value": value,
        "time_limit_unit": unit,
        "fee": fee,
        "note": note,
    }


# --- into the entry's record -----------------------------------------------------------------------------
def _plain(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("executing") or []
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return re.sub(r"[\s;,.\-–+•]+", " ", fold(str(value or ""))).strip()


def same_value(key: str, part_one: Any, part_two: Any) -> bool:
    """Phần I's cell and Phần II's part say the same (layout aside: lines, bullets, separators)."""
    if key == "level":
        return part_one == part_two
    return _plain(part_one) == _plain(part_two)


def record_with_content(flat: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
    """The entry's record: its Phần I values (the flat entry, maybe fixed by the drafter) with the
    Phần II parts added. A part Phần I gives stays Phần I's unless Phần II says the same in more
    structure (the agencies by role, the place as lines); a new entry's record is complete, another's
    holds only the parts given (the rest carries over from the version in force)."""
    partial = flat.get("action") != EntryAction.NEW
    base = from_flat({k: v for k, v in flat.items() if k not in ("localised_code", "annex_source")}, partial=partial)
    record = copy.deepcopy(base)
    for key, value in content.items():
        given = flat.get(PART_ONE_KEYS.get(key, ""))
        if key in PART_ONE_KEYS and given not in (None, "", []):
            if not same_value(key, given, value):
                continue
            if key == "agencies":
                value = {**value, "executing": value.get("executing") or base.get("agencies", {}).get("executing", [])}
        if key == "extra":
            value = {**(record.get("extra") or {}), **value}
        record[key] = copy.deepcopy(value)
    if "methods" in content:  # a channel Phần II lists without its own terms takes Phần I's
        fees = split_fee(flat.get("fee") or "")
        for method in record["methods"]:
            if flat.get("time_limit") and method["time_limit"] == content.get("time_limit"):
                method["time_limit"] = ""  # Phần II's general limit gives way to Phần I's cell (maybe fixed)
            if flat.get("fee") and method["fee"] == content.get("fee"):
                method["fee"] = ""
            if not method["time_limit"] and flat.get("time_limit"):
                method.update(
                    _method("", flat["time_limit"], "", "")
                    | {"channel": method["channel"], "fee": method["fee"], "note": method["note"]}
                )
            if not method["fee"] and flat.get("fee"):
                method["fee"] = fees.get(method["channel"], flat["fee"])
    return record if partial else normalize_record(record)
