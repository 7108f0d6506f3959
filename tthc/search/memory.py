"""The in-memory engine: a plain scan of the catalogue. Slower than the index but always correct;
it answers while the index is missing, broken or being rebuilt, and for past dates."""

from __future__ import annotations

from typing import Any

import numpy as np

from .analysis import exact_form, folded_form, looks_like_code, tokens, toned_forms
from .documents import SearchDocument
from .events import event_index, index_of
from .names import NameIndex, ranked_name
from .query import SearchQuery, SearchResult, answer_by_names, count_facets, matches_filters, rank_candidates
from .ranking import TypoIndex


class _Entry:
    __slots__ = ("doc", "name_x", "name_f", "body_x", "body_f")

    def __init__(self, doc: SearchDocument):
        self.doc = doc.stored()
        name, body = tokens(doc.name), tokens(doc.body)
        self.name_x, self.name_f = {exact_form(w) for w in name}, {folded_form(w) for w in name}
        self.body_x, self.body_f = {exact_form(w) for w in body}, {folded_form(w) for w in body}


class MemoryEngine:
    name = "memory"

    def __init__(self, docs: list[SearchDocument], state: str, synonyms=(), events=None):
        self.state = state
        self.events = index_of(events)  # JSON of the events in force; None: the shipped set
        self.entries = [_Entry(d) for d in sorted(docs, key=lambda d: d.sort)]  # alphabetical
        self._toned = toned_forms(e.doc["name"] for e in self.entries)
        self._typos = TypoIndex(self._toned)
        self.names = NameIndex(
            [ranked_name(e.doc["name"], e.doc.get("also_named", "")) for e in self.entries],
            [e.doc["code"] for e in self.entries],
            [e.doc.get("sector", "") for e in self.entries],
            [e.doc.get("level", "") for e in self.entries],
            [e.doc.get("agency", "") for e in self.entries],
        )
        known = self.events or event_index()
        self.names.read_everyday(
            known.word_idf(), len(known.events), known.word_pairs(), known.spelt_pairs(), known.commonest_spelling()
        )
        self.synonyms = tuple(tuple(g) for g in synonyms)
        self._statuses = [e.doc.get("status", "") for e in self.entries]

    def _body(self, word: str) -> np.ndarray:
        return np.fromiter((word in e.body_f for e in self.entries), dtype=bool, count=len(self.entries))

    def search(self, query: SearchQuery) -> SearchResult:
        wanted = query.filters()
        entries = [e for e in self.entries if matches_filters(e.doc, wanted)]
        if looks_like_code(query.text):
            key = query.text.strip().lower()
            candidates = [
                (10.0 if e.doc["code"].lower() == key else 1.0, e.doc)
                for e in entries
                if e.doc["code"].lower().startswith(key)
            ]
            return self._result(query, candidates, True)
        if not tokens(query.text):
            return self._result(query, [(0.0, e.doc) for e in entries], True)
        allowed = np.fromiter(
            (matches_filters(e.doc, wanted) for e in self.entries), dtype=bool, count=len(self.entries)
        )
        answer = answer_by_names(
            query,
            self.names,
            allowed,
            lambda n: self.entries[n].doc,
            body=self._body,
            statuses=self._statuses,
            synonyms=self.synonyms,
            toned=self._toned,
            events=self.events,
        )
        found = np.flatnonzero(answer.found).tolist() if query.facets else []
        facets = count_facets(self.entries[n].doc for n in found) if query.facets else {}
        return answer.result(query, facets, answer.suggestion, self.state, self.name)

    def _result(
        self, query: SearchQuery, candidates: list[tuple[float, dict[str, Any]]], all_words: bool
    ) -> SearchResult:
        hits = rank_candidates(query, candidates)
        facets = count_facets(doc for _score, doc in candidates) if query.facets else {}
        suggestion = self.suggest(query) if not hits or not all_words else ""
        return SearchResult(query, hits, len(candidates), True, facets, suggestion, self.state, self.name, all_words)

    def suggest(self, query: SearchQuery) -> str:
        if looks_like_code(query.text):
            return ""
        vocabulary = self._toned
        out, changed = [], False
        for word in [w for u in query.words().units for w in u.words]:
            folded = folded_form(word)
            if folded in vocabulary or any(folded in e.body_f for e in self.entries):
                out.append(word)
                continue
            close = sorted(self._typos.near(folded))
            out.append(vocabulary[close[0]] if close else word)
            changed = changed or bool(close)
        return " ".join(out) if changed else ""
