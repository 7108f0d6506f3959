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


def expand_abbreviations(text: str) -> str:
    """The query with its short forms written out ("cty" → "công ty", "hộ kd" → "hộ kinh doanh"):
    a short form is a spelling of plain words, read as those words, not as an everyday name of a
    thing the way a synonym group's phrase is (synonyms.json «abbreviations»)."""
    table = _abbreviations()
    return _WORD.sub(lambda m: table.get(m.group(0).lower(), m.group(0)), text) if table else text


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
