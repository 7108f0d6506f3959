"""Words and phrases that do not say which procedure a citizen needs (`stopwords.json`, reviewed data).

Citizens ask in sentences: "cho tôi hỏi bố tôi mất hôm qua ở quê Nghệ An thì phải làm gì". Only
"mất" says what happened; the asking ("cho tôi hỏi", "phải làm gì"), the people ("bố tôi"), the time
("hôm qua") and the place ("ở quê Nghệ An") say nothing about the procedure, yet a rare word among
them ("Nghệ An" in one procedure's name) can put an unrelated procedure first.

* **Phrases** (asking, times, provinces and cities) are taken out of the query before anything is
  matched, unless nothing would be left.
* **Offices** named in everyday words ("bên thuế", "công an xã", "ra phường", "sở tư pháp") say
  where the citizen goes, not what is filed. One that tells a sector stays as words that ask for
  nothing (names._mark_office: a name of that sector holding them gains, no other name lacks them);
  one telling only a level or where to file is taken out like the phrases. What each tells goes
  with the reading (`Office`): context the ranking prefers a little (query._by_office).
* **Words** (asking, people and kinship, time, place, glue, classifiers) stay in the query as words
  that weigh little (names.INTENT_WEIGHT) and are never "corrected" into a catalogue word. Typed
  with tones a word is compared with its tones; typed without, it counts only when every name word
  folding to it is itself one of these words (computed per catalogue by NameIndex: "ngoai" stays a
  content word while names hold "ngoài").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Office:
    """What the offices a query names say: the levels (xa, tinh, trung_uong) and the sectors
    (stopwords.json «office_marks» keys); empty when it names none, or only where to file."""

    levels: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()
    words: frozenset[int] = frozenset()  # where the office's words are in Reading.words: they ask for nothing

    def __bool__(self) -> bool:
        return bool(self.levels or self.sectors)


@lru_cache(maxsize=1)
def _office_says() -> dict[tuple[str, ...], tuple[str, str]]:
    """Folded words of each office phrase → (level, sector) it says ("" for none)."""
    return {
        tuple(folded_form(w) for w in tokens(phrase)): (entry.get("level", ""), entry.get("sector", ""))
        for entry in _data().get("offices", [])
        for phrase in entry["phrases"]
    }


@lru_cache(maxsize=1)
def office_marks() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Sector → the words (exact forms) that tell a procedure is handled there, in its sector,
    agency or name ("công an": công an, cảnh sát, xuất nhập cảnh…)."""
    return {
        sector: tuple(tuple(exact_form(w) for w in tokens(m)) for m in marks)
        for sector, marks in _data().get("office_marks", {}).items()
    }


@lru_cache(maxsize=1)
def _marks_by_first_word() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """A mark's first word → (sector, mark): a text is read once, word by word, not once per mark
    (the first office query after a refresh reads thousands of names)."""
    found: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for sector, marks in office_marks().items():
        for mark in marks:
            if mark:
                found.setdefault(mark[0], []).append((sector, mark))
    return {word: tuple(pairs) for word, pairs in found.items()}


def office_sectors(text: str) -> frozenset[str]:
    """The sectors whose marks the text (a procedure's sector, agency and name) holds as words."""
    words = [exact_form(w) for w in tokens(text)]
    by_first = _marks_by_first_word()
    found = set()
    for at, word in enumerate(words):
        for sector, mark in by_first.get(word, ()):
            if sector not in found and tuple(words[at : at + len(mark)]) == mark:
                found.add(sector)
    return frozenset(found)


