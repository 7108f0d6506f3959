"""Ranking and highlighting on procedure names, shared by the Whoosh index and the in-memory scan.

BM25 alone ranks long names that repeat the query's words above the short name the citizen meant
("đăng ký khai sinh" must put *Đăng ký khai sinh* first), so the top candidates are rescored by how
much of the query the name covers, how much of the name the query covers, word order and proximity,
and whether the tones typed match exactly.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from ..text import nfc
from .analysis import Unit, exact_form, folded_form
from .pacing import paced

_WORD_RE = re.compile(r"\w+")
# Many names start with "Thủ tục": it says nothing about which procedure the citizen meant.
_LEADING = ("thu", "tuc")
FUZZY_MIN_LENGTH = 3
WEIGHTS = {"base": 0.35, "query_cover": 1.0, "name_cover": 0.6, "order": 0.4, "start": 0.15}
STATUS_PENALTY = {"abolished": 0.6, "upcoming": 0.1}


@lru_cache(maxsize=65536)
def deletions(word: str) -> frozenset[str]:
    """The word and every form of it with one letter removed."""
    return frozenset({word} | {word[:i] + word[i + 1 :] for i in range(len(word))})


def one_typo(a: str, b: str) -> bool:
    """One wrong, missing or extra letter, or two neighbouring letters swapped."""
    if a == b:
        return True
    if min(len(a), len(b)) < FUZZY_MIN_LENGTH - 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diffs) == 1 or (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    if abs(len(a) - len(b)) == 1:
        shorter, longer = (a, b) if len(a) < len(b) else (b, a)
        return shorter in deletions(longer)
    return False


Word = tuple[str, str]  # (exact form, folded form)


class QueryWords:
    """The query's words in both forms, with synonym alternatives, ready to compare with names."""

    def __init__(self, units: list[Unit]):
        self.units = units
        self.phrases: list[tuple[int, list[tuple[Word, ...]]]] = [
            (len(u.words), [tuple((exact_form(w), folded_form(w)) for w in p) for p in u.phrases()]) for u in units
        ]
        self.typed: tuple[Word, ...] = tuple((exact_form(w), folded_form(w)) for u in units for w in u.words)
        self.folded_vocabulary = {f for _n, phrases in self.phrases for p in phrases for _e, f in p}

    def __bool__(self) -> bool:
        return bool(self.units)


def word_match(query_word: Word, name_word: Word) -> float:
    """1 for the same word (tones as typed), a little less for the same word without tones,
    less again for one wrong letter."""
    (q_exact, q_folded), (n_exact, n_folded) = query_word, name_word
    if q_folded == n_folded:
        if q_exact in (n_exact, q_folded):  # same tones, or none typed
            return 1.0
        return 0.85
    if len(q_folded) >= FUZZY_MIN_LENGTH and one_typo(q_folded, n_folded):
        return 0.6
    return 0.0


@lru_cache(maxsize=65536)
def name_words(name: str) -> tuple[Word, ...]:
    words = [w.lower() for w in _WORD_RE.findall(nfc(name))]
    forms = tuple((exact_form(w), folded_form(w)) for w in words)
    if tuple(f for _e, f in forms[:2]) == _LEADING and len(forms) > 2:
        forms = forms[2:]
    return forms


@lru_cache(maxsize=65536)
def _positions(name: str) -> dict[str, list[int]]:
    """folded word → its positions in the name."""
    positions: dict[str, list[int]] = {}
    for i, (_exact, folded) in enumerate(name_words(name)):
        positions.setdefault(folded, []).append(i)
    return positions


def _phrase_features(phrase: tuple[Word, ...], name: str):
    """(best match per query word, name positions used, longest in-order run)."""
    forms, where_folded = name_words(name), _positions(name)
    matches, positions = [], []
    for word in phrase:
        best, where = 0.0, -1
        for i in where_folded.get(word[1], ()):  # same word without tones: the usual case, a lookup
            score = word_match(word, forms[i])
            if score > best:
                best, where = score, i
        if best == 0.0 and len(word[1]) >= FUZZY_MIN_LENGTH:  # else look for one typo
            for i, name_word in enumerate(forms):
                if one_typo(word[1], name_word[1]):
                    best, where = 0.6, i
                    break
        matches.append(best)
        positions.append(where)
    run = longest = 0
    for previous, current in zip([-2] + positions, positions, strict=False):
        run = run + 1 if current >= 0 and current == previous + 1 else (1 if current >= 0 else 0)
        longest = max(longest, run)
    return matches, positions, longest


