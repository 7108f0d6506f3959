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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..text import fold as fold_plain
from .analysis import exact_form, folded_form, tokens

EVENTS_FILE = Path(__file__).with_name("events.json")
MAX_GAP = 2  # words allowed between two words of a phrasing


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
    phrase: str
    words: int  # words of the phrasing that matched


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


class EventIndex:
    """The phrasings of every event, as (exact, folded) word tuples."""

    def __init__(self, events: tuple[Event, ...]):
        self.events = events
        self.phrases: list[tuple[Event, str, tuple[str, ...], tuple[str, ...]]] = []
        for event in events:
            for phrase in event.phrases:
                words = tokens(phrase)
                self.phrases.append(
                    (event, phrase, tuple(exact_form(w) for w in words), tuple(folded_form(w) for w in words))
                )
        self.first: dict[str, list[int]] = {}  # folded first word → phrasings
        for i, (_e, _p, _x, folded) in enumerate(self.phrases):
            if folded:
                self.first.setdefault(folded[0], []).append(i)

    def match(self, text: str) -> EventMatch | None:
        words = tokens(text)
        if not words:
            return None
        exact = [exact_form(w) for w in words]
        folded = [folded_form(w) for w in words]
        toned = [fold_plain(w) != w.lower() for w in words]  # typed with marks: compare with them
        best: tuple[int, int, int] | None = None  # (words, -first position, phrasing)
        for start, word in enumerate(folded):
            for i in self.first.get(word, ()):
                _event, _phrase, p_exact, p_folded = self.phrases[i]
                if _follows(p_exact, p_folded, exact, folded, toned, start):
                    # the longest phrasing; between equals the later one (a story ends with its ask)
                    key = (len(p_folded), start, -i)
                    if best is None or key > best:
                        best = key
        if best is None:
            return None
        event, phrase, _x, p_folded = self.phrases[-best[2]]
        return EventMatch(event, phrase, len(p_folded))


def _same(p_exact: str, p_folded: str, q_exact: str, q_folded: str, toned: bool) -> bool:
    return p_exact == q_exact if toned else p_folded == q_folded


def _follows(p_exact, p_folded, exact, folded, toned, start: int) -> bool:
    """The phrasing's words in the query from `start` on, in order, at most MAX_GAP words apart."""
    if not _same(p_exact[0], p_folded[0], exact[start], folded[start], toned[start]):
        return False
    at = start
    for px, pf in zip(p_exact[1:], p_folded[1:], strict=True):
        for nxt in range(at + 1, min(len(folded), at + 2 + MAX_GAP)):
            if _same(px, pf, exact[nxt], folded[nxt], toned[nxt]):
                at = nxt
                break
        else:
            return False
    return True


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
