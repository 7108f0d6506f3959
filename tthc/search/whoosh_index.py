"""The Whoosh engine: schema, building one index folder, answering SearchQuery on an open searcher."""
from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.query import And, Every, Or, Prefix, Term

from .analysis import Unit, toned_forms, exact_analyzer, exact_form, folded_analyzer, folded_form, looks_like_code
from .documents import SearchDocument
from .ranking import TypoIndex
from .query import SearchQuery, SearchResult, count_facets, rank_candidates, page_slice, RESCORE_TOP

# Boosts: the name above documents and steps; the exact form above the folded one; a wrong letter low.
BOOST = {"name_x": 4.0, "name_f": 2.0, "body_x": 1.0, "body_f": 0.5, "fuzzy": 0.3}
META_FILE = "meta.json"


def schema() -> Schema:
    # No positions (phrase=False): word order is judged on the stored name when rescoring, and
    # positions would double the index and its build time.
    return Schema(
        code=ID(stored=False, unique=True), code_key=ID,
        name_x=TEXT(analyzer=exact_analyzer(), phrase=False), name_f=TEXT(analyzer=folded_analyzer(), phrase=False),
        body_x=TEXT(analyzer=exact_analyzer(), phrase=False), body_f=TEXT(analyzer=folded_analyzer(), phrase=False),
        level=ID, sector=ID, agency=ID, channels=KEYWORD, online_level=ID, status=ID,
        sort=ID(sortable=True), data=STORED)


def build_index(folder: Path, docs: list[SearchDocument], meta: dict[str, Any], *, limitmb: int = 256,
                procs: int = 1) -> None:
    """Write a complete index into an empty folder, then its meta.json (written last: a folder
    without it is an unfinished build)."""
    folder.mkdir(parents=True)
    ix = whoosh_index.create_in(str(folder), schema())
    options = {"limitmb": limitmb}
    if procs > 1:
        options.update(procs=procs, multisegment=True)
    writer = ix.writer(**options)
    for doc in docs:
        writer.add_document(
            code=doc.code, code_key=doc.code.lower(), name_x=doc.name, name_f=doc.name,
            body_x=doc.body, body_f=doc.body, level=doc.level, sector=doc.sector, agency=doc.agency,
            channels=" ".join(doc.channels), online_level=doc.online_level, status=doc.status,
            sort=doc.sort, data=doc.stored())
    writer.commit()
    ix.close()
    (folder / META_FILE).write_text(json.dumps({**meta, "documents": len(docs)}, ensure_ascii=False))


def read_meta(folder: Path) -> dict[str, Any]:
    return json.loads((folder / META_FILE).read_text())


def _word_query(word: str, typos: TypoIndex | None) -> Or:
    exact, folded = exact_form(word), folded_form(word)
    parts = [Term("name_x", exact, boost=BOOST["name_x"]), Term("name_f", folded, boost=BOOST["name_f"]),
             Term("body_x", exact, boost=BOOST["body_x"]), Term("body_f", folded, boost=BOOST["body_f"])]
    if typos is not None:  # one wrong letter, in the name only, weighted low
        parts.extend(Term("name_f", near, boost=BOOST["fuzzy"]) for near in sorted(typos.near(folded)))
    return Or(parts)


def _unit_query(unit: Unit, typos: TypoIndex | None):
    if not unit.is_synonym:
        return _word_query(unit.words[0], typos)
    return Or([And([_word_query(w, None) for w in phrase]) if len(phrase) > 1
               else _word_query(phrase[0], None) for phrase in unit.phrases()])


def text_query(query: SearchQuery, typos: TypoIndex | None = None, *, all_words: bool = True):
    text = query.text
    if looks_like_code(text):
        key = text.strip().lower()
        return Or([Term("code_key", key, boost=10.0), Prefix("code_key", key)])
    units = query.words().units
    if not units:
        return None
    parts = [_unit_query(u, typos) for u in units]
    return (And(parts) if all_words else Or(parts)) if len(parts) > 1 else parts[0]


