"""Who may announce procedures, as reviewed data (`issuers.json`): the ministries and ministerial-level
agencies with their official spelling and the abbreviations their decision numbers carry, and the
provincial People's Committees ("UBND") with the provinces and cities they govern (the 34 after 2025, then
the former ones).

Two uses, both generic: a ministry printed in capitals in the heading is read under its official
spelling ("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" → "Bộ Nông nghiệp và Môi trường"), and the issuer read is checked
against the number's own abbreviation ("2715/QĐ-UBND" is a People's Committee's, "123/QĐ-BNNMT" that
ministry's; another body's initials for anyone else). No Flask.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from ..text import fold, fold_words

_DATA = Path(__file__).with_name("issuers.json")
_COMMITTEE = re.compile(r"^UBND (?:tỉnh|thành phố) \S")
_PLACE = re.compile(r"^(?:ubnd\s+)?(?:tinh|thanh pho)\s+(.+)$")  # matched on the folded text
# words an abbreviation skips: "Bộ Văn hóa, Thể thao và Du lịch" → BVHTTDL
_SKIPPED = {"va", "-", "–"}


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_DATA.read_text(encoding="utf-8"))
    return data


@cache
def _ministries() -> dict[str, dict[str, Any]]:
    return {fold_words(m["name"]): m for m in _data()["ministries"]}


def ministry_named(text: str) -> str | None:
    """The official spelling of the ministry `text` names, however it is cased or wrapped; None if none."""
    found = _ministries().get(fold_words(text))
    return found["name"] if found else None


def number_abbreviation(number: str) -> str:
    """The issuer's abbreviation a decision number carries: "2715/QĐ-UBND" → "UBND", "2972/QĐ-BNN-CN" →
    "BNN", "05/2025/QĐ-UBND" → "UBND"; "" when the number has no "QĐ-" part."""
    match = re.search(r"Q[ĐD]\s*-\s*([A-ZĐ0-9]+)", number.upper())
    return match[1] if match else ""


def _initials(name: str) -> str:
    words = [w for w in re.sub(r"[,.;()]", " ", name).split() if fold(w) not in _SKIPPED]
    return "".join(w if w.isupper() and len(w) > 1 else w[:1] for w in words).upper()


def abbreviation_agrees(issuer: str, abbreviation: str) -> bool:
    """Whether the issuer read is the body the number's abbreviation names (đ and d alike)."""
    if not abbreviation or not issuer:
        return True  # nothing to compare: the missing value has its own doubt
    wanted = fold(abbreviation).upper()
    if _COMMITTEE.match(issuer):
        return wanted == "UBND"
    ministry = _ministries().get(fold_words(issuer))
    if ministry:
        return wanted in {fold(a).upper() for a in ministry["abbreviations"]}
    return fold(_initials(issuer)).upper() == wanted


def announces_procedures(issuer: str) -> bool:
    """A provincial People's Committee or a ministry (or ministerial-level agency) of the list: the bodies
    whose heads announce procedures (Nghị định 63/2010/NĐ-CP, Điều 15)."""
    return bool(_COMMITTEE.match(issuer)) or fold_words(issuer) in _ministries()


@cache
def _provinces() -> dict[str, dict[str, Any]]:
    return {fold_words(p["name"]): p for p in _data()["provinces"]}


def province_named(place: str) -> str | None:
    """The province or centrally-run city `place` names ("HỒ CHÍ MINH", "Bà Rịa-Vũng Tàu"), current or
    former, under its official spelling; None when it names none."""
    found = _provinces().get(fold_words(place))
    return found["name"] if found else None


def committee_place(issuer: str) -> str | None:
    """The place of a provincial People's Committee's issuer ("UBND thành phố Hồ Chí Minh" → "Hồ Chí
    Minh", "TỈNH SƠN LA" → "SƠN LA"), as printed; None for any other issuer."""
    text = " ".join(issuer.split())
    folded = fold(text)
    match = _PLACE.match(folded)
    if match is None:
        return None
    return text[match.start(1) :] if len(folded) == len(text) else match[1]


def place_goes_on(line: str, following: str) -> bool:
    """A heading line naming a province cut where its column ran out ("THÀNH PHỐ HỒ CHÍ" / "MINH"): the
    line names no province, the line with the next one does."""
    place = committee_place(line)
    return bool(place) and province_named(place or "") is None and province_named(f"{place} {following}") is not None