@lru_cache(maxsize=1)
def _phrases() -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Folded first word → (exact words, folded words) of each stop phrase and office, longest first."""
    out: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    groups = [*_data()["phrases"].values(), *(entry["phrases"] for entry in _data().get("offices", []))]
    for group in groups:
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


def _phrase_spans(words: list[str], paired: Callable[[str, str], bool] | None = None) -> list[tuple[int, int]]:
    """(start, length) of each stop phrase of the query's words, left to right, longest first (a word
    typed with tones compares with them, one typed without compares folded). `paired` (folded
    words → a procedure name holds them side by side): a phrase whose last word goes on into such
    a pair with the word after it is no stop phrase there ("nhà ở xã hội": xã hội, not "ở xã")."""
    exact = [exact_form(w) for w in words]
    folded = [folded_form(w) for w in words]
    toned = [typed_with_tones(w) for w in words]
    index = _phrases()
    spans: list[tuple[int, int]] = []
    at = 0
    while at < len(words):
        for p_exact, p_folded in index.get(folded[at], ()):
            n = len(p_folded)
            if paired is not None and at + n < len(words) and paired(folded[at + n - 1], folded[at + n]):
                continue
            if tuple(folded[at : at + n]) == p_folded and all(
                not toned[at + i] or exact[at + i] == p_exact[i] for i in range(n)
            ):
                spans.append((at, n))
                at += n
                break
        else:
            at += 1
    return spans


def without_phrases(words: list[str]) -> list[str]:
    """The query's words without its stop phrases; all of them when nothing else would be left."""
    if len(words) < 2:
        return words
    gone = {at + i for at, n in _phrase_spans(words) for i in range(n)}
    keep = [w for i, w in enumerate(words) if i not in gone]
    return keep if keep else words


CLAUSE_END = re.compile(r"[,.?!;:…\n]+")


@dataclass(frozen=True)
class Reading:
    """A query read for what it asks: its words without the stop phrases, where a phrase that opens
    a need was taken out ("làm sao sang tên sổ đỏ": the need starts at "sang"), and the words a
    phrase announcing the question introduces, to the end of its clause ("cho em hỏi thủ tục tách
    hộ khẩu. Vợ chồng tôi…": the request stated first, the story after)."""

    words: list[str]
    need_starts: frozenset[int] = frozenset()  # positions in `words`
    asked: tuple[tuple[int, int], ...] = ()  # [start, end) in `words`
    clauses: tuple[int, ...] = ()  # the clause of each of `words` (clauses end at punctuation)
    office: Office = Office()  # what the offices named say (level, sector) and where they are


def read_request(text: str, paired: Callable[[str, str], bool] | None = None) -> Reading:
    """The query's words (as without_phrases) and where its request is said (stopwords.json «need
    phrases», «question»): clauses end at punctuation. `paired`: as _phrase_spans."""
    words: list[str] = []
    clause: list[int] = []
    for number, part in enumerate(CLAUSE_END.split(text or "")):
        found = tokens(part)
        words += found
        clause += [number] * len(found)
    if len(words) < 2:
        return Reading(words, clauses=tuple(clause))
    spans = _phrase_spans(words, paired)
    # an office of a sector stays, as words that ask for nothing (the sector's names may hold them:
    # "công an", "thuế"); one telling only a level or where to file goes like a phrase ("xã" of
    # "ủy ban xã" is a word of every "hợp tác xã"). What each tells stays with the reading.
    says = _office_says()
    told = {(at, n): says.get(tuple(folded_form(w) for w in words[at : at + n]), ("", "")) for at, n in spans}
    sectoral = {span for span, (_level, sector) in told.items() if sector}
    gone = {at + i for at, n in spans if (at, n) not in sectoral for i in range(n)}
    office_words = {at + i for at, n in sectoral for i in range(n)}
    if len(gone) == len(words) or not set(range(len(words))) - gone - office_words:
        return Reading(words, clauses=tuple(clause))
    kept = [i for i in range(len(words)) if i not in gone]
    office = Office(
        frozenset(level for level, _sector in told.values() if level),
        frozenset(sector for _level, sector in told.values() if sector),
        frozenset(at for at, raw in enumerate(kept) if raw in office_words),
    )
    position = {raw: at for at, raw in enumerate(kept)}
    need_phrases, questions = _request_phrases()
    starts: set[int] = set()
    asked: list[tuple[int, int]] = []
    for at, n in spans:
        phrase = tuple(folded_form(w) for w in words[at : at + n])
        following = next((position[i] for i in range(at + n, len(words)) if i in position), None)
        if following is None:
            continue
        if phrase in need_phrases:
            starts.add(following)
        if phrase in questions:
            end = following
            while end < len(kept) and clause[kept[end]] == clause[at + n - 1]:
                end += 1
            if end > following:
                asked.append((following, end))
    return Reading([words[i] for i in kept], frozenset(starts), tuple(asked), tuple(clause[i] for i in kept), office)


@lru_cache(maxsize=1)
def _request_phrases() -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]:
    data = _data()

    def folded(group: str) -> frozenset[tuple[str, ...]]:
        return frozenset(tuple(folded_form(w) for w in tokens(p)) for p in data.get(group, []))

    return folded("need_phrases"), folded("question")


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
