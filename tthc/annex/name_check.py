"""Does the name read from an annex row look like a procedure name? (issue 22: a misread name made visible).

Procedure names are a narrow language: they open with a verb of the procedure ("Cấp", "Đăng ký", "Chấp
thuận", "Thủ tục …"), never with what other columns hold. `name_shapes.json` is the reviewed data: the
words that open the national names (derived by scripts/build_name_shapes.py from the 3,065 national
procedures and the sample, with the longest name's length) and the shapes of cells that are no name (a
legal act cited, an agency, a date, a number, fee or time, a value of another column, a sector heading).

`name_doubt(name, cell)` says why a name read does not look like one, in Vietnamese, or None;
`code_doubt(cell, code)` says when the name cell holds codes that disagree (two procedures fused, or a
code in the name unlike the code column). The annex reader (tthc.annex.word_entries) puts each on its
entry as a doubt shown in the preview. No Flask.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..text import canonical_tones, fold, nfc
from .word_columns import looks_like_code, parse_code

SHAPES_FILE = Path(__file__).with_name("name_shapes.json")
_LEAD_RE = re.compile(r"^[\s\"“”'‘’(*\-–—•.,:;]+")
_PROCEDURE_RE = re.compile(r"^thủ\s*tục\b")
_CODE_TOKEN_RE = re.compile(r"(?<![\d.])\d\s?\.\s?\d{6}(?![\d])")
LONGER_BY = 1.1  # a name longer than the longest real name by a tenth holds more than the name


@lru_cache(maxsize=1)
def shapes() -> dict[str, Any]:
    data = json.loads(SHAPES_FILE.read_text(encoding="utf-8"))
    data["_openings"] = {canonical_tones(w) for w in data["openings"]}
    data["_patterns"] = [(re.compile(s["pattern"]), s["reason"]) for s in data["not_names"]["patterns"]]
    data["_values"] = {fold(" ".join(v.split())) for v in data["not_names"]["cell_values"]}
    return data


def _plain(text: str) -> str:
    """One line, single spaces, NFC, without leading quotes, bullets or dots."""
    return _LEAD_RE.sub("", " ".join(nfc(text or "").split()))


def opening_word(name: str) -> str:
    """The word a name opens with after an optional "Thủ tục" ("Thủ tục cấp …" → "cấp"), lower case."""
    text = _plain(name).lower()
    text = _LEAD_RE.sub("", _PROCEDURE_RE.sub("", text))
    match = re.match(r"\w+", text)
    return match.group(0) if match else ""


def _start(name: str) -> str:
    text = " ".join(name.split())
    return text if len(text) <= 40 else text[:41].rsplit(" ", 1)[0].rstrip(",;:") + "…"  # cut between words


def name_doubt(name: str) -> str | None:
    """Why `name` (as read from a name cell) does not look like a procedure name, or None."""
    text = _plain(name)
    if not text:
        return None  # no name at all: the code stands for it (a doubt of its own elsewhere)
    lower = text.lower()
    data = shapes()
    reason = None
    if looks_like_code(text):
        reason = "chỉ có mã thủ tục"
    elif fold(lower).rstrip(".;: ") in data["_values"]:
        reason = "là giá trị của cột khác"
    else:
        reason = next((why for pattern, why in data["_patterns"] if pattern.search(lower)), None)
    if reason is None and text[:1].isalpha() and text[:1].islower():
        reason = "bắt đầu bằng chữ thường: có thể là phần tiếp của dòng trên"
    if reason is None and len(text) > data["longest"] * LONGER_BY:
        reason = f"dài {len(text)} ký tự, hơn mọi tên thủ tục: có thể lẫn nội dung cột khác"
    if reason is None and not _PROCEDURE_RE.match(lower):
        word = opening_word(text)
        if word and canonical_tones(word) not in data["_openings"]:
            reason = f"không mở đầu như tên thủ tục nào đã biết («{word}…»)"
    if reason is None:
        return None
    return f"Tên đọc được «{_start(text)}» không giống tên thủ tục: {reason}."


def code_doubt(cell: str, code: str | None) -> str | None:
    """A name cell holding two national codes (two rows fused), or one unlike the code column's."""
    found = list(dict.fromkeys(re.sub(r"\s", "", c) for c in _CODE_TOKEN_RE.findall(cell or "")))
    if len(found) >= 2:
        return f"Ô tên có {len(found)} mã thủ tục ({', '.join(found[:3])}): có thể hai dòng bị gộp làm một."
    if len(found) == 1 and code:
        national, _ = parse_code(code)
        if national and national != found[0]:
            return f"Mã trong ô tên ({found[0]}) khác mã ở cột mã ({national}): cần kiểm tra tên và mã."
    return None
