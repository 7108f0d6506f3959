"""The heading of a decision read from Word: number, date, issuer, title, the legal acts it rests on, the
effective-date sentence and the signature block, and where its annex starts. No Flask."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..text import fold
from .issuers import ministry_named
from .word_columns import (
    sentence_case,
)
from .word_split import _Cell

# as printed: spaces missing or doubled ("ngày 05 tháng11 năm 2025", "ngày  05  tháng 11 năm 2025")
DATE_RE = re.compile(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.IGNORECASE)
# "có hiệu lực (thi hành) kể từ ngày ký/ban hành", "… từ ngày 01/01/2026", up to the sentence's end.
_EFFECTIVE_RE = re.compile(
    r"có hiệu lực(?:\s+thi hành)?\s+(?:(?:kể\s+)?từ\s+ngày|theo\s).*?(?=\.\s|\./|\.$|;|\n|$)", re.IGNORECASE
)
# the act an effective date is tied to: "kể từ ngày Nghị định số 12/2025/NĐ-CP có hiệu lực", "theo Quyết định số …"
_TIED_RE = re.compile(
    r"(?:từ\s+ngày|theo)\s+((?:luật|nghị định|thông tư|quyết định|nghị quyết|pháp lệnh)\b"
    r"[^,;]*?\d+(?:/\d{4})?/[\w\-Đđ]+)",
    re.IGNORECASE,
)
_ANNEX_OPENING = r"^(phu luc|danh muc|thu tuc hanh chinh|quy trinh)\b"
_NUMERIC_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _parse_date(text: str) -> dt.date | None:
    match = DATE_RE.search(text) or _NUMERIC_DATE_RE.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None


def _issuer(lines: list[str]) -> str:
    """["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG TRỊ"] → "UBND tỉnh Quảng Trị"; other issuers as printed, title-cased."""
    lines = [line for line in lines if line and not re.fullmatch(r"[-_–—=.\s]+", line)]
    if not lines:
        return ""
    folded = fold(lines[0])
    if folded.startswith("uy ban nhan dan") and len(lines) > 1:
        match = re.match(r"(TỈNH|THÀNH PHỐ|XÃ|PHƯỜNG)\s+(.+)$", lines[1], flags=re.IGNORECASE)
        if match:
            return f"UBND {match[1].lower()} {match[2].strip().title()}"
        return f"UBND {lines[1].strip().title()}"
    official = ministry_named(" ".join(lines)) or ministry_named(lines[0])
    if official:  # "BỘ VĂN HÓA, THỂ THAO" / "VÀ DU LỊCH" → "Bộ Văn hóa, Thể thao và Du lịch"
        return official
    if folded.startswith("bo ") and lines[0] == lines[0].upper():
        rest = lines[0].split(None, 1)[1].lower()  # "BỘ NỘI VỤ" → "Bộ Nội vụ", "BỘ Y TẾ" → "Bộ Y tế"
        return "Bộ " + rest[:1].upper() + rest[1:]
    return sentence_case(" ".join(lines))


def read_heading(items: list[tuple[str, Any]], grids: dict[int, list[list[_Cell]]]) -> tuple[dict[str, Any], int]:  # noqa: C901
    """The decision's own fields from the first page, and the index of the first annex item."""
    head: dict[str, Any] = {
        "number": "",
        "date": None,
        "issuer": "",
        "signer": "",
        "signing_title": "",
        "title": "",
        "legal_acts": [],
        "effective_text": "",
        "effective_date": None,
    }
    texts: list[str] = []  # paragraphs and table cells of the first part, in order
    annex_start = len(items)
    decided = False
    for index, (kind, value) in enumerate(items):
        if kind == "p":
            folded = fold(value)
            if decided and re.match(_ANNEX_OPENING, folded):
                annex_start = index
                break
            if re.match(r"^quyet dinh\s*:", folded):
                decided = True
            texts.append(value)
        else:
            grid = grids[index]
            seen = set()
            for row in grid:
                for cell in row:
                    if cell.ident not in seen:
                        seen.add(cell.ident)
                        texts.append(cell.text)
            _signature(grid, head)
            if decided and "noi nhan" in fold(" ".join(c.text for row in grid[:3] for c in row)):
                annex_start = index + 1  # after the signature block: the annex, whatever it opens with
                break
            if not head["issuer"] and grid and grid[0] and "cong hoa" in fold(" ".join(c.text for c in grid[0])):
                head["issuer"] = _issuer(grid[0][0].text.split("\n"))
    for text in texts:
        for line in text.split("\n"):
            line = line.strip()
            folded = fold(line)
            if folded.startswith("so:") or folded.startswith("so :"):
                number = line.split(":", 1)[1].strip()
                head["number"] = "" if number.startswith("/") or not number[:1].isalnum() else number
            elif head["date"] is None and re.search(r",\s*ngay\b", folded):
                head["date"] = _parse_date(line)
    head["title"], head["legal_acts"] = _title_and_acts(texts, head["issuer"])
    _effective(texts, head)
    for key in ("date", "effective_date"):
        head[key] = head[key].isoformat() if head[key] else None
    if not decided:  # the first page is missing (a scanned page, an annex sent alone): the annex is all
        annex_start = next(
            (i for i, (kind, value) in enumerate(items) if kind == "p" and re.match(_ANNEX_OPENING, fold(value))), 0
        )
    return head, annex_start


