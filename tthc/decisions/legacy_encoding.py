"""TCVN3 (ABC, .VnTime) and VNI-Windows text pasted as if it were Unicode, converted back to Unicode.

Only ever applied when the person drafting accepts the offer (tthc.decisions.checks flags the field
with tthc.text.looks_like_mojibake); never applied silently.
"""

from __future__ import annotations

import re
import unicodedata

from ..text import looks_like_mojibake

# TCVN 5712:1993 (VN3): one byte per letter, shown here as the Windows-1252 character it becomes.
# Capitals with a tone mark have no code in VN3 (the .VnTimeH font draws the lower-case codes as
# capitals), so converted text keeps them lower case; the person accepting the offer sees the result.
_TCVN3 = {
    "a": "µ¸¶·¹",
    "ă": "»¾¼½Æ",
    "â": "ÇÊÈÉË",
    "e": "ÌÐÎÏÑ",
    "ê": "ÒÕÓÔÖ",
    "i": "×ÝØÜÞ",
    "o": "ßãáâä",
    "ô": "åèæçé",
    "ơ": "êíëìî",
    "u": "ïóñòô",
    "ư": "õøö÷ù",
    "y": "úýûüþ",
}
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng (the order of the tables)
TCVN3_TO_UNICODE = {
    "¨": "ă",
    "©": "â",
    "ª": "ê",
    "«": "ô",
    "¬": "ơ",
    "\u00ad": "ư",
    "®": "đ",
    "¡": "Ă",
    "¢": "Â",
    "£": "Ê",
    "¤": "Ô",
    "¥": "Ơ",
    "¦": "Ư",
    "§": "Đ",
}
for _base, _codes in _TCVN3.items():
    for _tone, _code in zip(_TONES, _codes, strict=True):
        TCVN3_TO_UNICODE[_code] = unicodedata.normalize("NFC", _base + _tone)

# VNI-Windows: the base letter, then one byte for the mark(s); a few letters are one byte of their own.
_VNI_TONE = dict(zip(_TONES, "øùûõï", strict=True))  # after a, e, o, u, y
_VNI_CIRCUMFLEX = dict(zip(("",) + tuple(_TONES), "âàáåãä", strict=True))  # â, ê, ô
_VNI_BREVE = dict(zip(("",) + tuple(_TONES), "êèéúüë", strict=True))  # ă
_VNI_I = dict(zip(_TONES, "ìíæóò", strict=True))
VNI_TO_UNICODE: dict[str, str] = {"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "î": "ỵ", "Î": "Ỵ"}


def _add_vni(unicode_base: str, vni_base: str, marks: dict[str, str]) -> None:
    for tone, mark in marks.items():
        for upper in (False, True):
            letter = unicodedata.normalize("NFC", unicode_base + tone)
            VNI_TO_UNICODE[(vni_base + mark).upper() if upper else vni_base + mark] = (
                letter.upper() if upper else letter
            )


for _vowel in "aeouy":
    _add_vni(_vowel, _vowel, _VNI_TONE)
for _vowel, _hat in (("a", "â"), ("e", "ê"), ("o", "ô")):
    _add_vni(_hat, _vowel, _VNI_CIRCUMFLEX)
_add_vni("ă", "a", _VNI_BREVE)
_add_vni("ơ", "ô", _VNI_TONE)
_add_vni("ư", "ö", _VNI_TONE)
_add_vni("i", "", _VNI_I)
VNI_TO_UNICODE = {k: v for k, v in VNI_TO_UNICODE.items() if k}

_TCVN3_RE = re.compile("|".join(map(re.escape, TCVN3_TO_UNICODE)))
_VNI_RE = re.compile("|".join(map(re.escape, sorted(VNI_TO_UNICODE, key=len, reverse=True))))


def convert_legacy(text: str, encoding: str) -> str:
    """Text typed in TCVN3 or VNI (as detected by looks_like_mojibake) → NFC Unicode."""
    if encoding == "TCVN3":
        converted = _TCVN3_RE.sub(lambda m: TCVN3_TO_UNICODE[m.group(0)], text)
    elif encoding == "VNI":
        converted = _VNI_RE.sub(lambda m: VNI_TO_UNICODE[m.group(0)], text)
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    return unicodedata.normalize("NFC", converted)


_VIETNAMESE_LETTERS = set(TCVN3_TO_UNICODE.values()) | set(VNI_TO_UNICODE.values())
_VIETNAMESE_LETTERS |= {unicodedata.normalize("NFC", b + t) for b in "aeiouyAEIOUY" for t in _TONES}


# TCVN3 codes that are symbols, not letters, in Unicode (« and » are left out: real quotation marks).
_TCVN3_SYMBOLS = {ch for ch in TCVN3_TO_UNICODE if not ch.isalpha() and ch not in "«»"}
_VOWELS = set("aăâeêioôơuưy")
# Vowel pairs that occur inside Vietnamese syllables (tones removed); any other pair is a decoding slip.
_VOWEL_PAIRS = set("ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê".split())


def _strip_tones(ch: str) -> str:
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", ch) if c not in _TONES))


# Toned letter → its base letter, lower case (str.translate: the whole text in one C-level pass).
_BASE_TABLE = str.maketrans({ch: _strip_tones(ch).lower() for ch in _VIETNAMESE_LETTERS if len(ch) == 1})
# Runs of two or more vowel letters (toned or not, any case); only these are looked at closely.
_VOWEL_LETTERS = "".join(
    sorted(
        ch for ch in _VIETNAMESE_LETTERS | set("aeiouyAEIOUY") if len(ch) == 1 and _strip_tones(ch).lower() in _VOWELS
    )
)
_VOWEL_RUN_RE = re.compile("[" + re.escape(_VOWEL_LETTERS) + "]{2,}")
# Non-ASCII characters that are not Vietnamese letters (regex scans in C; the few hits are then judged).
_SINGLE_LETTERS = "".join(sorted(ch for ch in _VIETNAMESE_LETTERS if len(ch) == 1))
_ODD_RE = re.compile("[^\\x00-\\x7f" + re.escape(_SINGLE_LETTERS) + "]")


def _implausibility(text: str) -> int:
    """Letters foreign to Vietnamese plus vowel pairs no Vietnamese syllable has."""
    foreign = sum(1 for ch in _ODD_RE.findall(text) if ch.isalpha() or ch in _TCVN3_SYMBOLS)
    pairs = 0
    for run in _VOWEL_RUN_RE.findall(text):
        based = run.lower().translate(_BASE_TABLE)
        pairs += sum(1 for a, b in zip(based, based[1:], strict=False) if a + b not in _VOWEL_PAIRS)
    return foreign + pairs


def legacy_offer(text: str) -> tuple[str, str] | None:
    """(encoding, converted text) when `text` looks like TCVN3/VNI mojibake, else None.

    looks_like_mojibake says "legacy"; VNI and TCVN3 share marker characters, so the encoding whose
    conversion leaves the fewest letters foreign to Vietnamese wins, and only if it beats the original.
    """
    detected = looks_like_mojibake(text)
    if detected is None:
        return None
    original = _implausibility(text)
    if original == 0:  # nothing to improve on: the detector fired on real Unicode ("nuôi" looks like VNI)
        return None
    candidates = [(enc, convert_legacy(text, enc)) for enc in (detected, "VNI" if detected == "TCVN3" else "TCVN3")]
    encoding, converted = min(candidates, key=lambda c: _implausibility(c[1]))
    return (encoding, converted) if _implausibility(converted) < original else None