def name_features(query: QueryWords, name: str) -> dict[str, float]:
    forms = name_words(name)
    if not forms or not query:
        return {"query_cover": 0.0, "name_cover": 0.0, "order": 0.0, "start": 0.0}
    matched, runs, total_words = 0.0, 0.0, 0
    used: set[int] = set()
    first_position = None
    for typed_count, phrases in query.phrases:
        best: tuple[float, Any, Any] | None = None
        for phrase in phrases:  # the synonym alternative the name uses best
            features = _phrase_features(phrase, name)
            score = sum(features[0]) / len(phrase)
            if best is None or score > best[0]:
                best = (score, phrase, features)
        assert best is not None  # every typed phrase has at least itself as an alternative
        score, phrase, (_matches, positions, longest) = best
        matched += score * typed_count
        total_words += typed_count
        used.update(p for p in positions if p >= 0)
        runs += longest / len(phrase) * typed_count
        if first_position is None:
            first_position = positions[0]
    within_units = runs / total_words
    if len(query.typed) > 1 and len(query.phrases) > 1:
        order = _phrase_features(query.typed, name)[2] / len(query.typed)
    else:
        order = within_units
    return {
        "query_cover": matched / total_words,
        "name_cover": len(used) / len(forms),
        "order": order,
        "start": 1.0 if first_position == 0 else 0.0,
    }


def final_score(base: float, base_max: float, features: dict[str, float], status: str) -> float:
    score = WEIGHTS["base"] * (base / base_max if base_max > 0 else 0.0)
    score += sum(WEIGHTS[k] * v for k, v in features.items())
    return score - STATUS_PENALTY.get(status, 0.0)


@lru_cache(maxsize=65536)
def _word_spans(name: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, folded form) of each word of a name, worked out once per name."""
    return tuple((m.start(), m.end(), folded_form(m.group(0))) for m in _WORD_RE.finditer(name))


def highlight_parts(name: str, vocabulary: set[str]) -> list[tuple[str, bool]]:
    """The name cut into (text, matched) parts, the one highlighting of every search path: only the
    words the query really matched (same folded word, i/y variant, synonym or the corrected word) are
    marked — never a word merely one letter away from a query word."""
    parts, last = [], 0
    for start, end, folded in _word_spans(name):
        if folded in vocabulary:
            if start > last:
                parts.append((name[last:start], False))
            parts.append((name[start:end], True))
            last = end
    if last < len(name):
        parts.append((name[last:], False))
    return parts or [(name, False)]


def highlight(parts: list[tuple[str, bool]]) -> Markup:
    """The parts as HTML: every text escaped, matched words in <mark>."""
    return Markup("".join(f"<mark>{escape(text)}</mark>" if hit else escape(text) for text, hit in parts))


class TypoIndex:
    """Words of a vocabulary reachable with one typo (symmetric deletion: cheap to build and ask,
    unlike scanning the whole lexicon with an edit-distance automaton per query)."""

    def __init__(self, vocabulary):
        self.by_deletion: dict[str, set[str]] = {}
        for word in paced(vocabulary):
            if len(word) >= FUZZY_MIN_LENGTH - 1:
                for form in deletions(word):
                    self.by_deletion.setdefault(form, set()).add(word)

    def near(self, word: str) -> set[str]:
        """Vocabulary words one typo away (the word itself excluded)."""
        if len(word) < FUZZY_MIN_LENGTH:
            return set()
        found: set[str] = set()
        for form in deletions(word):
            found |= self.by_deletion.get(form, set())
        found.discard(word)
        return {w for w in found if one_typo(word, w)}

    def near_any(self, word: str) -> set[str]:
        """As near, for words of two letters too (a short known word one letter off: li → lai)."""
        if len(word) < FUZZY_MIN_LENGTH - 1:
            return set()
        found: set[str] = set()
        for form in deletions(word):
            found |= self.by_deletion.get(form, set())
        found.discard(word)
        return {w for w in found if one_typo(word, w)}
