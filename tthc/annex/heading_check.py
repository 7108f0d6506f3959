"""The decision's heading checked against the shapes it must have (issue 22: a misread heading made visible).

The number has the shape of a decision's number ("2715/QĐ-UBND", "123/QĐ-BNNMT", "05/2025/QĐ-UBND"); the
date is read, not after today and not before any act the decision cites ("Căn cứ Nghị định số … ngày
08/6/2010"); the issuer is read; the signer is read and looks like a person's name (two to six words,
each capitalised, no title such as "PHÓ CHỦ TỊCH"). Each failure is a decision-level doubt (`Problem`,
severity "warning", code "heading_doubt", field the heading key) shown atop the preview with the other
checks. No Flask.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..problems import Problem
from ..text import nfc
from .issuers import abbreviation_agrees, announces_procedures, committee_place, number_abbreviation, province_named
from .word_heading import DATE_RE

HEADING_DOUBT = "heading_doubt"
NUMBER_RE = re.compile(r"^\d{1,5}(?:/\d{4})?/Q[ĐD]-[A-ZĐ0-9]{2,}(?:-[A-ZĐ0-9]{1,})*$")
_DATE_RES = (
    DATE_RE,  # "ngày 05 tháng 11 năm 2025", spaces as printed (the heading's own date reader)
    re.compile(r"\bngày\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\b", re.IGNORECASE),
)
# titles and marks of a signature block, accented ("Trưởng" is a title, "Trương" a family name)
_TITLES_RE = re.compile(
    r"(?:^|\s)(?:chủ tịch|giám đốc|bộ trưởng|thứ trưởng|trưởng|phó|kt\.|tm\.|tl\.|nơi nhận|đã ký)(?:\s|$)"
)


def _doubt(key: str, message: str) -> Problem:
    return Problem(key, message, severity="warning", code=HEADING_DOUBT)


def cited_dates(acts: list[str]) -> list[tuple[dt.date, str]]:
    """Every date printed in the "Căn cứ …" lines, with the line (acts, proposals: all signed before)."""
    out = []
    for line in acts:
        for pattern in _DATE_RES:
            for match in pattern.finditer(line):
                try:
                    out.append((dt.date(int(match[3]), int(match[2]), int(match[1])), line))
                except ValueError:
                    continue
    return out


def looks_like_person(name: str) -> bool:
    """ "Lê Đức Tiến", "Nguyễn Thị Loan", "Mai Sơn": two to six capitalised words of letters, no title."""
    words = name.split()
    if not 2 <= len(words) <= 6 or _TITLES_RE.search(nfc(name).lower()):
        return False
    return all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words)


def _issuer_problems(issuer: str, number: str) -> list[Problem]:
    """The issuer is read, is the body the number's abbreviation names, and is one that announces
    procedures; a sub-body read in place of its parent (or the parent in place of the body) shows here."""
    if not issuer:
        return [_doubt("issuer", "Không đọc được cơ quan ban hành: cần nhập.")]
    abbreviation = number_abbreviation(number)
    if not abbreviation_agrees(issuer, abbreviation):
        return [
            _doubt(
                "issuer",
                f"Cơ quan ban hành đọc được «{issuer[:60]}» không khớp ký hiệu «{abbreviation}» trong số quyết định.",
            )
        ]
    if not announces_procedures(issuer):
        return [
            _doubt(
                "issuer",
                f"Cơ quan ban hành đọc được «{issuer[:60]}» không phải UBND cấp tỉnh hay một bộ, cơ quan ngang bộ "
                "(những cơ quan công bố thủ tục hành chính): kiểm tra lại.",
            )
        ]
    place = committee_place(issuer)
    if place and province_named(place) is None:  # "UBND thành phố Hồ Chí": a name cut where its line ran out
        return [
            _doubt(
                "issuer",
                f"Cơ quan ban hành đọc được «{issuer[:60]}»: «{place[:40]}» không phải tên một tỉnh, thành phố "
                "trực thuộc trung ương (34 đơn vị sau sắp xếp năm 2025, hay các tỉnh trước đó): kiểm tra lại.",
            )
        ]
    return []


def heading_problems(heading: dict[str, Any], today: dt.date | None = None) -> list[Problem]:
    """Doubts about the heading as read (number, date, issuer, signer); [] when each has its shape."""
    today = today or dt.date.today()
    if not any(heading.get(key) for key in ("number", "date", "issuer", "signer")):
        # an annex sent alone, a first page scanned as an image: one doubt, not four
        return [_doubt("", "Không thấy trang đầu của quyết định (số, ngày ký, cơ quan ban hành, người ký): cần nhập.")]
    out = []
    number = nfc(" ".join((heading.get("number") or "").split()))
    if not number:
        out.append(_doubt("number", "Không đọc được số quyết định: cần nhập."))
    elif not NUMBER_RE.match(number.replace(" ", "").upper()):
        out.append(
            _doubt("number", f"Số quyết định đọc được «{number[:40]}» không có dạng số quyết định (như 2715/QĐ-UBND).")
        )
    date = dt.date.fromisoformat(heading["date"]) if heading.get("date") else None
    if date is None:
        out.append(_doubt("date", "Không đọc được ngày ký: cần nhập."))
    elif date > today:
        out.append(_doubt("date", f"Ngày ký đọc được {date.isoformat()} sau hôm nay ({today.isoformat()})."))
    else:
        later = [(d, line) for d, line in cited_dates(heading.get("legal_acts") or []) if d > date]
        if later:
            cited, line = max(later)
            short = " ".join(line.split())
            short = short if len(short) <= 70 else short[:67] + "…"
            out.append(
                _doubt("date", f"Ngày ký đọc được {date.isoformat()} trước ngày {cited.isoformat()} của «{short}».")
            )
    out += _issuer_problems(" ".join((heading.get("issuer") or "").split()), number)
    signer = " ".join((heading.get("signer") or "").split())
    if not signer:
        out.append(_doubt("signer", "Không thấy tên người ký: cần nhập."))
    elif not looks_like_person(signer):
        out.append(_doubt("signer", f"Người ký đọc được «{signer[:40]}» không giống tên người."))
    return out