def _effective(texts: list[str], head: dict[str, Any]) -> None:
    """The effective date from the article that states it: "kể từ ngày ký" is the signing date, "kể từ
    ngày 01/01/2026" that date; a date tied to another act ("kể từ ngày Nghị định số … có hiệu lực",
    "theo Quyết định số …") is recorded as tied to it, date unknown (never the date that act was signed)."""
    for text in texts:
        match = _EFFECTIVE_RE.search(text)
        if not (match and fold(text).startswith("dieu")):
            continue
        sentence = match[0].strip()
        head["effective_text"] = sentence
        folded = fold(sentence)
        tied = _TIED_RE.search(sentence)
        if "ke tu ngay ky" in folded or "ke tu ngay ban hanh" in folded or "tu ngay ky" in folded:
            head["effective_date"] = head["date"]
        elif tied:
            head["effective_tied_to"] = " ".join(tied.group(1).split())
        else:
            after = re.split(r"từ\s+ngày", sentence, maxsplit=1, flags=re.IGNORECASE)[-1]
            head["effective_date"] = _parse_date("ngày " + after.strip()) or _parse_date(after)
        return


def _title_and_acts(texts: list[str], issuer: str = "") -> tuple[str, list[str]]:
    title, acts, state = [], [], "before"
    for text in texts:
        folded = fold(text).strip()
        if state == "before" and folded == "quyet dinh":
            state = "title"
        elif state == "title":
            if re.match(r"^(chu tich|bo truong|giam doc|thu truong|can cu)\b", folded):
                state = "acts"
                if folded.startswith("can cu"):
                    acts.append(text)
            else:
                title.append(text)
        elif state == "acts":
            if re.match(r"^quyet dinh\s*:", folded):
                break
            acts.extend(line.strip() for line in text.split("\n") if line.strip())
    joined = " ".join(title).strip()
    if joined and joined == joined.upper():
        joined = title_case(joined, issuer)
    return joined, acts


# Bodies an upper-case title names, which lower case must not swallow ("của Ủy ban nhân dân tỉnh …").
TITLE_BODIES = (
    (r"\b(?:ủy|uỷ) ban nhân dân\b", "Ủy ban nhân dân"),
    (r"\bhội đồng nhân dân\b", "Hội đồng nhân dân"),
    (r"\bchủ tịch (?=Ủy ban|Hội đồng)", "Chủ tịch "),
    (r"\btthc\b", "TTHC"),
    (r"\bubnd\b", "UBND"),
    (r"\bhđnd\b", "HĐND"),
)


def title_case(upper: str, issuer: str = "") -> str:
    """An upper-case title as a sentence that keeps its proper names: "… CỦA ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH"
    → "… của Ủy ban nhân dân tỉnh Hà Tĩnh" (the bodies above, and the place of the issuer as its
    heading writes it)."""
    text = sentence_case(upper)
    for pattern, name in TITLE_BODIES:
        text = re.sub(pattern, name, text, flags=re.IGNORECASE)
    place = re.match(r"UBND (?:tỉnh|thành phố|xã|phường) (.+)$", issuer or "")
    if place:
        text = re.sub(rf"\b{re.escape(place[1])}\b", place[1], text, flags=re.IGNORECASE)
    return text[:1].upper() + text[1:]


def _signature(grid: list[list[_Cell]], head: dict[str, Any]) -> None:
    """The signature block: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / (space) / Lê Đức Tiến"."""
    for row in grid:
        for cell in row:
            lines = [line.strip() for line in cell.text.split("\n") if line.strip()]
            folded = [fold(line) for line in lines]
            if (
                len(lines) >= 2
                and re.match(r"^(kt\.?\s*|tm\.?\s*|tl\.?\s*|q\.?\s*)?(chu tich|bo truong|giam doc)", folded[0])
                and not folded[0].startswith("noi nhan")
            ):
                # a draft may not name the signer yet: then every line is the title
                unsigned = lines[-1] == lines[-1].upper() and re.search(r"chu tich|truong|giam doc", folded[-1])
                head["signing_title"] = "\n".join(lines if unsigned else lines[:-1])
                head["signer"] = "" if unsigned else lines[-1]
                return
