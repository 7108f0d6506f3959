"""Words and phrases that do not say which procedure a citizen needs (`stopwords.json`, reviewed data).

Citizens ask in sentences: "cho tôi hỏi bố tôi mất hôm qua ở quê Nghệ An thì phải làm gì". Only
"mất" says what happened; the asking ("cho tôi hỏi", "phải làm gì"), the people ("bố tôi"), the time
("hôm qua") and the place ("ở quê Nghệ An") say nothing about the procedure, yet a rare word among
them ("Nghệ An" in one procedure's name) can put an unrelated procedure first.

* **Phrases** (asking, times, provinces and cities) are taken out of the query before anything is
  matched, unless nothing would be left.
* **Words** (asking, people and kinship, time, place, glue, classifiers) stay in the query as words
  that weigh little (names.INTENT_WEIGHT) and are never "corrected" into a catalogue word. Typed
  with tones a word is compared with its tones; typed without, it counts only when every name word
  folding to it is itself one of these words (computed per catalogue by NameIndex: "ngoai" stays a
  content word while names hold "ngoài").
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ..text import fold as fold_plain
from .analysis import exact_form, folded_form, tokens

STOPWORDS_FILE = Path(__file__).with_name("stopwords.json")


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(STOPWORDS_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Exact forms (tones kept) of the single stop words."""
    return frozenset(exact_form(w) for group in _data()["words"].values() for w in group)


@lru_cache(maxsize=1)
def folded_stop_words() -> frozenset[str]:
    """Folded forms of the stop words: a catalogue decides which of them are unambiguous untoned."""
    return frozenset(folded_form(w) for group in _data()["words"].values() for w in group)


@lru_cache(maxsize=1)
def _phrases() -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Folded first word → (exact words, folded words) of each stop phrase, longest first."""
    out: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for group in _data()["phrases"].values():
        for phrase in group:
            words = tokens(phrase)
            if words:
                entry = (tuple(exact_form(w) for w in words), tuple(folded_form(w) for w in words))
                out.setdefault(entry[1][0], []).append(entry)
    for entries in out.values():
        entries.sort(key=lambda e: -len(e[1]))
    return out


def typed_with_tones(word: str) -> bool:
    return fold_plain(word) != word.lower()


def without_phrases(words: list[str]) -> list[str]:
    """The query's words without its stop phrases (a word typed with tones compares with them,
    one typed without compares folded); all of them when nothing else would be left."""
    if len(words) < 2:
        return words
    exact = [exact_form(w) for w in words]
    folded = [folded_form(w) for w in words]
    toned = [typed_with_tones(w) for w in words]
    index = _phrases()
    keep: list[str] = []
    at = 0
    while at < len(words):
        for p_exact, p_folded in index.get(folded[at], ()):
            n = len(p_folded)
            if tuple(folded[at : at + n]) == p_folded and all(
                not toned[at + i] or exact[at + i] == p_exact[i] for i in range(n)
            ):
                at += n
                break
        else:
            keep.append(words[at])
            at += 1
    return keep if keep else words


def is_stop_word(word: str) -> bool:
    """A stop word without a catalogue at hand (tools): typed with tones compared with them, typed
    without compared folded (NameIndex.is_intent also asks that no name word folds to it)."""
    exact = exact_form(word)
    return exact in stop_words() or (not typed_with_tones(word) and folded_form(word) in folded_stop_words())


@lru_cache(maxsize=1)
def _need_words() -> tuple[frozenset[str], frozenset[str]]:
    words = _data().get("need", [])
    return frozenset(exact_form(w) for w in words), frozenset(folded_form(w) for w in words)


def opens_need(word: str) -> bool:
    """A word that opens what the citizen needs ("muốn", "cần", "xin"… `stopwords.json` «need»):
    typed with tones compared with them, typed without compared folded (the caller asks the
    neighbours whether an untoned one is meant so: "can cuoc" is căn cước)."""
    exact, folded = _need_words()
    return exact_form(word) in exact if typed_with_tones(word) else folded_form(word) in folded
