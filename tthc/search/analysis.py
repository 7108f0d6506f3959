"""Vietnamese text analysis for search: the two token forms, tokens, synonyms.

Two forms of every word: *exact* (tthc.text.canonical_tones: tones kept, old/new tone placement
equal, so hòa = hoà ≠ hoa) and *folded* (tthc.text.fold: no marks, đ→d, what a citizen types without
a Vietnamese keyboard). No stop words, no stemming: Vietnamese syllables are words, and English
stop lists drop real ones (ở, y, ý, an).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..syllables import exact_form, folded_form, same_i_y  # noqa: F401  (the forms search compares)
from ..text import fold, nfc

WORD_PATTERN = r"\w+"
_WORD_RE = re.compile(WORD_PATTERN)
SYNONYMS_FILE = Path(__file__).with_name("synonyms.json")
# A procedure code: 1.001193, 2.000518, 1.001612.000.00.00.H01, TAM-0001.
CODE_RE = re.compile(r"^(?:\d+\.\d{3,}(?:\.[0-9A-Za-z]+)*|TAM-\d+)$", re.IGNORECASE)


def tokens(text: str) -> list[str]:
    """NFC word tokens of a query or a name, lower case."""
    return _WORD_RE.findall(nfc(text or "").lower())


def looks_like_code(text: str) -> bool:
    return bool(CODE_RE.match(text.strip()))


@dataclass(frozen=True)
class Unit:
    """One part of a parsed query: a word, or a group of equivalent phrases (a synonym)."""

    words: tuple[str, ...]  # what the citizen typed (NFC, lower case)
    alternatives: tuple[tuple[str, ...], ...] = ()  # synonym phrases, each a tuple of words

    @property
    def is_synonym(self) -> bool:
        return bool(self.alternatives)

    def phrases(self) -> tuple[tuple[str, ...], ...]:
        return (self.words,) + tuple(a for a in self.alternatives if a != self.words)


@lru_cache(maxsize=1)
def _shipped_synonyms() -> dict:
    return json.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))


def shipped_groups() -> list[list[str]]:
    """The synonym groups shipped in synonyms.json (phrases as written)."""
    return [list(g) for g in _shipped_synonyms()["groups"]]


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    raw = _shipped_synonyms().get("abbreviations", {})
    return {nfc(short).lower(): nfc(full) for short, full in raw.items()}


_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _abbreviation_pattern() -> re.Pattern[str] | None:
    """The short forms, longest first, each a whole word or run of words ("đủ đk" before "đk")."""
    table = _abbreviations()
    if not table:
        return None
    keys = sorted(table, key=lambda k: (-len(k.split()), -len(k)))
    body = "|".join(r"\s+".join(re.escape(w) for w in k.split()) for k in keys)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def expand_abbreviations(text: str, untoned: bool = False) -> str:
    """The query with its short forms written out ("cty" → "công ty", "hộ kd" → "hộ kinh doanh"):
    a short form is a spelling of plain words, read as those words, not as an everyday name of a
    thing the way a synonym group's phrase is (synonyms.json «abbreviations»). A short form of two
    words reads one of them by its neighbour ("đủ đk": đủ điều kiện, where "đk" alone is đăng ký).
    `untoned`: the query's other words carry no tones, so the words written out carry none either
    ("mk muon lam giay khai sinh": minh, read like the rest, not a toned "mình" in an untoned query)."""
    pattern = _abbreviation_pattern()
    if pattern is None:
        return text
    table = _abbreviations()

    def written_out(m: re.Match[str]) -> str:
        full = table.get(" ".join(m.group(0).lower().split()), m.group(0))
        return " ".join(folded_form(w) for w in full.split()) if untoned else full

    return pattern.sub(written_out, text)


def is_short_form(word: str) -> bool:
    """A word synonyms.json «abbreviations» writes out on its own ("đk", "mk", "cty")."""
    return word.lower() in _abbreviations()


# Telex with the keyboard off: the tone typed as a letter after the syllable or before its final
# consonant ("dduowcj", "lafm"), the marked vowels as doubled letters or a "w" ("aa" â, "ow" ơ)
_TELEX_TONES = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_TELEX_MARKS: tuple[tuple[str, str], ...] = (
    ("uwow", "ươ"),
    ("uow", "ươ"),
    ("ow", "ơ"),
    ("uw", "ư"),
    ("aw", "ă"),
    ("aa", "â"),
    ("ee", "ê"),
    ("oo", "ô"),
    ("w", "ư"),
)
_TELEX_MID = re.compile(r"^([a-z]*[aeiouyw])([sfrxj])(ch|ng|nh|c|m|n|p|t)$")
_VOWELS = "aăâeêioôơuưy"


def _tone_at(body: str) -> int:
    """Where a syllable's tone mark goes: a marked vowel (the last, ươ → ơ), else before a final
    consonant the last vowel, else the middle of three vowels or the first of two."""
    start = 2 if body.startswith(("qu", "gi")) and len(body) > 2 and body[2] in _VOWELS else 0
    run = [i for i in range(start, len(body)) if body[i] in _VOWELS]
    if not run:
        return -1
    end = run[0]
    while end + 1 < len(body) and body[end + 1] in _VOWELS:
        end += 1
    nucleus = list(range(run[0], end + 1))
    marked = [i for i in nucleus if body[i] in "ăâêôơư"]
    if marked:
        return marked[-1]
    if end + 1 < len(body) or len(nucleus) == 1:
        return nucleus[-1]
    return nucleus[1] if len(nucleus) == 3 else nucleus[0]


def untelex(word: str) -> str:
    """The syllable a word typed in Telex with the Vietnamese keyboard off spells ("dduowcj" →
    "được", "lafm" → "làm", "giaays" → "giấy"), or the word as typed: a plain untoned syllable, a
    loanword or short form ("visa", "cccd"), letters whose Telex reading is no syllable of the
    dictionary (tthc.search.dictionary: without it nothing is read as Telex)."""
    from .dictionary import is_vietnamese

    plain = word.lower()
    if len(plain) < 3 or not plain.isascii() or not plain.isalpha() or not re.search("[aeiouy]", plain):
        return word
    if is_vietnamese(plain):
        return word
    tone, body = "", plain
    mid = _TELEX_MID.match(plain)
    if plain[-1] in _TELEX_TONES:
        tone, body = _TELEX_TONES[plain[-1]], plain[:-1]
    elif mid:
        tone, body = _TELEX_TONES[mid.group(2)], mid.group(1) + mid.group(3)
    if body.startswith("dd"):
        body = "đ" + body[2:]
    for typed, mark in _TELEX_MARKS:
        body = body.replace(typed, mark)
    if body == plain or not re.fullmatch(f"[bcdđghklmnpqrstvx{_VOWELS}]+", body):
        return word
    at = _tone_at(body)
    if tone and at < 0:
        return word  # (a tone on no vowel)
    if not tone:  # marks without a tone ("ddang"): the tones are left out, the word is read untoned
        return fold(body) if is_vietnamese(body) else word
    read = nfc(body[: at + 1] + tone + body[at + 1 :])
    return read if is_vietnamese(read) else word


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[tuple[str, ...], ...], ...]:
    """The shipped synonym groups, each phrase as a tuple of NFC lower-case words."""
    return _as_words(tuple(tuple(g) for g in shipped_groups()))


def _as_words(groups) -> tuple[tuple[tuple[str, ...], ...], ...]:
    return tuple(tuple(tuple(tokens(phrase)) for phrase in group if tokens(phrase)) for group in groups)


@lru_cache(maxsize=32)
def synonym_lookup(extra: tuple[tuple[str, ...], ...] = ()) -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """folded phrase → every phrase of its groups: the shipped groups plus `extra` (the groups staff
    added in the database, which an index carries from its build)."""
    lookup: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for group in synonym_groups() + _as_words(extra):
        for phrase in group:
            key = tuple(folded_form(w) for w in phrase)
            lookup[key] = tuple(dict.fromkeys(lookup.get(key, ()) + group))
    return lookup


@lru_cache(maxsize=32)
def synonym_spellings(extra: tuple[tuple[str, ...], ...] = ()) -> dict[tuple[str, ...], frozenset[tuple[str, ...]]]:
    """folded phrase → the exact forms (with tones) the groups spell it with."""
    out: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for group in synonym_groups() + _as_words(extra):
        for phrase in group:
            out.setdefault(tuple(folded_form(w) for w in phrase), set()).add(tuple(exact_form(w) for w in phrase))
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=32)
def _longest_phrase(extra: tuple[tuple[str, ...], ...] = ()) -> int:
    """The most words of a phrase in synonym_lookup(extra): read once per set of groups (as the
    lookup itself is), not over every phrase for every query."""
    return max((len(k) for k in synonym_lookup(extra)), default=1)


def _spelt_alike(words: list[str], spellings: frozenset[tuple[str, ...]]) -> bool:
    """The words typed with tones are spelt so in one of the phrases (chưa is not chùa); words typed
    without tones match any."""
    exact = [exact_form(w) for w in words]
    toned = [fold(w) != w.lower() for w in words]
    return any(all(not t or e == p for t, e, p in zip(toned, exact, spelt, strict=True)) for spelt in spellings)


def parse_units(
    words: list[str], extra: tuple[tuple[str, ...], ...] = (), beside: Callable[[int], frozenset[str]] | None = None
) -> list[Unit]:
    """Split query words into units, grouping the longest phrases found in the synonym lists (words
    typed with tones must be spelt so in the phrase). `beside` (a query typed without any tones): the
    spellings the texts give the word at a place beside its neighbours; a one-word phrase is not met
    where they read the word as another ("xuong cap": xuống, not the boat xuồng; "vat lieu": vật, not
    VAT)."""
    lookup = synonym_lookup(extra)
    spellings = synonym_spellings(extra)
    longest = _longest_phrase(extra)
    folded = [folded_form(w) for w in words]
    units, i = [], 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            key = tuple(folded[i : i + size])
            if size == 1 and beside is not None and key in lookup and _read_otherwise(beside(i), spellings[key]):
                continue
            if key in lookup and _spelt_alike(words[i : i + size], spellings[key]):
                units.append(Unit(tuple(words[i : i + size]), lookup[key]))
                i += size
                break
        else:
            units.append(Unit((words[i],)))
            i += 1
    return units


def _read_otherwise(read: frozenset[str], spellings: frozenset[tuple[str, ...]]) -> bool:
    """The texts read the word (`read`: its spellings there) and never as one of the phrase's `spellings`."""
    return bool(read) and not any(spelt[0] in read for spelt in spellings)


def toned_forms(names) -> dict[str, str]:
    """folded word → the toned spelling names use most, to show a suggestion with its tones."""
    from collections import Counter

    counts: Counter[tuple[str, str]] = Counter()
    for name in names:
        counts.update((folded_form(w), w) for w in tokens(name))
    best: dict[str, str] = {}
    for (folded, word), _count in counts.most_common():
        best.setdefault(folded, word)
    return best


def distinct_phrases(items: Iterable[str], max_words: int, too_long: Callable[[str], Exception]) -> list[str]:
    """Each item as its words (NFC), in order: empty items dropped, and an item whose folded words repeat an
    earlier one's too. An item of more than `max_words` words raises `too_long(its first 40 characters)`.
    Staff synonym groups and event phrasings are both cleaned this way."""
    phrases: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for item in items:
        words = tokens(nfc(item or ""))
        if not words:
            continue
        if len(words) > max_words:
            raise too_long(" ".join(words)[:40])
        key = tuple(folded_form(w) for w in words)
        if key not in seen:
            seen.add(key)
            phrases.append(" ".join(words))
    return phrases
