"""The search interface every engine answers: a query with filters in, ranked hits with facets out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ..security import clean_query
from .analysis import exact_form, folded_form, parse_units, tokens
from .ranking import QueryWords, final_score, highlight, highlight_parts, name_features

# Facets shown with counts, in this order: the stored document key for each.
FACETS = ("level", "sector", "agency", "channels", "online_level", "status")
RESCORE_TOP = 40  # rescoring reads stored names: only the candidates that can reach the first pages
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    level: str = ""
    sector: str = ""
    agency: str = ""
    channel: str = ""
    online_level: str = ""
    status: str = ""  # "", in_force, upcoming, abolished
    page: int = 1
    per_page: int = 20
    facets: bool = True  # counting every match costs: results-as-you-type leave it off
    explain: bool = False  # each hit carries why it ranks where it does (staff, tests)

    def normalized(self) -> SearchQuery:
        text = clean_query(self.text)  # every door's query: NFC, no control characters, bounded
        return replace(
            self,
            text=" ".join(tokens(text)) if not _is_code_like(text) else text,
            page=max(1, int(self.page)),
            per_page=min(MAX_PER_PAGE, max(1, int(self.per_page))),
        )

    def filters(self) -> dict[str, str]:
        """Document key → wanted value, for the filters that are set."""
        pairs = {
            "level": self.level,
            "sector": self.sector,
            "agency": self.agency,
            "channels": self.channel,
            "online_level": self.online_level,
            "status": self.status,
        }
        return {k: v for k, v in pairs.items() if v}

    def words(self) -> QueryWords:
        return QueryWords(parse_units(tokens(self.text)))


def _is_code_like(text: str) -> bool:
    from .analysis import looks_like_code

    return looks_like_code(text)


@dataclass
class SearchResult:
    query: SearchQuery
    hits: list[dict[str, Any]]
    total: int
    total_exact: bool
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str = ""
    state: str = ""  # the catalogue state (revision…) the answer reflects
    engine: str = ""  # "whoosh" or "memory"
    matched_all_words: bool = True  # False: nothing had every word, these hits have some
    stale: bool = False  # answered from the previous index while the new one is built
    nothing_fits: bool = False  # no procedure matches the query's object: the hits are only the closest
    corrections: dict[str, str] = field(default_factory=dict)  # typed word → name word (one typo)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query.text,
            "total": self.total,
            "total_exact": self.total_exact,
            "page": self.query.page,
            "per_page": self.query.per_page,
            "hits": [public_hit(h) for h in self.hits],
            "facets": {k: [{"value": v, "count": c} for v, c in items] for k, items in self.facets.items()},
            "suggestion": self.suggestion,
            "matched_all_words": self.matched_all_words,
            "nothing_fits": self.nothing_fits,
            "catalogue_state": self.state,
            "stale": self.stale,
        }


def public_hit(hit: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if k == "name_html" else v) for k, v in hit.items()}


def matches_filters(doc: dict[str, Any], wanted: dict[str, str]) -> bool:
    for key, value in wanted.items():
        have = doc.get(key)
        if (value not in have) if isinstance(have, list) else (have != value):
            return False
    return True


def count_facets(docs: Iterable[dict[str, Any]]) -> dict[str, list[tuple[str, int]]]:
    from ..text import sort_key

    counters: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for doc in docs:
        for name in FACETS:
            value = doc.get(name)
            if isinstance(value, list):
                counters[name].update(value)
            elif value:
                counters[name][value] += 1
    # Vietnamese alphabetical order of values; the page shows labels, the API the raw values.
    return {name: sorted(counter.items(), key=lambda item: sort_key(item[0])) for name, counter in counters.items()}


def rank_candidates(query: SearchQuery, candidates: list[tuple[float, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Candidates (base score, stored doc) in base order → the page's hits, the top ones rescored on
    the name."""
    words = query.words()
    if not words:  # browsing: the candidates are already in alphabetical order
        return [make_hit(doc, base, set()) for base, doc in candidates[page_slice(query)]]
    head, tail = candidates[:RESCORE_TOP], candidates[RESCORE_TOP:]
    base_max = max((score for score, _doc in head), default=0.0)
    rescored = []
    for base, doc in head:
        score = final_score(base, base_max, name_features(words, doc["name"]), doc.get("status", ""))
        rescored.append((score, doc))
    rescored.sort(key=lambda item: -item[0])
    ordered = rescored + [(base, doc) for base, doc in tail]
    return [make_hit(doc, score, words.folded_vocabulary) for score, doc in ordered[page_slice(query)]]


def make_hit(doc: dict[str, Any], score: float, vocabulary: set[str]) -> dict[str, Any]:
    """A page's hit: the stored document, its score and its name with the matched words marked."""
    parts = highlight_parts(doc["name"], vocabulary)
    return {
        **doc,
        "score": round(score, 4),
        "name_parts": [{"text": t, "mark": m} for t, m in parts],
        "name_html": highlight(parts),
    }


def answer_by_names(
    query: SearchQuery,
    index,
    allowed,
    stored,
    *,
    body=None,
    statuses=None,
    synonyms=(),
    toned: dict[str, str] | None = None,
):
    """The ranked page for a text query on one NameIndex (both engines): (hits, found mask, total,
    nothing_fits, suggestion, corrections)."""
    import numpy as np

    from .names import NOTHING_FITS, RESCORE

    plan = index.plan(query.text, synonyms)
    typed_exact = tuple(e for e in (exact_form(w) for w in tokens(query.text)) if not e.isascii())
    end = query.page * query.per_page
    ranked, found, best_cover, notes = index.rank(
        plan, allowed, body, statuses, limit=max(RESCORE, end), explain=query.explain, typed_exact=typed_exact
    )
    nothing_fits = not ranked or best_cover < NOTHING_FITS
    if nothing_fits:  # at most a few closest, labelled as such by the doors
        ranked = ranked[:3]
        found = np.zeros_like(found)
        found[[d for _s, d in ranked]] = True
    vocabulary = plan.vocabulary()
    hits = []
    for score, doc in ranked[page_slice(query)]:
        hit = make_hit(stored(doc), score, vocabulary)
        if query.explain:
            hit["explain"] = {"matches": index.explain(doc, plan), "features": notes.get(doc, {})}
        hits.append(hit)
    suggestion = ""
    if plan.corrections and toned is not None:
        words = [
            toned.get(plan.corrections.get(folded_form(w), ""), w) if folded_form(w) in plan.corrections else w
            for w in tokens(query.text)
        ]
        suggestion = " ".join(words)
    total = len(ranked) if nothing_fits else int(found.sum())
    return hits, found, total, nothing_fits, suggestion, plan.corrections


def page_slice(query: SearchQuery) -> slice:
    start = (query.page - 1) * query.per_page
    return slice(start, start + query.per_page)