def filter_query(query: SearchQuery):
    terms = [Term(key, value) for key, value in query.filters().items()]
    return And(terms) if len(terms) > 1 else (terms[0] if terms else None)


class WhooshEngine:
    """One open index folder, its searcher kept open for the process (searches are serialised:
    a Whoosh searcher is not safe to share between threads)."""

    name = "whoosh"

    def __init__(self, folder: Path):
        self.folder = folder
        self.meta = read_meta(folder)
        self.state = self.meta["state"]
        self.ix = whoosh_index.open_dir(str(folder))
        self.searcher = self.ix.searcher()
        self._lock = threading.Lock()
        self._docs: list[dict[str, Any]] | None = None  # stored data by docnum, for facets
        self._toned: dict[str, str] | None = None
        self._typos: TypoIndex | None = None

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()

    def _stored(self) -> list[dict[str, Any]]:
        if self._docs is None:
            reader = self.searcher.reader()
            docs: list[dict[str, Any]] = [{}] * reader.doc_count_all()
            for docnum, fields in reader.iter_docs():
                docs[docnum] = fields["data"]
            self._docs = docs
        return self._docs

    def search(self, query: SearchQuery) -> SearchResult:
        with self._lock:
            return self._search(query)

    def _search(self, query: SearchQuery) -> SearchResult:
        q_filter = filter_query(query)
        wanted = query.page * query.per_page
        q_text = text_query(query, self.typos())
        matched_all = True
        if q_text is None:  # browsing: every procedure of the filters, alphabetical
            results = self.searcher.search(Every(), filter=q_filter, sortedby="sort", limit=wanted)
        else:
            results = self.searcher.search(q_text, filter=q_filter, limit=max(wanted, RESCORE_TOP), terms=False)
            if results.scored_length() == 0 and len(query.words().units) > 1:
                q_text = text_query(query, self.typos(), all_words=False)
                results = self.searcher.search(q_text, filter=q_filter, limit=max(wanted, RESCORE_TOP))
                matched_all = False
        stored = self._stored()
        scored = q_text is not None  # sorted results carry sort keys, not scores
        candidates = [(results.score(i) if scored else 0.0, stored[results.docnum(i)])
                      for i in range(results.scored_length())]
        hits = rank_candidates(query, candidates)
        facets, total, exact = {}, results.estimated_min_length(), False
        if query.facets:
            matching = self.searcher.docs_for_query(q_text or Every())
            allowed = None if q_filter is None else set(self.searcher.docs_for_query(q_filter))
            docs = [stored[n] for n in matching if allowed is None or n in allowed]
            facets, total, exact = count_facets(docs), len(docs), True
        elif results.has_exact_length() or results.scored_length() < wanted:
            total, exact = len(results), True
        total = max(total, len(candidates)) if not exact else total
        suggestion = self.suggest(query) if not hits or not matched_all else ""
        return SearchResult(query, hits, total, exact, facets, suggestion, self.state, self.name, matched_all)

    # --- did you mean -----------------------------------------------------------------------------
    def typos(self) -> TypoIndex:
        if self._typos is None:
            self._typos = TypoIndex(self._toned_forms())
        return self._typos

    def _toned_forms(self) -> dict[str, str]:
        if self._toned is None:
            self._toned = toned_forms(d["name"] for d in self._stored() if d)
        return self._toned

    def suggest(self, query: SearchQuery) -> str:
        """A corrected query when words are unknown: each unknown word → the closest name word."""
        if looks_like_code(query.text):
            return ""
        reader = self.searcher.reader()
        corrector = self.searcher.corrector("name_f")
        toned = self._toned_forms()
        out, changed = [], False
        for word in query.words().units and [w for u in query.words().units for w in u.words]:
            folded = folded_form(word)
            if reader.doc_frequency("name_f", folded) or reader.doc_frequency("body_f", folded):
                out.append(word)
                continue
            options = corrector.suggest(folded, limit=1, maxdist=2, prefix=1)
            if options:
                out.append(toned.get(options[0], options[0]))
                changed = True
            else:
                out.append(word)
        return " ".join(out) if changed else ""

