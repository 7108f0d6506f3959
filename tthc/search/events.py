"""Life and business events (sự kiện): what happened in a person's life, as the steps to take.

Citizens write what happened ("vợ tôi vừa sinh em bé", "bố tôi mất tuần trước") without a word of the
procedure's name. Each event (`events.json`, package data keyed by national procedure codes) holds
the phrasings people use for it and its steps in the order a person does them, each with the
condition under which it applies (GOV.UK's step-by-step: `logic` "and"/"or" between steps, `style`
required / optional / choice). An event becomes active on whatever catalogue is loaded: a step whose
procedures are not in force here is hidden from the public (and listed for staff).

Matching is on the phrasings: a phrasing matches when its words come in the query in the same order,
at most two words apart. With tone marks typed, words compare with their tones (mất ≠ mật), else
folded. The longest matching phrasing names the event.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..text import fold as fold_plain
from .analysis import exact_form, folded_form, tokens
from .pacing import paced
from .stopwords import is_stop_word

EVENTS_FILE = Path(__file__).with_name("events.json")


@dataclass(frozen=True)
class Step:
    codes: tuple[str, ...]  # one procedure, at the levels it exists at (commune, province, central)
    title: str
    condition: str
    logic: str  # "", "and", "or": how the step follows the previous one
    style: str  # required, optional, choice


@dataclass(frozen=True)
class Event:
    slug: str
    group: str
    title: str
    description: str
    source: str
    phrases: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def codes(self) -> list[str]:
        return [c for s in self.steps for c in s.codes]


@dataclass(frozen=True)
class EventMatch:
    event: Event
    coverage: float  # weighted share of the query's content words the event's text holds
    score: float  # BM25 of the query's words and word pairs over the event's text
    lead: float  # how far the score is above the next event's (share of this one's, 0–1)
    phrasing: float = 0.0  # 1.0: some phrasing of two content words or more is in the query, whole
    held: frozenset[int] = frozenset()  # the positions of the query's content units its text holds


@dataclass(frozen=True)
class QueryUnit:
    """One content word (or phrase) of a query as events read it: its alternatives, each as the
    terms an event's text must hold (exact forms with tones where typed with tones, folded forms
    otherwise), and how much it says (weight)."""

    alternatives: tuple[tuple[str, ...], ...]
    weight: float
    content: bool = True  # a stop word (stopwords.json) adds a little to the score, nothing to the coverage


def _event(raw: dict[str, Any]) -> Event:
    return Event(
        slug=raw["slug"],
        group=raw["group"],
        title=raw["title"],
        description=raw["description"],
        source=raw["source"],
        phrases=tuple(raw["phrases"]),
        steps=tuple(
            Step(tuple(s["codes"]), s["title"], s.get("condition", ""), s.get("logic", ""), s.get("style", "required"))
            for s in raw["steps"]
        ),
    )


@lru_cache(maxsize=1)
def shipped_events() -> tuple[Event, ...]:
    data = json.loads(EVENTS_FILE.read_text(encoding="utf-8"))
    return tuple(_event(raw) for raw in data["events"])


def event_by_slug(slug: str) -> Event | None:
    return next((e for e in shipped_events() if e.slug == slug), None)


def events_of_code(code: str) -> list[Event]:
    """The events a procedure is a step of (the procedure page's "thuộc sự kiện …")."""
    return [e for e in shipped_events() if code in e.codes]


K1, B = 1.2, 0.75
# the length (words) each event's texts are normalised against: a constant near the events' average
# (a title, a description, 20+ phrasings and the steps hold about 190 words), not the average itself,
# which moved every event's score whenever one event's texts grew
EVENT_LENGTH = 190.0
CORE_SHARE = 0.2  # a word in this share of an event's phrasings is the event's own
PHRASINGS_READ = 5  # events, best first, whose phrasings are compared whole with the query
STOP_SHARE = 0.2  # what a stop word adds to an event's score, of a content word's
EXACT = "="  # prefix of a term spelt with its tones ("=mất"); folded terms have none


def _terms(text: str) -> list[str]:
    """An event text's terms: folded words and word pairs, and the same spelt with tones."""
    words = tokens(text)
    folded = [folded_form(w) for w in words]
    exact = [EXACT + exact_form(w) for w in words]
    pairs = [f"{a} {b}" for a, b in zip(folded, folded[1:], strict=False)]
    exact_pairs = [f"{a} {b[1:]}" for a, b in zip(exact, exact[1:], strict=False)]
    return folded + exact + pairs + exact_pairs


def query_term(word: str, toned: bool) -> str:
    """The term a query word looks for: with its tones when typed with them (mất never meets
    mật), folded otherwise."""
    return EXACT + exact_form(word) if toned else folded_form(word)


class EventIndex:
    """Every event as one document for BM25: its title, description, phrasings and step titles.

    A citizen's situation rarely repeats a phrasing word for word ("thằng con tôi vừa chào đời"
    against "bé mới chào đời"); the words and word pairs the event's texts hold are what carry
    over. An event answers a query by the share of the query's content words (weighted by how much
    each says) its text holds (`coverage`), ranked by BM25 over those words and pairs."""

    def __init__(self, events: tuple[Event, ...]):
        self.events = events
        counts: list[dict[str, int]] = []
        for event in paced(events, 1):
            texts = [event.title, event.description, *event.phrases, *(s.title for s in event.steps)]
            tf: dict[str, int] = {}
            for text in texts:
                for term in _terms(text):
                    tf[term] = tf.get(term, 0) + 1
            counts.append(tf)
        size = max(1, len(events))
        lengths = [sum(v for t, v in tf.items() if " " not in t and not t.startswith(EXACT)) for tf in counts]
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for i, tf in paced(enumerate(counts), 2):
            norm = K1 * (1 - B + B * lengths[i] / EVENT_LENGTH)
            for term, count in tf.items():
                self.postings.setdefault(term, []).append((i, count * (K1 + 1) / (count + norm)))
        self.idf = {term: math.log(1 + (size - len(p) + 0.5) / (len(p) + 0.5)) for term, p in self.postings.items()}
        self._vectors: dict[str, np.ndarray] = {}  # term → its value in every event (rank(), filled as asked)
        self.unknown_weight = math.log(1 + size)
        # each phrasing's content words (no stop words, but its words of absence), as (exact, folded) terms
        self.phrasings = [
            [tuple((EXACT + exact_form(w), folded_form(w)) for w in tokens(p) if _tells(w)) for p in event.phrases]
            for event in paced(events, 2)
        ]
        self._terms_cache: dict[str, frozenset[str]] = {}
        self._spoken: dict[str, list[list[tuple[str, str]]]] = {}  # each phrasing's words (said_whole)
        self._position = {event.slug: i for i, event in enumerate(events)}
        # an event's own words: those in at least CORE_SHARE of its phrasings ("mất" for a death)
        self._core: dict[str, frozenset[str]] = {}
        for event in paced(events, 2):
            seen: dict[str, int] = {}
            for phrase in event.phrases:
                for term in {t for t in _terms(phrase) if " " not in t}:
                    seen[term] = seen.get(term, 0) + 1
            least = CORE_SHARE * max(1, len(event.phrases))
            self._core[event.slug] = frozenset(t for t, n in seen.items() if n >= least)

    def core(self, event: Event) -> frozenset[str]:
        """The event's own words (folded, and spelt with tones): in CORE_SHARE of its phrasings."""
        return self._core.get(event.slug, frozenset())

    def terms_of(self, *texts: str) -> frozenset[str]:
        """The terms of a few short texts (a step's title and condition, a procedure's name), kept."""
        key = "\n".join(texts)
        found = self._terms_cache.get(key)
        if found is None:
            found = frozenset(t for text in texts for t in _terms(text))
            if len(self._terms_cache) < 20000:
                self._terms_cache[key] = found
        return found

    def _phrasing(self, i: int, typed: frozenset[str]) -> float:
        """How whole the event's best phrasing is in the query: the share of its content words the
        query holds (a word typed with tones compares with them), halved for a one-word phrasing."""
        best = 0.0
        for words in self.phrasings[i]:
            if words:
                share = sum(1 for exact, folded in words if exact in typed or folded in typed) / len(words)
                best = max(best, share if len(words) > 1 else share / 2)
        return best

    def said_whole(self, event: Event, words: list[str]) -> bool:
        """Some phrasing of the event of two words or more, stop words included, is in the query
        word for word ("vừa sinh con": its one content word is only half a phrasing, `_phrasing`,
        but the citizen typed the whole phrase the event lists). A word typed with tones compares
        with the phrasing's spelling, one typed without with its folded form."""
        typed = [_typed_term(w) for w in words]
        spoken = self._spoken.get(event.slug)
        if spoken is None:  # read when first asked: few events are
            phrases = (tokens(p) for p in event.phrases)
            spoken = [[(EXACT + exact_form(w), folded_form(w)) for w in p] for p in phrases if len(p) > 1]
            self._spoken[event.slug] = spoken
        for said in spoken:
            for start in range(len(typed) - len(said) + 1):
                if all(t in forms for t, forms in zip(typed[start:], said, strict=False)):
                    return True
        return False

    def holds_pair(self, event: Event, a: str, b: str) -> bool:
        """The event's text holds the two query terms side by side (a pair term of `rank`)."""
        i = self._position.get(event.slug)
        return i is not None and any(j == i for j, _v in self.postings.get(_pair(a, b), ()))

    def knows_pair(self, a: str, b: str) -> bool:
        """Some event's text holds the two query terms side by side (everyday language: "máy bay")."""
        return _pair(a, b) in self.postings or self.folded_pair(a, b) in self.postings

    @staticmethod
    def folded_pair(a: str, b: str) -> str:
        """The folded pair of two query terms (as the names' bigrams are written)."""
        return f"{folded_term(a)} {folded_term(b)}"

    def word_pairs(self) -> frozenset[str]:
        """The folded word pairs the events' texts hold (everyday language: "làm giấy", "mất ví")."""
        return frozenset(t for t in self.idf if " " in t and not t.startswith(EXACT))

    def spelt_pairs(self) -> dict[str, frozenset[tuple[str, str]]]:
        """Folded word pair → how the events' texts spell it (exact forms, tones as digits): "muon mo"
        → {("muôn4", "mơ2")}. An untoned query's word is read by the spellings its neighbours take
        beside it (NameIndex.spelt_beside)."""
        found: dict[str, set[tuple[str, str]]] = {}
        for term in self.idf:
            if term.startswith(EXACT) and " " in term:
                a, b = term[1:].split(" ", 1)
                found.setdefault(f"{folded_term(EXACT + a)} {folded_term(EXACT + b)}", set()).add((a, b))
        return {k: frozenset(v) for k, v in found.items()}

    def commonest_spelling(self) -> dict[str, str]:
        """Folded word → the spelling (exact form) most of the events' texts use for it: how an untoned
        word reads where no neighbour tells ("rach" → rách, "mo" → mở)."""
        best: dict[str, tuple[int, str]] = {}
        for term, postings in self.postings.items():
            if term.startswith(EXACT) and " " not in term:
                key, held = folded_term(term), (len(postings), term[1:])
                if key not in best or held > best[key]:
                    best[key] = held
        return {k: v[1] for k, v in best.items()}

    def word_idf(self) -> dict[str, float]:
        """Folded word → its IDF over the events (what an everyday word says)."""
        return {t: v for t, v in self.idf.items() if " " not in t and not t.startswith(EXACT)}

    def units(self, text: str) -> list[QueryUnit]:
        """A query's words as units (no name index at hand: each weighs by how rare it is among the
        events)."""
        out = []
        for word in tokens(text):
            term = query_term(word, fold_plain(word) != word.lower())
            out.append(QueryUnit(((term,),), self.idf.get(term, self.unknown_weight)))
        return out

    def rank(
        self,
        units: list[QueryUnit],
        pairs: list[tuple[str, str]] | None = None,
        words: list[str] | None = None,
        limit: int | None = None,
    ) -> list[EventMatch]:
        """The events holding some of the query's units, best first (the first `limit` of them);
        `words`: the query's words, to tell for the first few whether one of their phrasings is in it
        whole."""
        total = sum(u.weight for u in units if u.content)
        if not total or not self.events:
            return []
        size = len(self.events)
        scores = np.zeros(size)
        covered = np.zeros(size)
        holding = np.zeros((len(units), size), dtype=bool)  # the content units each event holds
        for position, unit in enumerate(units):
            held = np.zeros(size)
            for alternative in unit.alternatives:
                if not alternative:
                    continue
                terms = [self._vector(t) for t in alternative]
                # a phrase: its words side by side (each pair in the event's text)
                side = [self._vector(_pair(a, b)) for a, b in zip(alternative, alternative[1:], strict=False)]
                present = np.logical_and.reduce([v > 0 for v in terms + side])
                value = sum(self.idf.get(t, 0.0) * v for t, v in zip(alternative, terms, strict=False))
                held = np.maximum(held, np.where(present, value, 0.0))
            scores += held if unit.content else STOP_SHARE * held
            if unit.content:
                covered += unit.weight * (held > 0)
                holding[position] = held > 0
        for a, b in pairs or ():
            term = _pair(a, b)
            if term in self.idf:
                scores += self.idf[term] * self._vector(term)
        candidates = np.flatnonzero(covered)
        order = candidates[np.lexsort((candidates, -scores[candidates]))].tolist()
        out = []
        typed = _typed_terms(words or ())
        for rank, i in enumerate(order[:limit]):
            score = float(scores[i])
            following = float(scores[order[rank + 1]]) if rank + 1 < len(order) else 0.0
            lead = (score - following) / score if score else 0.0
            phrasing = self._phrasing(i, typed) if rank < PHRASINGS_READ and typed else 0.0
            held_at = frozenset(np.flatnonzero(holding[:, i]).tolist())
            out.append(EventMatch(self.events[i], float(covered[i]) / total, score, lead, phrasing, held_at))
        return out

    def _vector(self, term: str) -> np.ndarray:
        """The term's BM25 value in every event (0 where its text does not hold it)."""
        vector = self._vectors.get(term)
        if vector is None:
            vector = np.zeros(len(self.events))
            for i, value in self.postings.get(term, ()):
                vector[i] = value
            if len(self._vectors) < 50000:
                self._vectors[term] = vector
        return vector

    def match(self, text: str, floor: float = 0.5) -> EventMatch | None:
        """The event a text asks about on its own (no catalogue): the best one holding at least
        `floor` of its words."""
        units = self.units(text)
        terms = [u.alternatives[0][0] for u in units]
        ranked = self.rank(units, list(zip(terms, terms[1:], strict=False)))
        return ranked[0] if ranked and ranked[0].coverage >= floor else None


def _typed_term(word: str) -> str:
    """A query's word as a phrasing meets it: the exact term of a word typed with tones, the folded
    form of one typed without (it meets any toned spelling)."""
    return EXACT + exact_form(word) if fold_plain(word) != word.lower() else folded_form(word)


ABSENCE = frozenset(exact_form(w) for w in ("chưa", "không", "chẳng"))


def _tells(word: str) -> bool:
    """A phrasing's word a query must hold for the phrasing to be in it whole (`_phrasing`): a content
    word, or a word of absence ("chưa bao giờ có giấy khai sinh" is not said by "làm giấy khai sinh",
    though its other words are stop words)."""
    return not is_stop_word(word) or exact_form(word) in ABSENCE


def _typed_terms(words) -> frozenset[str]:
    return frozenset(_typed_term(w) for w in words)


def _pair(a: str, b: str) -> str:
    """The pair term of two query terms: spelt with tones when both are, else folded."""
    if a.startswith(EXACT) and b.startswith(EXACT):
        return f"{a} {b[1:]}"
    return f"{folded_term(a)} {folded_term(b)}"


def folded_term(term: str) -> str:
    """A term's folded form, as the names' postings write it (an exact term is "=" and the word with
    its tone as a digit: =mât4 → mat; only words typed with tones are looked up exact, so the
    trailing digits are the tone)."""
    return folded_form(term[1:].rstrip("0123456789")) if term.startswith(EXACT) else term


@lru_cache(maxsize=1)
def event_index() -> EventIndex:
    return EventIndex(shipped_events())


def index_of(data: list[dict[str, Any]] | None) -> EventIndex | None:
    """The index of an event set given as JSON (staff edits in force); None: the shipped set's."""
    return None if data is None else EventIndex(tuple(_event(raw) for raw in data))


def active_steps(event: Event, present) -> list[tuple[Step, list[str]]]:
    """The steps with procedures in force here (`present(code)`), each with those codes."""
    out = []
    for step in event.steps:
        codes = [c for c in step.codes if present(c)]
        if codes:
            out.append((step, codes))
    return out


def hidden_steps(event: Event, present) -> list[Step]:
    """Steps none of whose procedures is in force here: hidden from the public, listed for staff."""
    return [s for s in event.steps if not any(present(c) for c in s.codes)]


def event_summary(event: Event) -> dict[str, str]:
    return {"slug": event.slug, "title": event.title}


def base_code(code: str) -> str:
    """The national code a localised one extends (1.001193.000.00.00.H29 → 1.001193)."""
    return ".".join(code.split(".")[:2])


def resolve(event: Event, rows_by_code: dict[str, Any]) -> tuple[list[dict[str, Any]], list[Step]]:
    """The event on this catalogue: the steps whose procedures are in force here, each with its
    rows (`rows_by_code`: national base code → a row with .code and .name), and the hidden steps."""
    shown, hidden = [], []
    for step in event.steps:
        rows = [rows_by_code[c] for c in step.codes if c in rows_by_code]
        if rows:
            shown.append({"step": step, "rows": rows})
        else:
            hidden.append(step)
    if shown:
        shown[0] = {**shown[0], "first": True}
    return shown, hidden
