"""The search interface every engine answers: a query with filters in, ranked hits with facets out."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..security import clean_query
from .analysis import exact_form, folded_form, parse_units, tokens
from .done import done_units
from .ranking import QueryWords, final_score, highlight, highlight_parts, name_features

if TYPE_CHECKING:
    from .events import QueryUnit

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
    # the life event the query matched: {slug, title, matched}; matched False: none of its
    # procedures is handled here, and no unrelated procedure is offered instead
    event: dict[str, Any] | None = None

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
            "event": self.event,
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


CONFIDENCE_FLOOR = 0.6  # below it a hit is not a match: not counted, "nothing fits" when first
EVENT_FLOOR = 0.4  # an event's text must hold this share of the query's content words
EVENT_LED = 0.3  # the event far ahead of the others on its score (long stories: lead, share of its score)…
EVENT_FLOOR_LED = 0.25  # … needs to hold only this share of the query
EVENT_PIVOT = 0.4  # an event holding this share of the query's words is a match, just…
EVENT_PIVOT_BAG = 0.75  # … or this share when none of its phrasings is in the query whole
EVENT_SURE = 0.8  # an event holding this much of the query, none of its steps here and no name holding
# more than the rest of it: "nothing fits", and nothing unrelated offered
EVENT_CHOICES = 3  # events looked at for the one the names agree with
EVENT_AGREES = 0.2  # what the names' agreement is worth (their first answer is the event's first step)
EVENT_PHRASED = 0.2  # … and one of its phrasings in the query whole
EVENT_THINGS = 0.3  # … and holding the things the query names by an everyday name (synonym groups)
EVENT_SPECIAL = 1.0  # an event for a special case the query does not ask for, after the general one
EVENT_COVERS = 0.5  # what the share of the query's words an event holds is worth beside its BM25 score
STEP_NAME_LEAD = 0.1  # the names' first answer leads its event when it holds this much more of the query
STEP_MARGIN = 0.0  # … over the first step's, beyond that
STEP_MARGIN_LISTED = 0.15  # … and a required or optional step (done in the order listed) by this much
STEP_OVER_NAMES = 0.15  # … and over the names' first answer's step, its own words this much more
STEP_TOLD_RATIO = 2.0  # a step whose own words hold this many times what each step listed before it holds…
STEP_TOLD_GAP = 0.03  # … and this much more, leads its event wherever it is listed (`_step_told`)
CONDITION_TELLS = 3  # units of the query a choice's condition alone holds to tell the case its title names
ACTION_WORDS = 2  # the action the situation asks for, held by a step's title, counts as two words there
# no step's own words telling the steps apart, the names' choice among them leads when the names
# rank it above the first step and its name holds this much less of the query at most
STEP_NAME_TIE = 0.05
STEP_DECAY = 0.05  # a chosen step leads when its own words hold this much more of the query per position
EVENT_OVER_NAMES = 0.0  # … and this much more than the first name's confidence, to put its steps first
NAME_COVER_FULL = 0.4  # a query covering this share of a name's words is not penalised
NAME_SURE = 0.85  # a name this sure keeps its place before an event that does not hold more of the query
NAMES_CHOICE_FLOOR = 0.25  # the names' first answer, sure of less than this, is no alternative to an event
PLAIN_FUSED = 10  # the answer's and plain BM25's first hits merged by reciprocal rank fusion…
PLAIN_RRF_K = 60  # … with the usual constant (Cormack et al. 2009)…
PLAIN_WEIGHT = 0.5  # … the plain ranking, weaker alone, weighing half (tuning parts: +6 top-5, none lost)
FUSED_GAP = 0.3  # … never lifting a hit matching only once folded above one put before it and this much surer
RUNNER_MARGIN = 0.15  # the runner-up event holding this much less of the query than the one shown…
RUNNER_AT = 3  # … has its best step 4th (before the names' choice, 5th): tuning parts +3 top-5, none lost
FIRST_FIVE = 5  # what a phone shows before scrolling, and what top-5 counts
SENSE_BOUND = 0.5  # a word most names holding it hold in one word pair ("lại": cấp lại) is that phrase's…
SENSE_MIN_NAMES = 30  # … when this many names hold it at least (`_bound_in_pair`)
# a word said right after one of these is not yet (or not) so / already so: "chưa chạy" (a boat
# never run) is not the step "đã chạy mà chưa đăng ký" (`_opposite_aspect`)
NOT_YET = frozenset(exact_form(w) for w in ("chưa", "không", "chẳng"))
ALREADY = frozenset(exact_form(w) for w in ("đã", "đang"))
OFFICE_LEVEL = 0.05  # a procedure handled at the level an office the query names says ("công an xã")…
OFFICE_SECTOR = 0.1  # … and in its sector (stopwords.json «offices»: a tie-break among close names)
HEAD_UNSURE = 0.5  # a hit holding the query's head word without the word that says which one (below the floor)


class NameAnswer(NamedTuple):
    """What answer_by_names found: the ranked page of hits, the mask of every procedure found, and what
    the result page says about them."""

    hits: list[dict[str, Any]]
    found: Any  # a boolean mask over the engine's documents
    total: int
    nothing_fits: bool
    suggestion: str
    corrections: dict[str, str]
    event: dict[str, Any] | None

    def result(self, query: SearchQuery, facets, suggestion: str, state: str, engine: str) -> SearchResult:
        """The SearchResult both engines give for it (their own facets, suggestion, state and name)."""
        return SearchResult(
            query,
            self.hits,
            self.total,
            True,
            facets,
            suggestion,
            state,
            engine,
            not self.nothing_fits,
            nothing_fits=self.nothing_fits,
            corrections=self.corrections,
            event=self.event,
        )


def answer_by_names(  # noqa: C901  (names, events and confidence meet here; split when next touched)
    query: SearchQuery,
    index,
    allowed,
    stored,
    *,
    body=None,
    statuses=None,
    synonyms=(),
    toned: dict[str, str] | None = None,
    events=None,
) -> NameAnswer:
    """The ranked page for a text query on one NameIndex (both engines). Every hit carries `confidence` (0–1) and
    `matched` (confidence at or above the floor). `events`: the engine's EventIndex (the set in force
    when its index was built), else the shipped set."""
    import numpy as np

    from .events import active_steps, event_index
    from .names import RESCORE
    from .qualifiers import adjustment, asked, joined

    # the query as the keyboard meant it (Telex leftovers, two words run together), for every reading below
    query = replace(query, text=index.retyped(query.text))
    plan = index.plan(query.text, synonyms)
    typed_exact = tuple(e for e in (exact_form(w) for w in tokens(query.text)) if not e.isascii())
    end = query.page * query.per_page
    ranked, found, best_cover, notes, coverage = index.rank(
        plan, allowed, body, statuses, limit=max(RESCORE, end), explain=query.explain, typed_exact=typed_exact
    )
    # the special cases the query asks for, read after its typos are corrected ("lu dong" → lưu động)
    wanted = asked(" ".join(plan.corrections.get(folded_form(w), w) for w in tokens(query.text)), index.spelt_sides)
    # a query naming both procedures a name joins asks for the joined one (khai sinh … nhận cha)
    folded_vocabulary = {folded_form(w) for u in plan.units if u.content for w in u.typed}
    for _score, doc in ranked[:RESCORE]:
        wanted |= joined(index.words[doc], index.qualifiers(doc), folded_vocabulary)
    ranked = _by_qualifiers(ranked, index, wanted, adjustment)
    ranked = _by_office(ranked, index, plan.office)
    by_names = ranked  # the names' own order, before an event's steps go first
    vocabulary = plan.vocabulary()
    confidence = {d: _name_confidence(index, d, vocabulary, coverage) for _s, d in ranked[:end]}
    event_info = None
    unhandled = None  # the event asked for, none of whose procedures is handled here
    event_docs: list[int] = []
    event_steps = 0  # how many steps the event shown has here, and how much of the query each one's own words hold
    step_fit: dict[int, float] = {}
    name_agrees = False
    known_events = events or event_index()
    top = ranked[0][1] if ranked else None
    top_confidence = confidence.get(top, 0.0) if top is not None else 0.0
    match, units, rival, runner = _best_event(known_events, plan, index, top, top_confidence, wanted)
    if match is not None:
        statuses_ = statuses or [""] * index.size

        def present(code: str) -> bool:
            doc = index.code_docs.get(code)
            return doc is not None and bool(allowed[doc]) and statuses_[doc] != "abolished"

        steps = _with_siblings(active_steps(match.event, present), index, wanted, present)
        steps = _with_variants(steps, index, plan, present, coverage)
        # a case every step of the event holds is the event's own, not a special case within it (the
        # foreigners' event: every name says "cho người nước ngoài")
        holds = [set(index.qualifiers(index.code_docs[c])) for _step, codes in steps for c in codes]
        within = wanted | set.intersection(*holds) if holds else wanted
        # how much of the query each step's own words hold (title, condition): they also tell
        # which special cases a step stands for
        # the query's words in clauses told as done ("đã làm giấy báo tử xong"): a step whose own
        # title holds them is behind the person, they tell no step to do
        done = done_units(query.text, [u.typed for u in plan.units]) if len(units) == len(plan.units) else frozenset()
        first_done = bool(steps) and _title_done(known_events, steps[0][0], units, done)
        reading = _read_steps(known_events, match.event, steps, units, plan.actions, index, done, first_done)
        siblings = _general_siblings(steps, index, within)
        fit = _fit_to_general(_step_fit(steps, units, index, reading), siblings)
        held_words = _words_to_general(_step_words(steps, index, reading), siblings)
        cases_told = _told_by_condition(steps, index, fit, held_words)
        event_docs = _event_docs(steps, index, within, fit, cases_told)
        event_steps, step_fit = len(steps), fit
        if not steps:
            # the event is what was asked (the query says one of its phrasings: a story whose words
            # the event's texts hold here and there, "nhà tôi có thêm thành viên mới" in a
            # business event's, asks for nothing it could say is not handled), nothing of it is
            # handled here, and no name answers the query by itself (a name the query matches
            # above the floor is no unrelated procedure)
            if match.coverage >= EVENT_SURE and _says(match, known_events, plan):
                unhandled = {"slug": match.event.slug, "title": match.event.title, "matched": False}
                if top is None or float(coverage[top]) < 1 - EVENT_SURE:
                    return NameAnswer([], np.zeros_like(found), 0, True, "", plan.corrections, unhandled)
        elif _event_leads(
            match,
            top,
            event_docs,
            top_confidence,
            top is not None and adjustment(index.qualifiers(top), wanted) < 0,
            _special_event(match.event, index, wanted) or _case_outside(top, event_docs, index, wanted, match.event),
        ):
            event_info = {"slug": match.event.slug, "title": match.event.title, "matched": True}
            name_agrees = top in event_docs  # the names' own first answer is one of the event's steps
            named = {d: i for i, (_s, d) in enumerate(by_names)}
            behind = _behind(steps, index) if first_done else frozenset()
            order = _step_order(
                steps, index, event_docs, within, named, plan, coverage, fit, held_words, cases_told, behind
            )
            # how sure the event is: less the query's most telling word when the event holds it
            # only apart from the word it goes with in the query ("máy bay": the driving event
            # holds "máy" of "xe máy"), so the answer does not claim a match
            level = _event_level(match) - _out_of_its_pair(known_events, match, units, plan, index)
            for i, doc in enumerate(order):
                confidence[doc] = max(confidence.get(doc, 0.0), level - 0.01 * i)
            order = _with_names_choice(order, by_names, confidence)
            # a close runner-up event may be the one asked about: its best step among the five
            before = set(order)
            if runner is not None and runner.coverage >= match.coverage - RUNNER_MARGIN:
                order = _with_runner_up(order, runner, known_events, units, index, present, wanted)
            counted = [
                d for d in order if d in before or _name_confidence(index, d, vocabulary, coverage) >= CONFIDENCE_FLOOR
            ]
            shown = set(order)
            rest = [(sc, d) for sc, d in ranked if d not in shown and confidence.get(d, 0.0) >= CONFIDENCE_FLOOR]
            ranked = [(2.0 - 0.01 * i, d) for i, d in enumerate(order)] + rest
            best_cover = max(best_cover, level)
            found = found.copy()
            found[counted] = True
    # what the answer says: the chance each hit is right, from its features (calibrated on the
    # tuning part of tests/search_eval); the ranking above used the cover alone
    events_at = (
        {d: _event_level(match) for d in event_docs}
        if match is not None and event_info and event_info["matched"]
        else {}
    )
    query_context = (
        _query_context(index, plan, by_names, best_cover, query.text) if confidence_model()[0] or query.explain else {}
    )
    if query_context and events_at and match is not None:
        # how much of the query the event's phrasing explains, and whether the names agree with it
        query_context["event_share"] = match.coverage
        query_context["event_agrees"] = 1.0 if name_agrees else 0.0
        first = match.event.steps[0].codes if match.event.steps else ()
        query_context["event_first"] = {index.code_docs[c] for c in first if c in index.code_docs}
        query_context["event_phrased"] = 1.0 if match.phrasing >= 1.0 else 0.0
        query_context["event_steps"] = event_steps
        query_context["event_margin"] = max(0.0, min(1.0, match.coverage - rival))
        query_context["step_fit"] = step_fit
        # a close runner-up event (1: as much of the query as the event shown), the names' own
        # first answer overruled by the event (how sure the names were of it), what the event holds
        close = (match.coverage - runner.coverage) / RUNNER_MARGIN if runner is not None else 1.0
        query_context["runner_close"] = max(0.0, 1.0 - close)
        query_context["names_sure"] = 0.0 if name_agrees else min(1.0, top_confidence)
        query_context["event_held"] = match.held
        # the query's word pairs the event's text holds side by side (not one common word alone)
        query_context["event_pairs"] = {
            (a, b) for a, b, weight in plan.pairs if weight >= 1.0 and known_events.holds_pair(match.event, a, b)
        }
    calibrated: dict[int, float] = {}
    explained: dict[int, dict[str, float]] = {}
    # "thẻ thư viện": the query's head word and the word after it, a pair nothing here knows; a hit
    # holding the head ("thẻ") without that word is another kind of the thing (thẻ công chứng viên)
    head = _head_unknown(known_events, units, plan, index)
    held_by_event = set(event_docs) if event_info and event_info["matched"] else set()  # the event's steps shown

    def other_kind(doc: int) -> bool:
        if head is None:
            return False

        def holds(at: int) -> bool:
            if doc in held_by_event and match is not None and at in match.held:
                return True
            return any(w in index.words[doc] for a in plan.units[at].alternatives for w in a.words)

        return holds(head[0]) and not holds(head[1])

    def sure(doc: int) -> float:
        if doc not in calibrated:
            if doc not in confidence:
                confidence[doc] = _name_confidence(index, doc, vocabulary, coverage)
            if not confidence_model()[0] and not query.explain:
                return confidence[doc]  # no fitted model: the cover confidence, as the ranking uses
            own = _name_confidence(index, doc, vocabulary, coverage) if doc in events_at else confidence[doc]
            features = confidence_features(
                index, doc, vocabulary, coverage, own, events_at.get(doc, 0.0), query_context, plan
            )
            calibrated[doc] = calibrated_confidence(features, confidence[doc])
            explained[doc] = features
        return calibrated[doc]

    def sure_of(doc: int) -> float:
        return min(sure(doc), HEAD_UNSURE) if other_kind(doc) else sure(doc)

    if ranked:
        live = allowed & ~index.abolished(statuses) if statuses else allowed
        # (what it brings is shown, not counted: `found` holds the matches above the floor)
        plain = index.plain_order(plan, live, PLAIN_FUSED)
        if query_context:  # where plain BM25 puts each hit: a second opinion on the first answer
            query_context["plain"] = {d: i for i, d in enumerate(plain)}
        from .stopwords import typed_with_tones

        # a name holding no part of the query as read is no opinion on it: "mất" of the phrase
        # "mất sổ đỏ" (a lost land certificate) alone in "… chế độ mất sức lao động"
        opinion = [d for d in plain if coverage[d] > 0]
        toned_words = tuple(w for w in tokens(query.text) if typed_with_tones(w))
        fused = {d for _s, d in ranked[1:PLAIN_FUSED]} | set(opinion[:PLAIN_FUSED])  # what fusion orders
        # the hits that wait behind far surer ones: those holding a word typed with tones only
        # spelt with other tones ("bé" → "lồng bè"), and, when the event shown is a match, those
        # neither its steps nor matches themselves ("vợ tôi mới sinh em bé cần làm giấy gì": the
        # biosafety certificate, which plain BM25 likes for "giấy … sinh", does not pass the birth's
        # steps). Under an unsure event the plain opinion still lifts what it likes: the event may
        # be the wrong one (damaged banknotes for a martyr's family certificate eaten by termites)
        sure_event = event_info is not None and bool(event_docs) and sure_of(event_docs[0]) >= CONFIDENCE_FLOOR
        mistoned = {d for d in fused if index.mistoned(d, toned_words)} if toned_words else set()
        beside = fused - set(event_docs) - mistoned if sure_event else set()
        for d in mistoned | beside:
            if d not in confidence:
                confidence[d] = _name_confidence(index, d, vocabulary, coverage)
        waiting = mistoned | {d for d in beside if confidence[d] < CONFIDENCE_FLOOR}
        loose = {d: confidence[d] for d in waiting}
        ranked = _with_plain_opinion(ranked, opinion, loose, confidence)
    nothing_fits = not ranked or sure_of(ranked[0][1]) < CONFIDENCE_FLOOR
    if not nothing_fits and unhandled is not None and _asked_elsewhere(ranked[0][1], index, plan, match, known_events):
        nothing_fits = True
    if nothing_fits and unhandled is not None:
        if _unrelated(ranked[:3], index, plan, match, known_events):
            # the query says the event in one of its phrasings, none of its procedures is handled
            # here, and the closest names hold the query only by its documents or stop words (the
            # adoptions' "giấy khai sinh" and "con" for "vừa sinh con" on a small catalogue):
            # nothing unrelated is offered
            return NameAnswer([], np.zeros_like(found), 0, True, "", plan.corrections, unhandled)
        # the closest names, below the floor, come after saying that what was asked is not
        # handled here ("mất giấy khai sinh" on a catalogue without civil status: the reissues
        # of other papers hold "giấy")
        event_info = unhandled
    if nothing_fits:  # at most a few closest, labelled as such by the doors
        ranked = ranked[:3]
        found = np.zeros_like(found)
        found[[d for _s, d in ranked]] = True
    hits = []
    for score, doc in ranked[page_slice(query)]:
        hit = make_hit(stored(doc), score, vocabulary)
        hit["confidence"] = round(min(1.0, sure_of(doc)), 3)
        hit["matched"] = hit["confidence"] >= CONFIDENCE_FLOOR and not nothing_fits
        if event_info and doc in held_by_event:
            hit["event"] = event_info["slug"]
        if query.explain:
            hit["explain"] = {"matches": index.explain(doc, plan), "features": notes.get(doc, {})}
            hit["explain"]["confidence"] = hit["confidence"]
            hit["explain"]["confidence_features"] = {k: round(v, 4) for k, v in explained[doc].items()}
        hits.append(hit)
    suggestion = ""
    if plan.corrections and toned is not None:
        words = [
            toned.get(plan.corrections.get(folded_form(w), ""), w) if folded_form(w) in plan.corrections else w
            for w in tokens(query.text)
        ]
        suggestion = " ".join(words)
    total = len(ranked) if nothing_fits else int(found.sum())
    return NameAnswer(hits, found, total, nothing_fits, suggestion, plan.corrections, event_info)


def _asked_elsewhere(first: int, index, plan, match, events) -> bool:
    """The query says an event none of whose procedures is handled here, in one of its phrasings, and
    the first name lacks some of the query's words the event holds: the name answers another need
    ("mở văn phòng luật sư" on a catalogue holding only legal aid: the contract with a lawyer holds
    "luật sư", not "văn phòng"). It is shown as the closest, after saying what was asked is not
    handled here, never as the answer."""
    if not _says(match, events, plan):
        return False
    words = set(index.words[first])
    return any(plan.units[i].content and not plan.units[i].held_by(words) for i in match.held)


def _unrelated(closest: list[tuple[float, int]], index, plan, match, events) -> bool:
    """The closest names are unrelated to a query saying the event: it holds one of the event's
    phrasings (two content words or more whole, or one word for word, stop words included), and no
    name holds EVENT_SURE's complement of its content units by its own words (a name holding some
    of them, unsure, may still be what was asked: it is shown, below the floor). Each unit counts
    once: on a small catalogue a word every name holds weighs nothing by its IDF, yet says what the
    names are about ("chứng chỉ hành nghề" of two certificates)."""
    content = [u for u in plan.units if u.content]
    for _score, doc in closest:
        words = set(index.words[doc])
        held = sum(1 for u in content if u.held_by(words))
        if held >= (1 - EVENT_SURE) * len(content):
            return False
    return _says(match, events, plan)


def _says(match, events, plan) -> bool:
    """The query says the event: one of its phrasings of two content words or more is in it whole,
    or one word for word, stop words included."""
    return match.phrasing >= 1.0 or events.said_whole(match.event, plan.words)


def _with_plain_opinion(
    ranked: list[tuple[float, int]],
    plain: list[int],
    loose: dict[int, float] | None = None,
    sure: dict[int, float] | None = None,
) -> list[tuple[float, int]]:
    """The answer's first hit, then its next ones and plain BM25's first ones (NameIndex.plain_order)
    merged by reciprocal rank fusion (k = PLAIN_RRF_K, the plain one weighing PLAIN_WEIGHT), then the rest. The full
    reading (events, story weights, penalties) is right more often at rank 1, but when it is wrong
    it can talk itself out of the procedure the query's own words name; the plain ranking keeps
    that one among the first five. The first hit is never moved. An event's later steps may move
    too: the plain ranking moves up the step the query's own words name (the event page shows
    them all in order). A hit matching the query only once folded (`loose`: hit → how sure it is)
    is not lifted above one the answer put before it and is sure (`sure`) of FUSED_GAP more."""
    if len(ranked) < 2 and not plain:
        return ranked
    first = ranked[0][1]
    score: dict[int, float] = {}
    for at, (_s, doc) in enumerate(ranked[1:PLAIN_FUSED], start=1):
        score[doc] = 1.0 / (PLAIN_RRF_K + at)
    for at, doc in enumerate(plain[:PLAIN_FUSED]):
        if doc != first:
            score[doc] = score.get(doc, 0.0) + PLAIN_WEIGHT / (PLAIN_RRF_K + at)
    merged = sorted(score, key=lambda d: -score[d])  # stable: ties keep the answer's order
    if loose:
        merged = _not_above_surer(merged, [d for _s, d in ranked[1:PLAIN_FUSED]], loose, sure or {})
    placed = {first, *merged}
    rest = [d for _s, d in ranked if d not in placed]
    own = {d: s for s, d in ranked}
    fused, floor = [], ranked[0][0]
    for doc in [first, *merged, *rest]:  # scores kept, but never above the hit before (a list sorted by them)
        floor = min(floor, own.get(doc, 0.0))
        fused.append((floor, doc))
    return fused


def _not_above_surer(
    merged: list[int], answer: list[int], loose: dict[int, float], sure: dict[int, float]
) -> list[int]:
    """The fused order, but a hit that waits (`loose`: matching only once folded, or no match beside
    a sure event's steps) never before one the answer put before it (`answer`: its order) and sure
    of FUSED_GAP more: "vợ tôi mới sinh em bé", the fish-cage certificate ("lồng bè", 0.3), which
    plain BM25 also likes, does not pass the birth event's steps (0.9) it followed."""
    place = {d: i for i, d in enumerate(answer)}
    last = len(answer)

    def waits(doc: int, left: list[int]) -> bool:
        if doc not in loose:
            return False
        at = place.get(doc, last)
        return any(place.get(e, last) < at and sure.get(e, 0.0) - loose[doc] > FUSED_GAP for e in left if e != doc)

    left, out = list(merged), []
    while left:
        doc = next((d for d in left if not waits(d, left)), left[0])
        out.append(doc)
        left.remove(doc)
    return out


def _with_names_choice(order: list[int], by_names, confidence: dict[int, float]) -> list[int]:
    """The event's steps with the names' own first answer among the first page's five: when the
    event is the wrong one, its steps fill the five and the procedure the query's words name is
    not seen at all; it takes the last of the five (after at most four steps) unless it is already
    there, or holds too little of the query to be an alternative (NAMES_CHOICE_FLOOR)."""
    if not by_names:
        return order
    first = by_names[0][1]
    if first in order[: FIRST_FIVE - 1] or confidence.get(first, 0.0) < NAMES_CHOICE_FLOOR:
        return order
    steps = [d for d in order if d != first]
    at = min(len(steps), FIRST_FIVE - 1)
    return steps[:at] + [first] + steps[at:]


def _with_runner_up(order: list[int], runner, events, units, index, present, wanted: set[int]) -> list[int]:
    """The event's steps with the best step of the runner-up event (`runner`, the best scored other
    event) 4th (RUNNER_AT), unless already among the first five: its first step (the general one
    first), or the step whose own words hold most of the query. When two events hold about as much
    of the query the one shown is often the wrong one ("tiệm nail dời địa chỉ": opening a household
    business, not changing its registration), and its steps would fill the five."""
    from .events import active_steps

    steps = active_steps(runner.event, present)
    if not steps:
        return order
    fit = _step_fit(steps, units, index, _read_steps(events, runner.event, steps, units, index=index))
    docs = _event_docs(steps, index, wanted, fit)
    best = max(docs, key=lambda d: (fit.get(d, 0.0), -docs.index(d))) if fit else docs[0]
    if fit.get(best, 0.0) <= 0.0:
        best = docs[0]
    if best in order[:FIRST_FIVE]:
        return order
    rest = [d for d in order if d != best]
    at = min(len(rest), RUNNER_AT)
    return rest[:at] + [best] + rest[at:]


def _best_event(events, plan, index, top, top_confidence: float, wanted: set[int]):
    """The life event whose text holds most of the query's content words, if it holds at least
    EVENT_FLOOR of them (or EVENT_FLOOR_LED when it is first and EVENT_LED ahead of the next on its
    score: a long story whose own words are mostly background, the event it is about far ahead);
    between events holding about as much, the one the names' own first answer
    is a step of, else the best scored; an event for a special case the query does not ask for
    (its title names it: "Sinh con có cha hoặc mẹ là người nước ngoài") after the general one.
    Also the share of the query the best other event holds."""
    ranked, units = event_ranking(events, plan, index, limit=EVENT_CHOICES * 3)
    # an event none of whose procedures this catalogue holds leads nothing: it only answers "not
    # handled here" when it is what was asked (EVENT_SURE); else it must not keep an event that is
    # handled from leading or from the choice (the legal-aid event on a catalogue without legal aid,
    # for a small business asking for support to pay a lawyer)
    ranked = [m for m in ranked if m.coverage >= EVENT_SURE or any(c in index.code_docs for c in m.event.codes)]
    held = [
        m
        for i, m in enumerate(ranked[:EVENT_CHOICES])
        if m.coverage >= EVENT_FLOOR or (i == 0 and m.lead >= EVENT_LED and m.coverage >= EVENT_FLOOR_LED)
    ]
    # the things the query names by an everyday name (a synonym group: sổ đỏ, căn cước, bằng lái…)
    # say what it is about: an event must hold them ("sổ đỏ ghi sai tên" is about the land
    # certificate, not the civil-status records whose event holds "ghi sai tên")
    things = {i for i, u in enumerate(units) if u.content and len(u.alternatives) > 1}
    if not held:
        return None, units, 0.0, None

    def names_things(match) -> float:
        return EVENT_THINGS * len(things & match.held) / len(things) if things else 0.0

    def agrees(match) -> float:
        """The names' own first answer is the event's first step, or one of its steps (worth as much
        as the names are sure of it)."""
        if top is None:
            return 0.0
        sure = EVENT_AGREES * min(1.0, top_confidence / CONFIDENCE_FLOOR)
        steps = match.event.steps
        if steps and any(index.code_docs.get(c) == top for c in steps[0].codes):
            return sure
        return sure / 2 if any(index.code_docs.get(c) == top for c in match.event.codes) else 0.0

    def _asked_whole(match) -> bool:
        """The query says one of the event's phrasings whole, and the names' own first answer is one
        of its steps or no other event is phrased whole: the event's special case is what is asked,
        though no qualifier reads it ("mất giấy miễn thị thực": the visa exemption is only the
        overseas Vietnamese' own paper, not the APEC card's "miễn visa")."""
        if match.phrasing < 1.0:
            return False
        if top is not None and any(index.code_docs.get(c) == top for c in match.event.codes):
            return True
        return all(m.phrasing < 1.0 for m in held if m is not match)  # the only one phrased whole

    most = max(m.score for m in held)
    best = max(
        held,
        key=lambda m: (
            m.score / most
            + EVENT_COVERS * m.coverage
            + (EVENT_PHRASED if m.phrasing >= 1.0 else 0.0)
            + agrees(m)
            + names_things(m)
            - (EVENT_SPECIAL if _special_event(m.event, index, wanted) and not _asked_whole(m) else 0.0),
            m.score,
        ),
    )
    others = [m for m in ranked[:EVENT_CHOICES] if m is not best]
    rival = max((m.coverage for m in others), default=0.0)
    return best, units, rival, (others[0] if others else None)


def _with_siblings(steps, index, wanted: set[int], present) -> list:
    """Each step with the special variants of its procedures the query asks for: a step's name with
    the cases the query names added ("chấm dứt giám hộ" → "… có yếu tố nước ngoài" for a guardian
    of Australian nationality), listed before it, when the event does not list them itself."""
    if not wanted:
        return steps
    listed = {c for _step, codes in steps for c in codes}
    out = []
    for step, codes in steps:
        added: list[str] = []
        for code in codes:
            doc = index.code_docs.get(code)
            if doc is None:
                continue
            for other, cases in index.special_siblings(doc):
                code_ = index.codes[other]
                if code_ and cases <= wanted and code_ not in listed and code_ not in added and present(code_):
                    added.append(code_)
        out.append((step, added + codes) if added else (step, codes))
    return out


def _with_variants(steps, index, plan, present, coverage) -> list:
    """Each step with the variants of its procedures the query's situation asks for (actions.json:
    "bị chuột cắn rách" → "Cấp lại Giấy chứng nhận giáo viên dạy thực hành lái xe" beside the
    event's "Cấp Giấy chứng nhận …"), listed after them, when the event does not list them itself
    and their name holds as much of the query as any the event lists, and the floor share: an
    event lists a paper's first grant, the story tells what happened to the paper since."""
    if not plan.actions and not plan.otherwise:
        return steps
    listed = {c for _step, codes in steps for c in codes}
    held = max((float(coverage[index.code_docs[c]]) for c in listed if c in index.code_docs), default=0.0)
    floor = max(CONFIDENCE_FLOOR, held)
    out = []
    for step, codes in steps:
        added: list[str] = []
        for code in codes:
            doc = index.code_docs.get(code)
            if doc is None or index.variant(doc, plan) is not None:
                continue
            for other in index.same_thing(doc):
                code_ = index.codes[other]
                fresh = code_ and code_ not in listed and code_ not in added and present(code_)
                if fresh and float(coverage[other]) >= floor and index.variant(other, plan) is not None:
                    added.append(code_)
        out.append((step, codes + added) if added else (step, codes))
    return out


def _special_event(event, index, wanted: set[int]) -> bool:
    """The event is for a special case (qualifiers.json) the query does not ask for: its title names
    the case and every procedure of its first step holds it ("Sinh con có cha hoặc mẹ là người nước
    ngoài" starts with the foreign birth registration). General before special, as for names. (A
    first step whose name only lists the case beside the general one, "cho công dân Việt Nam, người
    nước ngoài", under a title that does not name it, is no special event.) A catalogue without the
    first step's procedures (a small one: the demo sample handles no birth) reads the step's own
    title instead ("Đăng ký khai sinh có yếu tố nước ngoài"): else the foreign births' event would
    answer "vừa sinh con" as much as the general one."""
    from .qualifiers import adjustment, qualifiers

    if not event.steps:
        return False
    first = [index.code_docs[c] for c in event.steps[0].codes if c in index.code_docs]
    held = [set(index.qualifiers(d)) for d in first] if first else [_cases_named(event.steps[0].title)]
    shared = _cases_named(event.title).intersection(*held)
    # a country is no event's special case: an event's steps go to several ("Sang Trung Quốc,
    # Campuchia" lists the Lao passes too), and its names tell the country asked for
    table = qualifiers()
    return any(adjustment((i,), wanted) < 0 for i in shared if not table[i].country)


def _fit_to_general(fit: dict[int, float], siblings: list[tuple[int, int]]) -> dict[int, float]:
    """A special step the query does not ask for tells its general sibling (`_general_siblings`)
    in the same event: their conditions share the situation and the special one adds its case
    ("Đăng ký chấm dứt giám hộ có yếu tố nước ngoài", "khi thôi giám hộ, cháu đã đủ 18 tuổi, mà
    người giám hộ … là người nước ngoài"): what its words hold of a query not asking for the case
    is the general step's ("cháu đủ 18 tuổi rồi, tôi muốn chấm dứt giám hộ" → Đăng ký chấm dứt
    giám hộ, not the guardianship's registration listed first)."""
    out = dict(fit)
    for general, special in siblings:
        out[general] = max(out.get(general, 0.0), fit.get(special, 0.0))
    return out


def _words_to_general(words: StepWords, siblings: list[tuple[int, int]]) -> StepWords:
    """The query's words a special step holds are its general sibling's too, as for `_fit_to_general`."""
    out = dict(words)
    for general, special in siblings:
        out[general] = out.get(general, frozenset()) | words.get(special, frozenset())
    return out


def _general_siblings(steps, index, wanted: set[int]) -> list[tuple[int, int]]:
    """(general, special) procedures of the event's steps: the special one a sibling of the general
    one (`special_siblings`) for a case the query does not ask for."""
    from .qualifiers import adjustment

    docs = {index.code_docs[c] for _step, codes in steps for c in codes if c in index.code_docs}
    return [
        (general, special)
        for general in docs
        if adjustment(index.qualifiers(general), wanted) >= 0
        for special, _added in index.special_siblings(general)
        if special in docs and adjustment(index.qualifiers(special), wanted) < 0
    ]


def _case_outside(top, event_docs: list[int], index, wanted: set[int], event=None) -> bool:
    """The names' first answer holds special cases the query asks for (in other words: "công ty
    quảng cáo bên Hàn" → … nước ngoài tại Việt Nam) that no step of the event holds together: the
    event is about the general case (or another one: the foreign recognition of a father, not the
    birth registration joined with it). A case the event's title names is the event's own, whatever
    its steps' names say ("Khai sinh, kết hôn … đã làm ở nước ngoài: ghi vào sổ hộ tịch": its names
    say "… tại cơ quan có thẩm quyền của nước ngoài", no phrase of the foreign case)."""
    if top is None or top in event_docs:
        return False
    from .qualifiers import qualifiers

    table = qualifiers()
    own = _cases_named(event.title) | _phrased_cases(event) if event is not None else set()
    cases = {i for i in index.qualifiers(top) if i in wanted and table[i].said_by_name and i not in own}
    return bool(cases) and not any(cases <= set(index.qualifiers(d)) for d in event_docs)


@lru_cache(maxsize=1024)
def _phrased_cases(event) -> frozenset[int]:
    """The special cases (qualifiers.json) the event's phrasings name: how people tell the event
    ("định cư nước ngoài, cần giấy xác nhận đã đóng thuế"), so the case is the event's own, not
    one asked of a name outside it (a background word of the story, not what is asked)."""
    from .qualifiers import asked

    return frozenset(i for phrase in event.phrases for i in asked(phrase))


def _event_leads(
    match, top, event_docs: list[int], top_confidence: float, special: bool, gives_way: bool = False
) -> bool:
    """The event's steps go first when it is surer than the first name, or the first name is one of
    its steps and not sure by itself, or one of its steps for a special case the query does not ask
    for (`special`: the event puts the general one first); never when it `gives_way` to a name
    outside it that fits the query: the event is for a special case the query does not ask for
    (`_special_event`), or for the general case while that name holds the special case the query
    asks for (`_case_outside`)."""
    if top in event_docs and special:
        return True
    if gives_way and top is not None and top not in event_docs and not special and top_confidence >= CONFIDENCE_FLOOR:
        return False
    level = _event_level(match)
    if special and top is not None and level >= CONFIDENCE_FLOOR:
        # the names' first answer is a special case the query does not ask for and no step of the
        # event ("sang tên sổ đỏ" → the buyer's certificate in a real-estate project): however sure
        # its words, the event the query matched holds the general case
        return True
    if top_confidence >= NAME_SURE and top_confidence + EVENT_OVER_NAMES >= level:
        return False  # a sure name that the event does not outdo: the names' order
    return top in event_docs or level >= top_confidence + EVENT_OVER_NAMES


def event_ranking(events, plan, index, limit: int | None = None):
    """The life events holding some of the query's content words (EventIndex.rank; the first `limit`), and the query's
    units as events read them. Words typed with tones compare with them when they make a Vietnamese
    syllable (plan.words), else folded; an everyday phrase (synonym) counts by any of its phrases;
    stop words (asking, people, time, place) add a little to the score and nothing to the share."""
    from .events import QueryUnit, query_term
    from .stopwords import typed_with_tones

    units: list = []
    terms: list[str] = []  # each unit's term, for the word pairs ("" for a phrase)
    position = 0
    for unit in plan.units:
        read = plan.words[position : position + len(unit.typed)]
        position += len(unit.typed)
        alternatives = []
        for alt in unit.alternatives:
            if alt.label == "typed" and len(read) == 1 and len(alt.words) == 1:
                # typed with tones, not merely spelt "y" where the folded form writes "i" ("ky" is
                # the untoned "ký" of "dang ky", not an exact word with no tone)
                alternatives.append((query_term(read[0], typed_with_tones(read[0])),))
            else:  # a phrase of an everyday group, a corrected typo: folded
                alternatives.append(alt.words)
        terms.append(alternatives[0][0] if len(alternatives[0]) == 1 else "")
        # a lone letter ("a", "b") says nothing to an event (it is no word of a situation)
        content = unit.content and not (len(unit.typed) == 1 and len(folded_form(unit.typed[0])) < 2)
        weight = index.unit_weight(unit) if content else 1.0
        units.append(QueryUnit(tuple(alternatives), weight, content))
    pairs = [(a, b) for a, b in zip(terms, terms[1:], strict=False) if a and b]
    return events.rank(units, pairs, plan.words, limit), units


StepWords = dict[int, frozenset[tuple[int, int]]]  # procedure → (query unit, words of it) its step holds


def _step_order(
    steps,
    index,
    event_docs,
    wanted,
    named,
    plan,
    coverage,
    fit,
    words: StepWords | None = None,
    cases_told: frozenset[int] = frozenset(),
    behind: frozenset[int] = frozenset(),
) -> list[int]:
    """The event's procedures in the order shown. The steps keep their order (`event_docs`), but:
    the step the names rank first, when it holds the floor share of the query, clearly more than the
    first step, and its name more than the first step's name, goes first, whatever its place or
    style (the event tells which procedures go with it, the names which one the query asks for),
    unless another step's own words hold clearly more of the query's words telling the steps apart
    than its step's words do (`STEP_OVER_NAMES`); else the step whose own words hold clearly more
    of the query than the first step's goes first: a step a person chooses by their case ("or":
    "nếu con vào lớp 1") as soon as its words tell it, a required or optional one ("từ chối nhận di
    sản" in an inheritance) by a margin, as the event lists those in the order they are done.
    Never a special case the query does not ask for (`_step_qualifiers`; `cases_told`: the
    procedures whose step's condition tells the case its title names, `_told_by_condition`).
    Nor a step the query tells as done (`behind`: "đã làm giấy báo tử xong" → not Đăng ký khai
    tử): those go after the others, the next step the person has to do leading."""
    from .qualifiers import adjustment, unasked

    order = _last(_within_steps(list(event_docs), steps, index, coverage, wanted), behind)
    # the step the names rank first (`named`: document → its place in their order), when the names
    # find it (it holds the floor share of the query), it holds clearly more than the first step and
    # its name itself more than the first step's name: "mẹ mất, hỏa táng có được hỗ trợ" → the
    # cremation support of the death event, though optional and listed last. (A rare word met
    # only in a procedure's documents, "taxi" in the badge's, does not make its name the answer.)
    # (a step holding a case the query does not ask for is never chosen, though it holds one asked
    # for too: the border-area foreign death when the query names only a foreign nationality)
    chosen = {
        index.code_docs[c]
        for step, codes in steps
        for c in codes
        if not unasked(_step_qualifiers(step, index.code_docs[c], index, wanted, fit, cases_told), wanted)
        and index.code_docs[c] not in behind
    }
    choices = {index.code_docs[c] for step, codes in steps if step.style == "choice" for c in codes}
    held = [d for d in order if d in named and not unasked(index.qualifiers(d), wanted) and d not in behind]
    best = min(held, key=named.__getitem__, default=None)
    first = order[0]
    if best is not None and best != first:
        # a long question holds less than the floor share of it in any name ("xưởng … có nước thải
        # thì có phải xin giấy phép môi trường không, nộp ở sở nào"): the names' very first answer
        # still leads its event when its step's own words also hold more of the query than the
        # first step's (names and event agree), else the floor says the names found it
        agreed = named[best] == 0 and fit.get(best, 0.0) > fit.get(first, 0.0)
        floor = 0.0 if agreed else CONFIDENCE_FLOOR
        holds_more = float(coverage[best]) >= max(floor, float(coverage[first]) + STEP_NAME_LEAD)
        if holds_more and index.name_share(best, plan) > index.name_share(first, plan):
            # unless another step's own words (title, condition) hold clearly more of the query's
            # words telling the steps apart than the names' choice's step does: the names may rank
            # a neighbour first on words every step shares ("công ty đổi giám đốc": the capital
            # change's name holds "thay đổi … công ty" as the new director's does)
            rival = max((d for d in order if d in chosen and d != best), key=lambda d: fit.get(d, 0.0), default=None)
            if rival is not None and fit.get(rival, 0.0) - fit.get(best, 0.0) > STEP_OVER_NAMES:
                best = rival
            elif not index.asks_action(best, plan):
                # or a step whose own words hold as much and that starts with the action the
                # situation asks for ("làm mất giấy phép kinh doanh" → Cấp lại, not the names'
                # change of members): the event vouches for the area, the situation for the action
                acting = [
                    d
                    for d in order
                    if d in chosen
                    and d != best
                    and index.asks_action(d, plan)
                    and fit.get(d, 0.0) >= fit.get(best, 0.0)
                ]
                if acting:
                    best = max(acting, key=lambda d: (fit.get(d, 0.0), -order.index(d)))
            order.remove(best)
            return [best, *order]
        # or, holding as much, it starts with the action the situation asks for ("bán sắt vụn"
        # → Thu hồi đăng ký, biển số) and the first step does not: the event vouches for the
        # area, the situation for the action
        if (
            float(coverage[best]) >= float(coverage[first])
            and index.asks_action(best, plan)
            and not index.asks_action(first, plan)
        ):
            # several steps start with that action ("Cấp lại tem AB" when the passport is lost,
            # when the stamp has expired): the one whose own words hold clearly more of the query
            # ("tem AB … hết hạn rồi, xin cấp lại" → the expired stamp's)
            rival = max(
                (d for d in order if d in chosen and d != best and index.asks_action(d, plan)),
                key=lambda d: (fit.get(d, 0.0), -order.index(d)),
                default=None,
            )
            if rival is not None and fit.get(rival, 0.0) - fit.get(best, 0.0) > STEP_OVER_NAMES:
                best = rival
            order.remove(best)
            return [best, *order]
    # the step whose own words hold clearly the most of the query's telling words leads, wherever it
    # is listed ("giấy đăng ký xuồng bị mất, xin cấp lại" → the certificate's reissue, seventh of
    # the boat's steps), unless the first step is there for the special case the query asks for
    step_of = {index.code_docs[c]: i for i, (_step, codes) in enumerate(steps) for c in codes}
    first_step = steps[step_of[order[0]]][0]
    asked_first = adjustment(_step_qualifiers(first_step, order[0], index, wanted, fit, cases_told), wanted)
    told = _step_told(order, chosen, fit, words or {}, step_of)
    if told is not None and asked_first > 0:
        # the first step is there for the case the query asks for: another step leads only when it
        # holds that case as much (every step of the police's complaints and denunciations names
        # "Công an nhân dân": "muốn tố công an" is still the denunciation, not the first complaint)
        told_step = steps[step_of[told]][0]
        if adjustment(_step_qualifiers(told_step, told, index, wanted, fit, cases_told), wanted) < asked_first:
            told = None
    if told is not None and told != order[0]:
        order.remove(told)
        order.insert(0, told)
        return order
    promoted = max(
        (d for d in order if d in chosen),
        key=lambda d: (fit.get(d, 0.0) - STEP_DECAY * order.index(d), -order.index(d)),
        default=None,
    )
    lead = fit.get(promoted, 0.0) - STEP_DECAY * order.index(promoted) - fit.get(order[0], 0.0) if promoted else 0.0
    margin = STEP_MARGIN if promoted in choices else STEP_MARGIN_LISTED
    if promoted is not None and lead > margin:
        order.remove(promoted)
        order.insert(0, promoted)
        return order
    if order[0] in choices and not any(fit.get(d, 0.0) > 0 for d in choices):
        pick = _choice_by_names(order, choices & chosen, coverage, best, named)
        if pick is not None:
            order.remove(pick)
            order.insert(0, pick)
    # else the step both readings put first, its own words and the names (`_step_agreed`), leads
    # wherever it is listed, by the margin its style asks beyond the first step's words (no
    # decay by place: the names vouch for it): "mẹ đang lãnh lương hưu, qua Úc định cư với con"
    # → the one-time benefit for settling abroad, fourth of the pension event's choices
    agreed = _step_agreed(order, chosen, coverage, fit, step_of)
    if (
        agreed is not None
        and agreed != order[0]
        and fit[agreed] - fit.get(order[0], 0.0) > (STEP_MARGIN if agreed in choices else STEP_MARGIN_LISTED)
    ):
        order.remove(agreed)
        order.insert(0, agreed)
    return order


def _choice_by_names(order: list[int], eligible: set[int], coverage, best, named: dict[int, int]) -> int | None:
    """Among steps a person chooses by their case, none of whose own words tell them apart (the
    case is the event's own word: "Tự lái xe riêng sang Lào, Campuchia"), the one to lead, else
    None: the one whose name holds clearly more of the query ("qua campuchia" → Việt Nam –
    Campuchia, not the first listed); or else the names' choice among the steps, ranked above the
    first step by the names and holding about as much of the query ("đã bỏ quốc tịch, giờ muốn có
    lại quốc tịch, vẫn sống ở Pháp" → Trở lại quốc tịch ở nước ngoài, not Nhập quốc tịch ở nước
    ngoài listed before it)."""
    first = order[0]
    pick = max(
        (d for d in order if d in eligible),
        key=lambda d: (round(float(coverage[d]), 6), -order.index(d)),
        default=None,
    )
    if pick is not None and float(coverage[pick]) >= float(coverage[first]) + STEP_NAME_LEAD:
        return pick
    return best if _names_choice_ties(best, first, eligible, named, coverage) else None


def _names_choice_ties(best, first: int, eligible: set[int], named: dict[int, int], coverage) -> bool:
    """The names' choice among the event's steps (`best`) may lead where no step's own words tell
    the steps apart: it is `eligible` (a choice, no special case unasked), the names rank it above
    the first step and find it, and its name holds the query's words within STEP_NAME_TIE of the
    first's."""
    if best is None or best == first or best not in eligible:
        return False
    # the names find it (it holds the floor share of the query: a name holding a fifth of a
    # story says little of which step, "mua đất giấy tay chưa sang tên sổ đỏ")
    ranked_above = named[best] < named.get(first, len(named)) and float(coverage[best]) >= CONFIDENCE_FLOOR
    return ranked_above and float(coverage[best]) >= float(coverage[first]) - STEP_NAME_TIE


def _last(order: list[int], behind: frozenset[int]) -> list[int]:
    """The order with the procedures `behind` the person moved after the others (kept if all are)."""
    if not behind or all(d in behind for d in order):
        return order
    return [d for d in order if d not in behind] + [d for d in order if d in behind]


def _step_told(order: list[int], chosen: set[int], fit: dict[int, float], words: StepWords, step_of: dict[int, int]):
    """The procedure whose step's own words hold the most of the query's telling words (`fit`),
    clearly more than each step listed before it (`STEP_TOLD_RATIO` times, and `STEP_TOLD_GAP`
    more: the listed order is a prior a step must clearly beat, not a cost per place), and holding
    two words of the query at least that the first step's words do not (`_step_words`), else None."""
    told = [d for d in order if d in chosen and fit.get(d, 0.0) > 0]
    if not told:
        return None
    best = max(told, key=lambda d: (fit[d], -order.index(d)))
    # the words that set it apart from the first step: one word alone may be met in another sense
    # ("sửa lại mái" and "Cấp lại", "định mở" and "thẩm định")
    if sum(n for _u, n in words.get(best, frozenset()) - words.get(order[0], frozenset())) < 2:
        return None
    at = order.index(best)
    before = max((fit.get(d, 0.0) for d in order[:at] if step_of.get(d) != step_of.get(best)), default=0.0)
    if fit[best] >= STEP_TOLD_RATIO * before and fit[best] - before >= STEP_TOLD_GAP:
        return best
    return None


def _step_agreed(order: list[int], chosen: set[int], coverage, fit: dict[int, float], step_of: dict[int, int]):
    """The procedure both readings of the steps put first, else None: its step's own words (title,
    condition) hold more of the query's words telling the steps apart than any other step's, and its
    name holds as much of the query as any other step's procedure (`coverage`, the names' reading)."""
    told = [d for d in order if d in chosen and fit.get(d, 0.0) > 0]
    if not told:
        return None
    best = max(told, key=lambda d: (fit.get(d, 0.0), -order.index(d)))
    others = [d for d in order if step_of.get(d) != step_of.get(best)]
    if any(fit.get(d, 0.0) >= fit[best] for d in others):
        return None
    if any(float(coverage[d]) > float(coverage[best]) for d in others):
        return None
    return best


def _within_steps(order: list[int], steps, index, coverage, wanted: set[int] | None = None) -> list[int]:
    """A step naming several procedures ("Xét tặng, truy tặng danh hiệu Bà mẹ Việt Nam anh hùng":
    two names; or one procedure at several levels) shows first the one holding more of the query
    ("truy tặng"); as many: the one whose special cases the query asks for (qualifiers.json: the
    route "giữa Việt Nam và Campuchia" before "… Việt Nam, Lào và Campuchia" and "… Việt Nam và
    Lào" for a bus to Phnôm Pênh), then the order listed."""
    from .qualifiers import adjustment

    out = list(order)
    asked = wanted or set()
    for _step, codes in steps:
        docs = [index.code_docs[c] for c in codes if index.code_docs.get(c) in out]
        if len(docs) < 2:
            continue
        places = sorted(out.index(d) for d in docs)
        ranked = sorted(
            docs,
            key=lambda d: (-round(float(coverage[d]), 6), -adjustment(index.qualifiers(d), asked), out.index(d)),
        )
        for place, doc in zip(places, ranked, strict=True):
            out[place] = doc
    return out


def _telling_units(events, event, steps, units, index=None, done=frozenset(), first_done=False):
    """Each content unit of the query that some steps' own words hold (title, and a choice's
    condition), with those steps' positions (→ the most words of one of its phrases the step holds);
    a word of the event itself ("mất" for a death) tells no step apart and is left out, and so is a
    word a step's words hold only in another sense (`_other_sense`, when `index` is given). A unit
    the query tells as done (`done`: positions, tthc.search.done) counts for the first step when it
    is behind the person (`first_done`, `_title_done`: "đã làm giấy báo tử xong" → Đăng ký khai
    tử) only by its condition: the situation a step is chosen in ("nếu đã có sổ"), not the step."""
    texts = [(step.title, step.condition if step.style == "choice" else "") for step, _c in steps]
    own = [events.terms_of(*text) for text in texts]
    # a first step behind the person keeps only its condition's words for what is told as done
    situations = [events.terms_of(texts[0][1]) if texts[0][1] else frozenset(), *own[1:]] if first_done else own
    # each step's texts as folded words, read once for every unit's `_other_sense`
    spelt = [_spelt(text) for text in texts] if index is not None else []
    core = events.core(event)
    beside = _query_neighbours(units)
    for at, unit in enumerate(units):
        if not unit.content or any(len(alt) == 1 and alt[0] in core for alt in unit.alternatives):
            continue
        holding = {
            i: n for i, terms in enumerate(situations if at in done else own) if (n := _longest_held(unit, terms))
        }
        word = _single_folded(unit)
        if index is not None and word:
            holding = {i: n for i, n in holding.items() if not _other_sense(index, spelt[i], word, beside[at])}
        said = _aspect(units[at - 1]) if at and word else ""
        if said:
            holding = {i: n for i, n in holding.items() if not _opposite_aspect(texts[i], word, said)}
        if holding:
            yield unit, holding


def _longest_held(unit, terms) -> int:
    """The most words of one of the unit's phrases that `terms` (a step's own words) hold, 0 for none."""
    return max((len(alt) for alt in unit.alternatives if alt and terms.issuperset(alt)), default=0)


def _aspect(unit) -> str:
    """The aspect a query unit says: "not" for a word of absence or not-yet ("chưa", "không"),
    "already" for "đã" or "đang" (typed with tones, or untoned "chua", "khong", "dang"); else ""."""
    term = _single_term(unit)
    if not term:
        return ""
    from .events import EXACT

    exact = term[1:] if term.startswith(EXACT) else ""
    if exact in NOT_YET or term in ("chua", "khong"):
        return "not"
    if exact in ALREADY or term == "dang":
        return "already"
    return ""


def _opposite_aspect(texts: tuple[str, ...], word: str, said: str) -> bool:
    """A step's texts hold the query's word (folded) only right after a word of the other aspect
    than the query says it with: the query's "chưa chạy chuyến nào" and the step's "đã chạy trên
    sông mà chưa đăng ký", or the query's "đã chạy" and the step's "(… mới đóng, chưa chạy)"."""
    other = ALREADY if said == "not" else NOT_YET
    places = [
        (words[i - 1] if i else "")
        for words in (tokens(text) for text in texts)
        for i, w in enumerate(words)
        if folded_form(w) == word
    ]
    return bool(places) and all(exact_form(before) in other for before in places)


def _single_folded(unit) -> str:
    """The folded word a query unit stands for, when it has a single one-word alternative; else ""."""
    from .events import folded_term

    term = _single_term(unit)
    return folded_term(term) if term else ""


def _query_neighbours(units) -> list[frozenset[str]]:
    """Each unit's neighbours in the query: the folded words of the units just before and after it."""
    from .events import folded_term

    words = [frozenset(folded_term(t) for t in u.alternatives[0]) if u.alternatives else frozenset() for u in units]
    empty: frozenset[str] = frozenset()
    return [(words[i - 1] if i else empty) | (words[i + 1] if i + 1 < len(words) else empty) for i in range(len(words))]


def _bound_in_pair(index, pair: str, word: str) -> bool:
    """Most names holding `word` (folded) hold it in `pair` ("cap lai" for "lai", "nuoc ngoai" for
    "nuoc"): a set phrase, the word's sense there its own (SENSE_BOUND, among SENSE_MIN_NAMES names
    at least: a rare word's few names say nothing of its senses)."""
    alone, together = index.postings.get(word), index.postings.get(pair)
    if alone is None or together is None or len(alone[0]) < SENSE_MIN_NAMES:
        return False
    return len(together[0]) >= SENSE_BOUND * len(alone[0])


def _spelt(texts: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A step's texts (title, condition) as folded words, as `_other_sense` reads them."""
    return [_folded_words(text) for text in texts]


@lru_cache(maxsize=8192)
def _folded_words(text: str) -> tuple[str, ...]:
    """An event's text (a step's title or condition) as folded words, once per text: the events'
    texts are fixed data, read again for every query the event answers."""
    return tuple(folded_form(w) for w in tokens(text))


@lru_cache(maxsize=8192)
def _cases_named(text: str) -> frozenset[int]:
    """The special cases an event's text (its title, a step's title) names (qualifiers.asked), once
    per text, as `_folded_words`."""
    from .qualifiers import asked

    return frozenset(asked(text))


@lru_cache(maxsize=8192)
def _cases_held(text: str) -> tuple[int, ...]:
    """The special cases an event's text (a step's title and condition) holds as a name would
    (qualifiers.held over its folded words), once per text, as `_folded_words`."""
    from .qualifiers import held

    return held(list(_folded_words(text)))


def _other_sense(index, texts: list[tuple[str, ...]], word: str, beside: frozenset[str]) -> bool:
    """A step's texts (as folded words) hold the query's word (folded) only inside set phrases
    (`_bound_in_pair`) whose other word is not beside it in the query: the word is met in another
    sense. "xây lại căn nhà" (rebuild) holds "lại" as "Cấp lại giấy phép xây dựng" (a reissue) does
    not; "tour trong nước" holds "nước" as "nếu đưa khách ra nước ngoài" does not. A word the step
    also holds outside such phrases, or in the query's own phrase ("xin cấp lại"), keeps its sense."""
    places = [(words, i) for words in texts for i, w in enumerate(words) if w == word]

    def bound(words: tuple[str, ...], i: int) -> bool:
        partners = [(words[i - 1], f"{words[i - 1]} {word}")] if i else []
        if i + 1 < len(words):
            partners.append((words[i + 1], f"{word} {words[i + 1]}"))
        return any(other not in beside and _bound_in_pair(index, pair, word) for other, pair in partners)

    return bool(places) and all(bound(words, i) for words, i in places)


class StepReading(NamedTuple):
    """What the query's words say of an event's steps, read once for `_step_fit` and `_step_words`:
    each telling unit with the steps holding it (`_telling_units`), and the steps whose title
    starts with the action the query's situation asks for (actions.json)."""

    telling: list[tuple[QueryUnit, dict[int, int]]]
    acting: list[int]


def _read_steps(
    events, event, steps, units, actions=frozenset(), index=None, done=frozenset(), first_done=False
) -> StepReading:
    if len(steps) < 2:
        return StepReading([], [])
    acting: list[int] = []
    if actions:
        from .actions import starts_with

        acting = [i for i, (step, _c) in enumerate(steps) if starts_with(list(_folded_words(step.title)), actions)]
        # the action belongs to the part of the story told as done when the step's title holds it too
        # ("đã làm giấy báo tử xong": Đăng ký khai tử is behind the person, not asked)
        acting = [i for i in acting if i or not first_done]
    return StepReading(list(_telling_units(events, event, steps, units, index, done, first_done)), acting)


def _behind(steps, index) -> frozenset[int]:
    """The procedures of the event's first step, which the query tells as done (`_title_done`):
    "đã làm giấy báo tử xong" → Đăng ký khai tử is behind the person. Only the first step: the one
    a story's past most often holds, and the one listed first whatever is asked."""
    return frozenset(index.code_docs[c] for c in steps[0][1] if c in index.code_docs)


def _title_done(events, step, units, done) -> bool:
    """The step is behind the person: its title holds two words of the query told as done (`done`:
    unit positions; a phrase of several words counts as two: "giấy báo tử" → khai tử; one word
    alone, "học xong lớp 5", may be met in another sense) and none of the rest of the query ("đã
    đăng ký kết hôn ở Hàn rồi, giờ muốn ghi vào sổ": the recording holds what is asked as well),
    and it does not act on a thing already there (`actions.follows_up`: Điều chỉnh giấy phép xây
    dựng follows the permit "xin phép xây 2 tầng rồi" tells as done)."""
    if not done:
        return False
    from .actions import follows_up

    terms = events.terms_of(step.title)
    held = {at: n for at, unit in enumerate(units) if unit.content and (n := _longest_held(unit, terms))}
    if not held or not set(held) <= done or sum(min(n, 2) for n in held.values()) < 2:
        return False
    return not follows_up(list(_folded_words(step.title)))


def _step_fit(steps, units, index, reading: StepReading) -> dict[int, float]:
    """Procedure (document) → the share of the query's content words its step's own words hold (the
    step's title, and the condition of a step chosen by the person's case: "nếu con vào lớp 1"),
    each word counting as much as it tells the steps apart ("bán" held by one step of two counts
    fully, a word held by every step not at all). The action the query's situation asks for
    (actions.json: "bị khóa" → Mở khóa) counts as one more word (the query's mean content weight),
    held by the steps whose title starts with it (`reading.acting`)."""
    if len(steps) < 2:
        return {}
    total = sum(u.weight for u in units if u.content) or 1.0
    out: dict[int, float] = {}

    def credit(holding: list[int], weight: float) -> None:  # a word held by these steps only
        telling = math.log(len(steps) / len(holding)) / math.log(len(steps))
        for i in holding:
            for code in steps[i][1]:
                doc = index.code_docs[code]
                out[doc] = out.get(doc, 0.0) + weight * telling / total

    for unit, holding in reading.telling:
        credit(list(holding), unit.weight)
    if reading.acting:
        contents = [u.weight for u in units if u.content]
        credit(reading.acting, sum(contents) / len(contents) if contents else 0.0)
    return out


def _step_words(steps, index, reading: StepReading) -> StepWords:
    """Procedure (document) → the query's words its step's own words hold that tell the steps apart
    (`_telling_units`), as (unit, how many words of it: an everyday phrase of several counts as two;
    the action the situation asks for, ACTION_WORDS)."""
    out: dict[int, set[tuple[int, int]]] = {}
    for at, (_unit, holding) in enumerate(reading.telling):
        if len(holding) < len(steps):
            for i, words in holding.items():
                for code in steps[i][1]:
                    out.setdefault(index.code_docs[code], set()).add((at, min(words, 2)))
    for i in reading.acting:
        for code in steps[i][1]:
            out.setdefault(index.code_docs[code], set()).add((-1, ACTION_WORDS))
    return {doc: frozenset(held) for doc, held in out.items()}


def _out_of_its_pair(events, match, units, plan, index) -> float:
    """The share of the query's words to take from an event's confidence when the query's most
    telling word (the rarest content word, as typed) is held by the event only apart from a
    neighbour it forms a known pair with in the query (a pair some name or event text holds side by
    side: "máy bay", "pháo hoa"): the event then holds another word that happens to be spelt so
    ("máy" of "xe máy"). 0.0 when not."""
    content = [i for i, u in enumerate(units) if u.content]
    total = sum(units[i].weight for i in content)
    if not total or len(units) != len(plan.units):
        return 0.0
    rarest = max(content, key=lambda i: units[i].weight)
    planned = plan.units[rarest]
    if planned.narrative or planned.correction or rarest not in match.held:
        return 0.0
    term = _single_term(units[rarest])
    if not term:
        return 0.0
    for at in (rarest - 1, rarest + 1):
        if at < 0 or at >= len(units) or at not in content or at in match.held or not _single_term(units[at]):
            continue
        a, b = (_single_term(units[at]), term) if at < rarest else (term, _single_term(units[at]))
        if _pair_known(events, index, a, b) and not events.holds_pair(match.event, a, b):
            return units[rarest].weight / total
    return 0.0


def _single_term(unit) -> str:
    """The one word a query unit stands for, when it has a single one-word alternative; else ""."""
    alternatives = unit.alternatives
    return alternatives[0][0] if len(alternatives) == 1 and len(alternatives[0]) == 1 else ""


def _pair_known(events, index, a: str, b: str) -> bool:
    """Whether some name or event text holds the words `a` `b` side by side ("máy bay", "pháo hoa")."""
    return events.folded_pair(a, b) in index.postings or events.knows_pair(a, b)


def _head_unknown(events, units, plan, index) -> tuple[int, int] | None:
    """(head, next) positions of the query's units when the first content word of what it asks (after
    the last word opening a need that two content words follow: "xin", "làm"…; else the query's
    first) and the word right after it are both single words typed with tones, not told in passing,
    and no name nor event text holds them side by side ("thẻ thư viện", "nghỉ phép"): the query
    names a kind of the thing the catalogue does not know. None otherwise."""
    from .stopwords import opens_need, typed_with_tones

    if len(units) != len(plan.units):
        return None
    opening = 0
    for i, unit in enumerate(plan.units):
        opens = len(unit.typed) == 1 and not unit.content and opens_need(unit.typed[0])
        if opens and sum(1 for u in plan.units[i + 1 :] if u.content) >= 2:
            opening = i + 1
    first = next((i for i in range(opening, len(plan.units)) if plan.units[i].content), None)
    if first is None or first + 1 >= len(plan.units):
        return None
    terms = []
    for at in (first, first + 1):
        planned, term = plan.units[at], _single_term(units[at])
        if not planned.content or planned.narrative or planned.correction or not term:
            return None
        if not typed_with_tones(planned.typed[0]):
            return None
        terms.append(term)
    return None if _pair_known(events, index, *terms) else (first, first + 1)


def _event_level(match) -> float:
    """How sure an event's steps answer the query: from the share of its words the event holds,
    a match from EVENT_PIVOT when one of the event's phrasings is in the query whole, else from
    EVENT_PIVOT_BAG (the event's text holds the words only scattered over its phrasings)."""
    pivot = EVENT_PIVOT if match.phrasing >= 1.0 else EVENT_PIVOT_BAG
    return max(0.0, min(0.95, CONFIDENCE_FLOOR + (match.coverage - pivot)))


def _name_confidence(index, doc: int, vocabulary: set[str], coverage) -> float:
    """How sure a name answers the query: the IDF-weighted share of the query it covers, scaled
    down when the query covers little of the name (a name sharing one rare word with the query).
    Calibrated on the tuning part of tests/search_eval (floor 0.6: 'nothing fits' on 89 % of its
    wrong or unanswerable first names, on 5 % of its right ones)."""
    words = index.main_words[doc]
    # each name word weighted by how rare it is in the names: a long official name whose telling
    # words the query holds (phiếu lý lịch tư pháp) is covered, whatever its 'cho công dân Việt Nam'
    weights, total = index.main_weights(doc)  # once per name, not per query and hit
    name_cover = sum(wt for w, wt in zip(words, weights, strict=True) if w in vocabulary) / max(1e-9, total)
    return float(coverage[doc]) * min(1.0, name_cover / NAME_COVER_FULL)


CONFIDENCE_FILE = Path(__file__).with_name("confidence.json")


@lru_cache(maxsize=1)
def confidence_model() -> tuple[dict[str, float], float]:
    """(weight per feature, intercept) of the logistic model: tests/search_eval/calibrate.py fits it
    on the tuning part of the evaluation and writes confidence.json (reviewed data)."""
    try:
        data = json.loads(CONFIDENCE_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, 0.0
    return {k: float(v) for k, v in data["weights"].items()}, float(data["intercept"])


def _query_context(index, plan, ranked, best_cover: float, text: str = "") -> dict[str, Any]:
    """What every hit's confidence reads of the whole answer: the two best scores, how much of the
    query no name holds at all, how many of its words were typos."""
    content = [u for u in plan.units if u.content]
    total = sum(index.unit_weight(u) for u in content) or 1.0
    unknown = sum(
        index.unit_weight(u)
        for u in content
        if not any(all(w in index.idf for w in alt.words) for alt in u.alternatives)
    )
    scores = sorted((s for s, _d in ranked[:2]), reverse=True)
    typed = _typed_pairs(plan, text) if text else None
    pairs = _content_pairs(plan, typed)
    return {
        "first": scores[0] if scores else 0.0,
        "second": scores[1] if len(scores) > 1 else 0.0,
        "best_cover": best_cover,
        "unknown": unknown / total,
        "typos": sum(1 for u in content if u.correction) / max(1, len(content)),
        # the query's length counts the office it names (its words ask for nothing, yet are said)
        "units": len(content) + sum(1 for u in plan.units if u.office),
        # the share of the query's content words told before the need (a long story's narrative)
        "narrative": sum(1 for u in content if u.narrative) / max(1, len(content)),
        "score": {d: s for s, d in ranked[:RESCORE_TOP]},
        # the query's most telling words (the rarest units told as the need, not the narrative)
        "rare": _rarest(index, plan),
        # how much of the query the catalogue knows at all: its content words in no name nor any
        # event's text, and its pairs of content words side by side in some name or event's text
        # (a thing the catalogue lacks, told in words it has elsewhere: "giá thuê ca nô")
        "unknown_any": sum(index.unit_weight(u) for u in content if not _known_unit(index, u)) / total,
        "pairs_known": _pairs_known(index, pairs),
        # the need's units (not the narrative) as (position, [(words, as typed)…]), and the content
        # word pairs: what each hit holds of them (confidence_features), read once here
        "need": [
            (i, [(alt.words, _as_typed(u, alt)) for alt in u.alternatives])
            for i, u in enumerate(plan.units)
            if u.content and not u.narrative
        ],
        "need_pairs": _need_pairs(plan, typed),
    }


def _need_pairs(
    plan, typed: set[tuple[str, str]] | None = None
) -> list[tuple[tuple[str, str], frozenset[str], frozenset[str]]]:
    """The query's pairs of adjacent content units (`_content_pairs`), said side by side (`typed`, the
    query's `_typed_pairs`; None: every pair): (the pair as
    typed, the last words of the left unit's phrases, the first words of the right one's). A hit
    holds the pair when its name holds one of the left unit's phrases right before one of the right
    one's: "đăng ký hkd" is held side by side by "đăng ký hộ kinh doanh" through the reviewed short
    form (synonyms.json), not only the words as typed, which no name spells."""
    pairs = []
    for left, right in zip(plan.units, plan.units[1:], strict=False):
        if not (left.content and right.content):
            continue
        pair = (left.alternatives[0].words[-1], right.alternatives[0].words[0])
        if typed is not None and pair not in typed:
            continue  # across a comma or words the reading left out: no pair the citizen said
        ends = frozenset(a.words[-1] for a in left.alternatives if a.words)
        starts = frozenset(a.words[0] for a in right.alternatives if a.words)
        pairs.append((pair, ends, starts))
    return pairs


def _known_unit(index, unit) -> bool:
    """Some alternative of the unit has all its words in a name or in an event's text."""
    everyday: dict[str, float] = getattr(index, "everyday_idf", {})
    return any(all(w in index.idf or w in everyday for w in alt.words) for alt in unit.alternatives)


def _as_typed(unit, alternative) -> bool:
    """The alternative is the unit as typed, or part of it ("khai sinh" of "giấy khai sinh"), not a
    synonym of other words nor a typo's correction."""
    typed = next((a.words for a in unit.alternatives if a.label == "typed"), ())
    return alternative.label == "typed" or (bool(typed) and set(alternative.words) <= set(typed))


def _content_pairs(plan, typed: set[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """The query's pairs of content words side by side (intent words and stop words left out) as
    typed (`typed`, the query's `_typed_pairs`; None: every pair): not across a comma, nor across
    words the reading left out ("mất hôm thứ hai, lên xã báo" reads "mất báo", no pair the citizen
    said)."""
    pairs = [(a, b) for a, b, weight in plan.pairs if weight >= 1.0]
    if typed is None:
        return pairs
    return [p for p in pairs if p in typed]


def _typed_pairs(plan, text: str) -> set[tuple[str, str]]:
    """The folded word pairs side by side in `text` within a clause (typos corrected)."""
    typed: set[tuple[str, str]] = set()
    for clause in re.split(r"[,.;:!?()\n]+", text):
        words = [folded_form(w) for w in tokens(clause)]
        words = [plan.corrections.get(w, w) for w in words]
        typed.update(zip(words, words[1:], strict=False))
    return typed


def _pairs_known(index, pairs: list[tuple[str, str]]) -> float:
    """The share of the query's content word pairs (`_content_pairs`) some name or event's text holds
    side by side (1.0 for a query of no such pair)."""
    if not pairs:
        return 1.0
    everyday: frozenset[str] = getattr(index, "everyday_pairs", frozenset())
    known = sum(1 for a, b in pairs if f"{a} {b}" in index.postings or f"{a} {b}" in everyday)
    return known / len(pairs)


def _rarest(index, plan, most: int = 2) -> list[tuple[int, float]]:
    """(position, weight) of the query's `most` rarest content units outside its narrative."""
    units = [(index.unit_weight(u), i) for i, u in enumerate(plan.units) if u.content and not u.narrative]
    return [(i, w) for w, i in sorted(units, key=lambda item: (-item[0], item[1]))[:most]]


def confidence_features(
    index, doc: int, vocabulary: set[str], coverage, cover_confidence: float, event: float, context, plan=None
) -> dict[str, float]:
    """The features of one hit the confidence model reads (all in 0–1 but lead, in −1–1)."""
    score = context["score"].get(doc)
    if score is None:
        lead = -1.0
    elif score >= context["first"]:
        lead = min(1.0, score - context["second"])
    else:
        lead = max(-1.0, score - context["first"])
    words = index.words[doc]
    start = 1.0 if words and words[0] in vocabulary else 0.0
    cover = float(coverage[doc])
    # the share of the query the name itself holds; the rest of the cover is held by the documents
    # and steps only (a wrong confident answer often holds the query's telling word only there)
    name_share = index.name_share(doc, plan) if plan is not None else cover
    # the share of the query's most telling words the name holds, or its event's text
    rare = context.get("rare", ())
    rare_total = sum(w for _i, w in rare) or 1.0
    words_ = index.word_set(doc)
    in_name = {i for i, _w in rare if plan is not None and plan.units[i].held_by(words_)}
    in_event = set(context.get("event_held", ())) if event else set()
    # the query's content units (need, not narrative) the hit holds, counted alike (one common word
    # of a long query is little), and its content word pairs held side by side (name or event)
    need = context.get("need", ())
    # per need unit: whether the name holds it as typed (True), only through a synonym or a typo's
    # correction (False), or not at all (None)
    held = [max((typed for alt, typed in alts if words_.issuperset(alt)), default=None) for _i, alts in need]
    units_held = (
        sum(1 for (i, _a), how in zip(need, held, strict=True) if how is not None or i in in_event) / len(need)
        if need
        else 1.0
    )
    # the name holds the query's need words only through synonyms or typos' corrections
    never_as_typed = 1.0 if any(how is not None for how in held) and not any(held) else 0.0
    pairs = context.get("need_pairs", ())
    if pairs:
        side_by_side = set(zip(words, words[1:], strict=False))
        in_event_pairs = context.get("event_pairs", set()) if event else set()
        pairs_held = sum(
            1
            for typed, ends, starts in pairs
            if typed in in_event_pairs or any((a, b) in side_by_side for a in ends for b in starts)
        ) / len(pairs)
    else:
        pairs_held = 1.0
    return {
        "units_held": units_held,
        "pairs_held": pairs_held,
        "never_as_typed": never_as_typed,
        "pairs_known": float(context.get("pairs_known", 1.0)),
        "unknown_any": float(context.get("unknown_any", 0.0)),
        "rare_name": sum(w for i, w in rare if i in in_name) / rare_total if rare else 1.0,
        "rare_held": sum(w for i, w in rare if i in in_name or i in in_event) / rare_total if rare else 1.0,
        "runner_close": context.get("runner_close", 0.0) if event else 0.0,
        "plain_at": 1.0 - context["plain"][doc] / PLAIN_FUSED if doc in context.get("plain", {}) else 0.0,
        "plain_first": 1.0 if context.get("plain", {}).get(doc) == 0 else 0.0,
        "names_sure": context.get("names_sure", 0.0) if event else 0.0,
        "cover": cover,
        "cover_confidence": min(1.0, cover_confidence),
        "lead": lead,
        "best_cover": float(context["best_cover"]),
        "unknown": float(context["unknown"]),
        "typos": float(context["typos"]),
        "one_word": 1.0 if context["units"] <= 1 else 0.0,
        "long_query": min(1.0, context["units"] / 10),
        "start": start,
        "event": event,
        "event_share": context.get("event_share", 0.0) if event else 0.0,
        "event_agrees": context.get("event_agrees", 0.0) if event else 0.0,
        # the event's first step as the event lists it (not a later one standing in for a missing first)
        "event_first": 1.0 if event and doc in context.get("event_first", ()) else 0.0,
        # one of the event's phrasings in the query whole (else its words scattered over its text)
        "event_phrased": context.get("event_phrased", 0.0) if event else 0.0,
        # one of several steps: the first by default unless its own words hold the query's
        "event_choice": 1.0 - 1.0 / max(1, context.get("event_steps", 1)) if event else 0.0,
        # how much more of the query the event holds than the best other event (0: a close rival)
        "event_margin": context.get("event_margin", 0.0) if event else 0.0,
        # how much of the query the hit's step's own words (title, condition) hold
        "step_fit": _step_fit_of(doc, event, context),
        "name_share": min(1.0, name_share),
        "body_only": max(0.0, min(1.0, cover - name_share)),
        "narrative": float(context.get("narrative", 0.0)),
    }


def _step_fit_of(doc: int, event: float, context) -> float:
    """How much of the query the hit's step's own words hold, as the confidence reads it: the lone
    step of an event here is the event's answer, with no other step to tell it from (`_step_fit`
    leaves it out, 0 like a step the query's words never reached): it fits whole."""
    if not event:
        return 0.0
    if context.get("event_steps", 0) == 1:
        return 1.0
    return min(1.0, context.get("step_fit", {}).get(doc, 0.0))


def calibrated_confidence(features: dict[str, float], cover_confidence: float) -> float:
    """The chance the hit is right, never above its cover confidence (raised to the event's level
    for an event's step): the model only says "probably wrong" where the cover alone did not. Without
    a fitted model, the cover confidence."""
    weights, intercept = confidence_model()
    if not weights:
        return cover_confidence
    z = intercept + sum(w * features.get(k, 0.0) for k, w in weights.items())
    return min(cover_confidence, 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))


def _by_qualifiers(ranked, index, wanted: set[int], adjustment) -> list[tuple[float, int]]:
    """General before special: the rescored head re-ordered by the qualifiers its names hold."""
    from .names import RESCORE

    head, tail = ranked[:RESCORE], ranked[RESCORE:]
    moved = [(score + adjustment(index.qualifiers(doc), wanted), doc) for score, doc in head]
    moved.sort(key=lambda item: (-item[0], item[1]))
    return moved + tail


def _by_office(ranked, index, office) -> list[tuple[float, int]]:
    """An office the query names (stopwords.json «offices») is context, not content: the rescored
    head prefers a little the procedures handled at the level and in the sector it says."""
    from .names import RESCORE

    if not office:
        return ranked
    head, tail = ranked[:RESCORE], ranked[RESCORE:]
    moved = []
    for score, doc in head:
        level, sector = index.office_fit(doc, office)
        moved.append((score + OFFICE_LEVEL * level + OFFICE_SECTOR * sector, doc))
    moved.sort(key=lambda item: (-item[0], item[1]))
    return moved + tail


def _step_qualifiers(
    step, doc: int, index, wanted: set[int], fit: dict[int, float], told: frozenset[int] = frozenset()
) -> tuple[int, ...]:
    """The special cases (qualifiers) a step's procedure stands for: its name's; but when the step's
    own words hold the query's telling words (`fit`), of those the query does not ask for only the
    ones its title or condition says too: a long name lists cases in passing ("… của tổ chức tín
    dụng" in the name of the step for a spouse added to a land certificate). A step whose condition
    tells the person's case (`told`, `_told_by_condition`) stands for no case its title alone names:
    the condition says that case in everyday words, and the query told it."""
    holds = index.qualifiers(doc)
    if not holds or fit.get(doc, 0.0) <= 0:
        return holds
    said = set(_cases_held(f"{step.title} {step.condition}"))
    if doc in told:
        # "chưa cưới mà có em bé mới sinh" → "Khai sinh kết hợp nhận cha, mẹ, con", whose condition
        # "nếu em bé mới sinh, mới đẻ, cha mẹ chưa cưới" is the joined case ("kết hợp") in other words
        said &= set(_cases_held(step.condition))
    return tuple(i for i in holds if i in wanted or i in said)


def _told_by_condition(steps, index, fit: dict[int, float], words: StepWords) -> frozenset[int]:
    """The procedures of a choice step with a condition whose own words hold CONDITION_TELLS units of
    the query no other step's words hold, and STEP_TOLD_RATIO times (and STEP_TOLD_GAP more than)
    the fit of any other step: the person's case is the one the condition describes. (Two words
    are not enough: "bố đứa bé muốn nhận con, hai người chưa cưới" holds "bé" and "cưới" of the
    joined birth's condition, and the child is no newborn.)"""
    out: set[int] = set()
    for step, codes in steps:
        if step.style != "choice" or not step.condition:
            continue
        own = {index.code_docs[c] for c in codes}
        others = [d for d in fit if d not in own]
        held_elsewhere = {u for d in others for u, _n in words.get(d, frozenset())}
        best_other = max((fit[d] for d in others), default=0.0)
        for doc in own:
            alone = {u for u, _n in words.get(doc, frozenset()) if u >= 0 and u not in held_elsewhere}
            if len(alone) >= CONDITION_TELLS and fit.get(doc, 0.0) >= STEP_TOLD_RATIO * best_other + STEP_TOLD_GAP:
                out.add(doc)
    return frozenset(out)


def _event_docs(steps, index, wanted: set[int], fit: dict[int, float], told: frozenset[int] = frozenset()) -> list[int]:
    """The event's procedures in step order: a step whose special case the query names first, one
    whose special case it does not name last; a step's levels in the order listed (commune first)."""
    from .qualifiers import adjustment

    ordered = []
    for position, (step, codes) in enumerate(steps):
        docs = [index.code_docs[c] for c in codes]
        boost = max(adjustment(_step_qualifiers(step, d, index, wanted, fit, told), wanted) for d in docs)
        if step.style == "optional":
            boost = min(boost, 0.0)  # an optional step never goes before the required ones
        # asked-for special case first; a special case not asked for after the general steps
        ordered.append((-boost if boost > 0 else (1.0 if boost < 0 else 0.0), position, docs))
    ordered.sort(key=lambda item: (item[0], item[1]))
    out: list[int] = []
    for _b, _p, docs in ordered:
        out.extend(d for d in docs if d not in out)
    return out


def page_slice(query: SearchQuery) -> slice:
    start = (query.page - 1) * query.per_page
    return slice(start, start + query.per_page)
