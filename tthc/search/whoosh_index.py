"""The Whoosh engine: schema, building one index folder, answering SearchQuery on an open searcher.

Whoosh keeps the index on disk: lexicons, posting lists, stored documents, columns. The body words
(documents, steps, applicants…: most of the postings) are kept beside it in one numpy file
(body.npz: sorted terms, offsets, document numbers): Whoosh's writer spends tens of µs of Python a
posting, which made the build take minutes at 30,000 procedures, and the body needs no more than
"which documents hold this word". Queries do not use Whoosh's scorer: it walks every posting in
Python (measured here: ~14 µs a posting, 90–180 ms for a broad query at 3,000 procedures). Each
posting list a query needs (filters, facets) is read once from Whoosh into a bitset (a Python int,
one bit per document, kept in a per-process LRU cache); AND, OR and counting (exact totals and every
facet) then run in C. Text queries are ranked on the names by tthc.search.names (BM25 over folded
words and word bigrams, then rescoring), the documents and steps (body) a weak fallback.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3PerDocReader
from whoosh.fields import ID, KEYWORD, STORED, Schema
from whoosh.query import Or, Prefix, Term

from ..text import sort_key
from .analysis import folded_form, looks_like_code, tokens, toned_forms
from .documents import SearchDocument
from .events import EventIndex, event_index, index_of
from .names import NameIndex, ranked_name
from .pacing import answering, paced
from .query import FACETS, SearchQuery, SearchResult, answer_by_names, rank_candidates

META_FILE = "meta.json"
INDEX_FORMAT = 6  # bump when the schema or the files change: older folders are then rebuilt
WORDS_FILE = "words.json"
NAMES_FILE = "names.json"  # code → name: the name ranking (tthc.search.names) is built from it at open
BODY_FILE = "body.npz"  # body word → documents holding it (numpy arrays, see BodyPostings)
SYNONYMS_FILE = "synonyms.json"  # the synonym groups staff added (database) when the index was built
EVENTS_FILE = "events.json"  # the life events in force (null: the shipped set) when the index was built
BITSET_CACHE = 20000  # posting lists kept as bitsets per process


def schema() -> Schema:
    # The names are ranked by tthc.search.names from names.json; name_f (the set of folded name
    # words, analysed here once) serves the did-you-mean corrector. No field is scorable: Whoosh then
    # writes no field lengths, which cost more than the postings themselves. The body is not in
    # Whoosh at all (BODY_FILE).
    return Schema(
        code=ID(unique=True, sortable=True),
        code_key=ID,
        name_f=KEYWORD(scorable=False),
        level=ID,
        sector=ID,
        agency=ID,
        channels=KEYWORD,
        online_level=ID,
        status=ID,
        sort=ID(sortable=True),
        data=STORED,
    )


@lru_cache(maxsize=20000)
def _sort_key(value: str) -> bytes:
    return sort_key(value)


def body_words(text: str) -> set[str]:
    return {folded_form(w) for w in set(tokens(text))}


def write_body(path: Path, docs: list[SearchDocument]) -> None:
    """The body words of every document as compressed-sparse rows: sorted terms, offsets into one
    array of positions in `docs`, and the codes (Whoosh's document numbers are mapped at open)."""
    postings: dict[str, list[int]] = {}
    for position, doc in enumerate(docs):
        for word in body_words(doc.body):
            postings.setdefault(word, []).append(position)
    terms = sorted(postings)
    lengths = np.fromiter((len(postings[t]) for t in terms), dtype=np.int64, count=len(terms))
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    ids = np.fromiter(chain.from_iterable(postings[t] for t in terms), dtype=np.int32, count=int(offsets[-1]))
    with open(path, "wb") as handle:
        np.savez(
            handle,
            terms=np.array(terms, dtype=str),
            offsets=offsets,
            ids=ids,
            codes=np.array([d.code for d in docs], dtype=str),
        )


class BodyPostings:
    """Which documents (Whoosh numbers) hold a body word: one slice of a numpy array per word."""

    def __init__(self, path: Path, codes: list[str]):
        with np.load(path) as data:
            self.terms = {t: i for i, t in paced(enumerate(data["terms"].tolist()), 256)}
            self.offsets = data["offsets"]
            docnum = {code: n for n, code in paced(enumerate(codes), 256)}
            to_docnum = np.array([docnum[c] for c in paced(data["codes"].tolist(), 256)], dtype=np.int64)
            self.ids = to_docnum[data["ids"]] if len(to_docnum) else data["ids"].astype(np.int64)
        self.size = len(codes)

    def __contains__(self, word: str) -> bool:
        return word in self.terms

    def mask(self, word: str) -> np.ndarray | None:
        """One boolean per document, or None for a word no body holds."""
        at = self.terms.get(word)
        if at is None:
            return None
        flags = np.zeros(self.size, dtype=bool)
        flags[self.ids[self.offsets[at] : self.offsets[at + 1]]] = True
        return flags


def _remember_missing_lengths() -> None:
    """Whoosh's segment writer asks, for every posting, for the field's length column; no field here
    is scorable, so there is none, and Whoosh looks for the file again each time (one stat() per
    posting: a sixth of the build). Remember the miss per open segment; the answer cannot change
    (a segment's files are written once)."""
    original = W3PerDocReader._cached_reader
    if getattr(original, "remembers_missing", False):
        return

    def cached_reader(self, fieldname, column):
        missing = self.__dict__.setdefault("_missing_columns", set())
        if fieldname in missing:
            return None
        reader = original(self, fieldname, column)
        if reader is None:
            missing.add(fieldname)
        return reader

    cached_reader.remembers_missing = True  # type: ignore[attr-defined]
    W3PerDocReader._cached_reader = cached_reader


_remember_missing_lengths()


def build_index(
    folder: Path,
    docs: list[SearchDocument],
    meta: dict[str, Any],
    *,
    limitmb: int = 256,
    procs: int = 1,
    synonyms: list[list[str]] | None = None,
    events: list[dict[str, Any]] | None = None,
) -> None:
    """Write a complete index into an empty folder, then its meta.json (written last: a folder
    without it is an unfinished build)."""
    folder.mkdir(parents=True)
    ix = whoosh_index.create_in(str(folder), schema())
    options: dict[str, Any] = {"limitmb": limitmb}
    if procs > 1:
        options.update(procs=procs, multisegment=True)
    writer = ix.writer(**options)
    for doc in docs:
        writer.add_document(
            code=doc.code,
            code_key=doc.code.lower(),
            name_f=" ".join(sorted(body_words(doc.name))),
            level=doc.level,
            sector=doc.sector,
            agency=doc.agency,
            channels=" ".join(doc.channels),
            online_level=doc.online_level,
            status=doc.status,
            sort=doc.sort,
            data=doc.stored(),
        )
    writer.commit()
    ix.close()
    write_body(folder / BODY_FILE, docs)
    # Name words and their usual toned spelling: typo tolerance and did-you-mean read it at open.
    (folder / WORDS_FILE).write_text(json.dumps(toned_forms(d.name for d in docs), ensure_ascii=False))
    (folder / NAMES_FILE).write_text(
        json.dumps({d.code: ranked_name(d.name, d.also_named) for d in docs}, ensure_ascii=False)
    )
    (folder / SYNONYMS_FILE).write_text(json.dumps(synonyms or [], ensure_ascii=False))
    # The life events in force when built (staff edits on top of the shipped set); null: the shipped set.
    (folder / EVENTS_FILE).write_text(json.dumps(events, ensure_ascii=False))
    (folder / META_FILE).write_text(json.dumps({**meta, "documents": len(docs)}, ensure_ascii=False))


def _read_events(folder: Path) -> EventIndex | None:
    """The folder's event set (None: the shipped set; an index built before events were kept has none)."""
    try:
        data = json.loads((folder / EVENTS_FILE).read_text())
    except FileNotFoundError:
        return None
    return index_of(data)


def read_meta(folder: Path) -> dict[str, Any]:
    return json.loads((folder / META_FILE).read_text())


class EngineClosed(Exception):
    """The engine was closed (swapped out) before this search."""


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
        self.reader = self.searcher.reader()
        self.size = self.reader.doc_count_all()
        self.everything = (1 << self.size) - 1
        self._lock = threading.Lock()
        self.closed = False
        self._bitsets: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._columns: dict[str, np.ndarray] = {}
        self._values: dict[str, list[str]] = {}
        self._toned: dict[str, str] = json.loads((folder / WORDS_FILE).read_text())
        names = json.loads((folder / NAMES_FILE).read_text())
        codes = [c.decode("utf-8") if isinstance(c, bytes) else c for c in paced(self._column_values("code"), 64)]
        self.names = NameIndex(
            [names.get(code, "") for code in codes],
            codes,
            self._facet_column("sector"),
            self._facet_column("level"),
            self._facet_column("agency"),
        )
        self.body = BodyPostings(folder / BODY_FILE, codes)
        self.synonyms = tuple(tuple(g) for g in json.loads((folder / SYNONYMS_FILE).read_text()))
        self.events = _read_events(folder)
        known = self.events or event_index()
        self.names.read_everyday(
            known.word_idf(), len(known.events), known.word_pairs(), known.spelt_pairs(), known.commonest_spelling()
        )
        self._statuses: list[str] | None = None
        self._stored_docs: dict[int, dict[str, Any]] = {}

    def _facet_column(self, field: str) -> list[str]:
        """Each document's value of a single-valued facet (sector, level, agency)."""
        values = self.values(field)
        return [values[i] if i < len(values) else "" for i in self._facet_codes(field).tolist()]

    def close(self) -> None:
        """A swap closes the engine other threads may still hold: their next search raises EngineClosed
        (SearchService asks the new engine), and a search running now ends first. Its files close now,
        or when that search ends, in a thread of their own: the swap does not wait for it."""
        self.closed = True  # read under the lock by a search that begins
        if self._lock.acquire(blocking=False):
            try:
                self._close_files()
            finally:
                self._lock.release()
        else:
            threading.Thread(target=self._close_after_search, name="tthc-index-close", daemon=True).start()

    def _close_after_search(self) -> None:
        with self._lock:
            self._close_files()

    def _close_files(self) -> None:
        self.searcher.close()
        self.ix.close()

    # --- posting lists as bitsets ------------------------------------------------------------------
    def bits(self, field: str, term: str) -> int:
        key = (field, term)
        cached = self._bitsets.get(key)
        if cached is not None:
            self._bitsets.move_to_end(key)
            return cached
        value = 0
        if (field, term) in self.reader:
            ids = np.fromiter(self.reader.postings(field, term).all_ids(), dtype=np.int64)
            flags = np.zeros(self.size, dtype=bool)
            flags[ids] = True
            value = int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")
        self._bitsets[key] = value
        if len(self._bitsets) > BITSET_CACHE:
            self._bitsets.popitem(last=False)
        return value

    def docnums(self, bitset: int) -> np.ndarray:
        raw = np.frombuffer(bitset.to_bytes((self.size + 7) // 8, "little"), dtype=np.uint8)
        return np.flatnonzero(np.unpackbits(raw, bitorder="little")[: self.size])

    def column(self, name: str) -> np.ndarray:
        """A numeric column per document, or the alphabetical rank (from the sort key) per document."""
        if name not in self._columns:
            if name == "rank":
                keys = list(self._column_values("sort"))
                order = sorted(range(self.size), key=keys.__getitem__)
                ranks = np.empty(self.size, dtype=np.int64)
                ranks[order] = np.arange(self.size)
                self._columns[name] = ranks
            else:
                self._columns[name] = np.fromiter(self._column_values(name), dtype=np.int64, count=self.size)
        return self._columns[name]

    def _column_values(self, name: str) -> Iterable[Any]:
        """A column's value per document. An index without documents (an empty catalogue) has no column
        files and Whoosh's reader refuses to read one: that index is valid, its columns are empty."""
        return self.reader.column_reader(name) if self.size else ()

    def values(self, field: str) -> list[str]:
        if field not in self._values:
            self._values[field] = [v.decode("utf-8") if isinstance(v, bytes) else v for v in self.reader.lexicon(field)]
        return self._values[field]

    # --- answering ---------------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        with answering(), self._lock:  # a background open (pacing) gives way meanwhile
            if self.closed:
                raise EngineClosed(self.folder.name)
            return self._search(query)

    def _filter(self, query: SearchQuery) -> int:
        wanted = self.everything
        for field, value in query.filters().items():
            wanted &= self.bits(field, value)
        return wanted

    def _search(self, query: SearchQuery) -> SearchResult:
        wanted = query.page * query.per_page
        allowed = self._filter(query)
        matched_all = True
        if looks_like_code(query.text):
            return self._code_search(query, allowed)
        if not tokens(query.text):  # browsing: every procedure of the filters, alphabetical
            found = allowed
            ranks = self.column("rank")
            ordered = self.docnums(found)
            ordered = ordered[np.argsort(ranks[ordered], kind="stable")][:wanted]
            candidates = [(0.0, int(n)) for n in ordered]
        else:
            answer = answer_by_names(
                query,
                self.names,
                self.mask(allowed),
                self._stored,
                body=self.body.mask,
                statuses=self.statuses(),
                synonyms=self.synonyms,
                toned=self._toned,
                events=self.events,
            )
            found = self.bitset(answer.found)
            suggestion = answer.suggestion or (self.suggest(query) if answer.nothing_fits else "")
            facets = self._facets(found) if query.facets else {}
            return answer.result(query, facets, suggestion, self.state, self.name)
        stored = [(score, self._stored(n)) for score, n in candidates]
        hits = rank_candidates(query, stored)
        facets = self._facets(found) if query.facets else {}
        return SearchResult(query, hits, found.bit_count(), True, facets, "", self.state, self.name, matched_all)

    def _stored(self, docnum: int) -> dict[str, Any]:
        """A hit's stored fields, read once per process (hits are built from copies)."""
        stored = self._stored_docs.get(docnum)
        if stored is None:
            stored = self._stored_docs[docnum] = self.searcher.stored_fields(docnum)["data"]
        return stored

    def mask(self, bitset: int) -> np.ndarray:
        """A bitset as one boolean per document."""
        raw = np.frombuffer(bitset.to_bytes((self.size + 7) // 8, "little"), dtype=np.uint8)
        return np.unpackbits(raw, bitorder="little")[: self.size].astype(bool)

    def bitset(self, mask: np.ndarray) -> int:
        return int.from_bytes(np.packbits(mask, bitorder="little").tobytes(), "little")

    def statuses(self) -> list[str]:
        if self._statuses is None:
            statuses = [""] * self.size
            for value in paced(self.values("status"), 1):
                for n in self.docnums(self.bits("status", value)).tolist():
                    statuses[n] = value
            self._statuses = statuses
        return self._statuses

    def _code_search(self, query: SearchQuery, allowed: int) -> SearchResult:
        key = query.text.strip().lower()
        results = self.searcher.search(Or([Term("code_key", key, boost=10.0), Prefix("code_key", key)]), limit=None)
        docs = [(results.score(i), results.docnum(i)) for i in range(results.scored_length())]
        docs = [(s, n) for s, n in docs if allowed >> n & 1]
        found = sum(1 << n for _s, n in docs)
        stored = [(score, self.searcher.stored_fields(n)["data"]) for score, n in docs]
        facets = self._facets(found) if query.facets else {}
        return SearchResult(query, rank_candidates(query, stored), len(docs), True, facets, "", self.state, self.name)

    def _facets(self, found: int) -> dict[str, list[tuple[str, int]]]:
        """Counts per value of every facet over the whole result: a bincount over the found documents
        for single-valued facets, one AND and popcount per value for channels (several per document)."""
        facets = {}
        members = None
        for field in FACETS:
            if field == "channels":
                counts = [(v, (found & self.bits(field, v)).bit_count()) for v in self.values(field)]
            else:
                if members is None:
                    members = self.docnums(found)
                codes = self._facet_codes(field)
                tally = np.bincount(codes[members], minlength=len(self.values(field)) + 1)
                values = self.values(field)
                counts = [(values[i], int(tally[i])) for i in np.flatnonzero(tally[: len(values)]).tolist()]
            facets[field] = sorted([(v, c) for v, c in counts if c], key=lambda item: _sort_key(item[0]))
        return facets

    def _facet_codes(self, field: str) -> np.ndarray:
        """For a single-valued facet: the value's number per document (the last number: none)."""
        key = f"facet:{field}"
        if key not in self._columns:
            values = self.values(field)
            codes = np.full(self.size, len(values), dtype=np.int64)
            for i, value in paced(enumerate(values), 1):
                codes[self.docnums(self.bits(field, value))] = i
            self._columns[key] = codes
        return self._columns[key]

    # --- did you mean -----------------------------------------------------------------------------
    def _toned_forms(self) -> dict[str, str]:
        return self._toned

    def suggest(self, query: SearchQuery) -> str:
        """A corrected query when words are unknown: each unknown word → the closest name word."""
        if looks_like_code(query.text):
            return ""
        reader = self.searcher.reader()
        corrector = self.searcher.corrector("name_f")
        toned = self._toned_forms()
        typed = tokens(query.text)
        out = list(typed)
        for i, word in enumerate(typed):
            folded = folded_form(word)
            if reader.doc_frequency("name_f", folded) or folded in self.body:
                continue
            options = corrector.suggest(folded, limit=1, maxdist=2, prefix=1)
            if options:
                out[i] = toned.get(options[0], options[0])
        # Only phrases the catalogue's names hold: a corrected word must stand beside one of its
        # neighbours in some name (else the typed word stays).
        folded_out = [folded_form(w) for w in out]
        for i, word in enumerate(out):
            pairs = (f"{folded_out[min(i, j)]} {folded_out[max(i, j)]}" for j in (i - 1, i + 1) if 0 <= j < len(out))
            if word != typed[i] and len(out) > 1 and not any(pair in self.names.idf for pair in pairs):
                out[i] = typed[i]
        return " ".join(out) if out != typed else ""
