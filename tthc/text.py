"""Vietnamese text: NFC at every way in, folding for search, tone-placement canonical form, sort key.

Never imports Flask. Everything that compares, indexes or sorts Vietnamese goes through here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

# Combining marks that carry the tone (dấu thanh). The other Vietnamese marks (breve, circumflex,
# horn) belong to the letter itself (ă, â, ơ ...).
TONE_MARKS = {
    "\u0300": 1,  # huyền
    "\u0309": 2,  # hỏi
    "\u0303": 3,  # ngã
    "\u0301": 4,  # sắc
    "\u0323": 5,  # nặng
}
_WORD_RE = re.compile(r"\w+", re.UNICODE)


def nfc(value: Any) -> Any:
    """NFC-normalise a string, or every string inside lists and dicts (keys too)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, tuple):
        return tuple(nfc(v) for v in value)
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    return value


class _FoldTable(dict):
    """A str.translate table that drops combining marks and turns đ into d, filled as characters are met
    (every combining mark of Unicode counts, without listing them up front)."""

    def __missing__(self, codepoint: int) -> int | None:
        kept = None if unicodedata.combining(chr(codepoint)) else codepoint
        self[codepoint] = kept
        return kept


_FOLD_TABLE = _FoldTable({ord("đ"): "d", ord("Đ"): "d"})


def fold(text: str) -> str:
    """Lower case, no marks at all, đ→d: what a citizen types without Vietnamese input."""
    return unicodedata.normalize("NFD", text.lower()).translate(_FOLD_TABLE)


def fold_words(text: str) -> str:
    """One spelling of a name to compare names by: folded, punctuation to spaces, single spaces
    ("BỘ VĂN HÓA, THỂ THAO" → "bo van hoa the thao")."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(nfc(text or ""))).split())


def canonical_tones(text: str) -> str:
    """Lower case, NFC, with each word's tone mark moved to the word's end as a digit (hòa → hoa1).

    Old and new tone placement (hòa/hoà, thúy/thuý, khỏe/khoẻ) differ even after NFC; moving the tone
    out of the vowel cluster makes them equal while keeping the tone itself, so "hòa" still differs
    from "hoa". Used for the exact (toned) search field.
    """

    def one_word(match: re.Match[str]) -> str:
        decomposed = unicodedata.normalize("NFD", match.group(0))
        tones = [ch for ch in decomposed if ch in TONE_MARKS]
        base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONE_MARKS))
        # The tone as a trailing digit (hoà → hoa1): a word character, so tokenisers keep it.
        return base + "".join(sorted(str(TONE_MARKS[t]) for t in tones))

    return _WORD_RE.sub(one_word, unicodedata.normalize("NFC", text.lower()))


def ascii_number(raw: Any, maximum: int) -> int | None:
    """A whole number written in ASCII digits, at most `maximum`; None for anything else.

    str.isdigit() and int() accept more than a person types: «²» passes isdigit() and fails int(),
    «٣» is 3 to int(), and 5,000 digits make int() raise. Every count read from a file or a request
    goes through here."""
    if not isinstance(raw, str):
        return None
    raw = raw.strip()
    if not raw or len(raw) > len(str(maximum)) or not (raw.isascii() and raw.isdigit()):
        return None
    value = int(raw)
    return value if value <= maximum else None


def vn_count(number: int) -> str:
    """A count as Vietnamese write it: 5.000.000 (a dot between thousands)."""
    return f"{number:,}".replace(",", ".")


def words(text: str) -> list[str]:
    """NFC word tokens (letters and digits), as a citizen would read them."""
    return _WORD_RE.findall(unicodedata.normalize("NFC", text))


# --- Vietnamese alphabetical order (CLDR "vi", standard tailoring) -------------------------------
# Primary: the alphabet a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z.
# Secondary: tones, none < huyền < hỏi < ngã < sắc < nặng. Tertiary: lower before upper case.
_ALPHABET = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "w",
    "x",
    "y",
    "z",
]
_LETTER_WEIGHT = {letter: 0x4000 + 16 * i for i, letter in enumerate(_ALPHABET)}
_SPACE_WEIGHT = 0x0010
_DIGIT_BASE = 0x2000


def _primary_weight(base: str) -> int:
    if base in _LETTER_WEIGHT:
        return _LETTER_WEIGHT[base]
    if base.isdigit():
        return _DIGIT_BASE + int(unicodedata.digit(base, 0))
    if base.isspace():
        return _SPACE_WEIGHT
    if base.isalpha():  # letters of other scripts: after z, in code point order
        return 0x8000 + min(ord(base), 0x7FFF)
    return 0x0100 + min(ord(base), 0x1EFF)  # punctuation sorts before digits and letters


def sort_key(text: str) -> bytes:
    """A byte string whose plain byte order is Vietnamese alphabetical order.

    Bytes compare the same way in Python, SQLite (BLOB) and PostgreSQL (bytea), so the key can be
    stored and used in ORDER BY, where the database's own collation would get Vietnamese wrong.
    """
    primary, secondary, tertiary = bytearray(), bytearray(), bytearray()
    for ch in unicodedata.normalize("NFC", text.strip()):
        weight, tone, case = _char_weights(ch)
        primary += weight
        secondary.append(tone)
        tertiary.append(case)
    return bytes(primary) + b"\x00\x00" + bytes(secondary) + b"\x00" + bytes(tertiary)


@lru_cache(maxsize=4096)
def _char_weights(ch: str) -> tuple[bytes, int, int]:
    """(primary weight as 2 bytes, tone + 1, case) of one NFC character: a few hundred distinct
    characters make up Vietnamese text, so each is worked out once (sorting 30,000 names)."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = next((TONE_MARKS[m] for m in decomposed if m in TONE_MARKS), 0)
    base_upper = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in TONE_MARKS))
    base = base_upper.lower()
    weight = _primary_weight(base[:1] if len(base) != 1 else base)
    return weight.to_bytes(2, "big"), tone + 1, 2 if base_upper != base else 1


def vietnamese_sorted(items, key=lambda item: item):
    """Sort items by a text key in Vietnamese alphabetical order."""
    return sorted(items, key=lambda item: sort_key(key(item) or ""))


# --- Legacy encodings ------------------------------------------------------------------------------
# TCVN3 (ABC, .VnTime) and VNI-Windows text pasted through a Unicode path shows tell-tale characters
# that never occur in Vietnamese Unicode text. We only detect; conversion is offered, never silent.
# Characters TCVN3 uses for Vietnamese letters and VNI never produces (VNI reuses Latin-1 vowels).
_TCVN3_MARKERS = set("¸µ¶·¹¨»¾¼½Æ©®¬«ßÜ§¦¡¢£¤¥\u00ad")
# VNI's second bytes, less the ones that are Vietnamese letters themselves: "uô", "gió", "giúp", "giò"
# are real words (with them, 211 of the 1,151 strings of the real sample were flagged as VNI).
_VNI_PATTERN = re.compile(r"[aeoAEOuUyYiI][øûïöäåæçëÏØÛÖÄÅÆÇË]|ñ|Ñ")


def looks_like_mojibake(text: str) -> str | None:
    """Return "TCVN3" or "VNI" when text looks like a legacy-encoded Vietnamese text, else None."""
    if not text:
        return None
    if sum(1 for ch in text if ch in _TCVN3_MARKERS) >= 2:
        return "TCVN3"
    if len(_VNI_PATTERN.findall(text)) >= 2:
        return "VNI"
    return None
