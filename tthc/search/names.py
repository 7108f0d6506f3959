"""Ranking on procedure names: BM25 over the folded words *and word bigrams* of every name.

Vietnamese meaning lives in two-syllable words (khai sinh, kết hôn, hộ chiếu), so a name scores for
each query word it holds and more for each pair of query words it holds side by side. No query needs
all its words: citizens write sentences ("tôi muốn làm giấy khai sinh cho con"), and the name that
covers the object of the sentence must win. On top of BM25:

* intent words (làm, xin, muốn, cần, thủ tục, cho, của, tôi…) weigh little;
* i/y spellings are the same word (analysis.folded_form), synonyms and everyday names are
  alternatives of one unit (the best one counts);
* typos are corrected before the query is cut into synonym phrases (a typo must not break
  "lấy chồng nước ngoài"): a word that no name or phrase holds is corrected to the word one typo
  away that the rest of the query agrees with (it forms a known pair with a neighbour), longer
  words first; a word names do hold is "corrected" only when typed without tones (in a query
  without any) and it goes with neither neighbour while a word one letter away goes with both
  ("cap li the" → lại); a valid syllable typed with tones never (tài stays tài, never tàu);
* the top candidates are rescored: how much of the query's object the name covers (weighted by how
  rare each word is), how much of the name the query covers, whether the name starts with it (the
  general procedure before its special cases), tones typed exactly, and names that withdraw,
  cancel or repeat something (Thu hồi, Hủy, Cấp lại…) come after the ones that grant it, unless the
  query asks for that.
Shared by the Whoosh engine and the in-memory scan (same order from both).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from ..text import fold as fold_plain
from .actions import asked, negation_words, starts_with, thing
from .analysis import (
    Unit,
    exact_form,
    expand_abbreviations,
    folded_form,
    is_short_form,
    parse_units,
    synonym_lookup,
    tokens,
    untelex,
)
from .dictionary import is_vietnamese
from .pacing import paced
from .ranking import FUZZY_MIN_LENGTH, TypoIndex
from .stopwords import (
    Office,
    Reading,
    folded_stop_words,
    office_sectors,
    opens_need,
    read_request,
    stop_words,
    typed_with_tones,
)

K1, B = 1.2, 0.75
INTENT_WEIGHT = 0.1
TYPO_WEIGHT = 0.7
CEASE = frozenset({exact_form("nữa")})  # "không muốn làm … nữa": no longer (_mark_negated)
CEASE_WINDOW = 2  # units after the negated thing where "nữa" may close it
FOLD_ONLY = 0.0  # a toned query word met only as another word that folds the same (when some name
# spells it with its tones): no credit; folding is the fallback for words no name spells so
EDGE_PHRASE = 0.25  # share of the names holding a lone neighbour that hold the corrected pair (_misplaced)
NAME_PHRASE = 3  # names holding a word pair for it to be a phrase a stop phrase does not cut (_name_pair)
# a names' pair nearly always inside one longer phrase ("xe cơ" of "xe cơ giới"): this share of its
# names go on (or begin) with the same word (_bound_phrases)
BOUND_SHARE = 0.9
READ_OTHER = 0.5  # an untoned query word the events' texts spell one way beside its neighbours
# (NameIndex.spelt_beside), met in a name only as another word that folds the same ("huu thi mat":
# mất, a name's "tiền mặt"): the reading is a guess, so half the credit, not FOLD_ONLY's none
NO_DOCS = np.zeros(0, dtype=np.int64)
RESCORE = 40  # candidates rescored on their names
# Leading actions that do the opposite of granting, or repeat a grant: below the grant itself
# unless the query asks for them (folded words of the action).
REVOKING = [
    tuple(folded_form(w) for w in a.split())
    for a in (
        "thu hồi",
        "hủy",
        "hủy bỏ",
        "bãi bỏ",
        "xóa",
        "xóa đăng ký",
        "chấm dứt",
        "trình báo mất",
        "thôi",
        "giải thể",
        "tạm ngừng",
        "đình chỉ",
        "khóa",
        "dừng",
        "trả lại",
    )
]
REPEATING = [
    tuple(folded_form(w) for w in a.split())
    for a in (
        "cấp lại",
        "cấp đổi",
        "gia hạn",
        "điều chỉnh",
        "cấp điều chỉnh",
        "sửa đổi",
        "đăng ký lại",
        "đăng ký thay đổi",
        "khôi phục",
        "đổi",
        "cấp bổ sung",
        "thay đổi",
        "mở khóa",
        "hiệu đính",
        "đính chính",
        "cải chính",
        "cập nhật",
        "bổ sung",
        "tích hợp",
    )
]
# actions that all amend what was granted: a query asking one ("điều chỉnh") asks for a name
# starting with another ("Sửa đổi, bổ sung Quyết định giao khu vực biển")
# words joining a special case to the name ("… cho người nước ngoài tại Việt Nam", "… đối với …")
FAMILY_JOINS = frozenset(folded_form(w) for w in ("cho", "tại", "đối", "với", "của", "trong", "ở"))

AMENDING = frozenset(
    tuple(folded_form(w) for w in a.split())
    for a in ("điều chỉnh", "sửa đổi", "thay đổi", "bổ sung", "cập nhật", "đính chính", "cải chính", "hiệu đính", "sửa")
)
GRANTING = [tuple(folded_form(w) for w in a.split()) for a in ("cấp", "cấp mới", "đăng ký", "giải quyết", "xét")]
LEADING = (folded_form("thủ"), folded_form("tục"))
WEIGHTS = {
    "bm25": 0.45,
    "coverage": 1.0,
    "name_cover": 0.35,
    "start": 0.25,
    "tones": 0.15,
    "order": 0.4,
    "action": 0.2,  # the name starts with the action the query's situation asks for (actions.json)
}
PENALTY = {"revoking": 0.45, "repeating": 0.15, "abolished": 0.6, "upcoming": 0.1}
NARRATIVE_WEIGHT = 0.3  # a content word of the story told before what the citizen asks for
NEED_SHARE = 0.5  # a name answers the need when it holds this share of it (rarity-weighted)
NARRATIVE_MIN = 4  # content words a story tells before its need, at least, to be read as a story
DIGITS = "0123456789"  # an exact form writes its tone as a digit ("cươc4")
PARENTHESES = re.compile(r"\([^()]*\)")
# "(trừ trường hợp …)": a case (a situation) the name leaves out; not "(trừ xe mô tô, xe gắn máy)",
# a kind outside its scope, whose words mostly repeat the name's own
EXCEPTED = re.compile(r"\(\s*trừ\s+(?:các\s+)?trường\s+hợp\b[^()]*\)", re.IGNORECASE)
CASE_WORD = 0.5  # a query word naming a special case in other words, in a name holding that case
TOLD_APART = 0.01  # a variant the situation asks for passes its family's plain names by this much
NOTHING_FITS = 0.6  # below this share of the query's object covered by the best name: say so


def _across(words: list[str], action: tuple[str, ...]) -> set[tuple[str, str]]:
    """Word pairs of a name read across the action it starts with: each word of the action and the
    word before it, beside the word after it ("đăng ký lại kết hôn" holds "ký kết")."""
    for at in range(len(words) - len(action)):
        if tuple(words[at : at + len(action)]) == action:
            after = words[at + len(action)]
            return {(w, after) for w in words[max(0, at - 1) : at + len(action)]}
    return set()


def _said(word: str, among: frozenset[str]) -> bool:
    """The word is one of `among` (exact forms), or typed without tones, one of them folded."""
    exact = exact_form(word)
    return exact in among or (exact == folded_form(word) and exact in _folded(among))


@lru_cache(maxsize=8)
def _folded(words: frozenset[str]) -> frozenset[str]:
    """The exact forms `words`, folded (a few fixed sets of actions.json: read once, not per query)."""
    return frozenset(folded_form(w.rstrip(DIGITS)) for w in words)


def phrase_terms(words: tuple[str, ...]) -> list[str]:
    """The index terms a phrase is held by: its word pairs, side by side ("giấy chứng tử" is not in a
    name holding "giấy", "chứng thư" and "điện tử"); a single word itself."""
    return [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)] or list(words)


def _coded(word: str) -> bool:
    """A word holding a digit: a number, a class or a code ("a1", "29", "2005")."""
    return any(c.isdigit() for c in word)


def _no_witness(neighbours: list[str]) -> bool:
    """Neighbours that may all be stop words typed without tones (untoned "bi": bị, "toi": tôi, "mo":
    mợ) go with some name word by chance ("toi bi" → "hội bị", "muon mo" → "môn Mô tô"): none of
    them witnesses a typo."""
    return all(n in folded_stop_words() for n in neighbours)


def name_words(name: str) -> list[str]:
    """The folded words of a name, without a leading "Thủ tục" (it says nothing)."""
    words = [folded_form(w) for w in tokens(name)]
    return words[2:] if tuple(words[:2]) == LEADING and len(words) > 2 else words


@dataclass
class Alternative:
    words: tuple[str, ...]  # folded words
    weights: tuple[float, ...]
    label: str  # "typed", "synonym"
    exact: str = ""  # the word as typed with its tones, when some name spells it so
    # a phrase's words with their tones, where some name spells them so ("" elsewhere): a synonym
    # phrase written with tones, or typed with them, never matches words that only fold the same
    exacts: tuple[str, ...] = ()
    # typed without tones: the spellings the events' texts read the word as in its place, where some
    # name spells it so (NameIndex.spelt_beside); names holding only another spelling get READ_OTHER
    read_as: frozenset[str] = frozenset()

    def spelt_word(self, i: int) -> str:
        return self.exacts[i] if i < len(self.exacts) else ""

    def spelt_pair(self, a: str, b: str) -> tuple[str, ...]:  # noqa: ARG002  (a pair is named by both words)
        i = self.words.index(a)
        return tuple(e for e in (self.spelt_word(i), self.spelt_word(i + 1)) if e)


@dataclass
class PlanUnit:
    typed: tuple[str, ...]  # as the citizen typed (NFC lower case)
    alternatives: list[Alternative]
    content: bool  # False for intent words
    correction: str = ""  # folded word a typo was corrected to
    narrative: bool = False  # told before the need ("…, giờ muốn xin …"): weighs NARRATIVE_WEIGHT
    loose: bool = False  # a word the story negates ("không ai tranh chấp"): asks for nothing
    office: bool = False  # words of an office the query names: content only for names of that office

    def held_by(self, words: set[str] | frozenset[str]) -> bool:
        """Some phrase of the unit has all its words among `words` (a name's, as folded terms)."""
        # issuperset: the same test as all(w in words …), without a generator per phrase (read
        # for every hit and every unit of a long story)
        return any(words.issuperset(alt.words) for alt in self.alternatives)


@dataclass
class Plan:
    units: list[PlanUnit]
    pairs: list[tuple[str, str, float]]  # word bigrams across units, with their weight
    corrections: dict[str, str] = field(default_factory=dict)
    toned: dict[str, str] = field(default_factory=dict)  # folded word → as typed with tones (some name)
    words: list[str] = field(default_factory=list)  # the query's words for life events
    # the actions the query's situation words ask for (actions.json): "bị khóa" → mở khóa
    actions: frozenset[tuple[str, ...]] = frozenset()
    # actions asked only of a thing none of whose names starts with the actions paired with them
    # (actions.json «otherwise»): "mờ hết chữ" → Cấp lại where the thing has no Cấp đổi
    otherwise: frozenset[tuple[tuple[str, ...], frozenset[tuple[str, ...]]]] = frozenset()
    # the words saying a situation, with what each asks for (actions.Asked.places)
    action_places: tuple = ()
    # NameIndex.content_weights, read once per query: (the index, [(content unit, weight)…], total)
    weighed: tuple[Any, list[tuple[PlanUnit, float]], float] | None = field(default=None, repr=False, compare=False)
    office: Office = field(default_factory=Office)  # the offices the query named: a level, a sector

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def vocabulary(self, content_only: bool = True) -> set[str]:
        """Folded words a name may show as matched (highlighting, name coverage)."""
        return {w for u in self.units if u.content or not content_only for a in u.alternatives for w in a.words}


def _mark_office(units: list[PlanUnit], office_words: frozenset[int]) -> None:
    """The words of an office the query names ("bên thuế", "công an xã": stopwords.json «offices»)
    ask for nothing: like a negated thing (NameIndex._mark_negated) they weigh as a stop word, so a
    name of the office's sector holding them gains a little and one without them loses nothing."""
    at = 0
    for unit in units:
        span = range(at, at + len(unit.typed))
        at += len(unit.typed)
        if not any(i in office_words for i in span):
            continue
        unit.office = True
        unit.alternatives = [
            Alternative(a.words, tuple(INTENT_WEIGHT for _ in a.weights), a.label, a.exact, a.exacts, a.read_as)
            for a in unit.alternatives
        ]


def ranked_name(name: str, also_named: str = "") -> str:
    """The text the name ranking reads: the name, then what the procedure is also known by."""
    return f"{name} · {also_named}" if also_named else name


def _bound_phrases(names: list[list[str]]) -> tuple[dict[str, str], dict[str, str]]:
    """Folded pairs (in NAME_PHRASE names at least) that BOUND_SHARE of their names go on with one
    word ("xe cơ" → "giới"), and those they begin with one word: the pair alone is no phrase of
    the catalogue, only the longer one is."""
    after: dict[str, Counter[str]] = defaultdict(Counter)  # pair → the word after it ("" at the end)
    before: dict[str, Counter[str]] = defaultdict(Counter)  # pair → the word before it ("" at the start)
    for words in paced(names):
        padded = ["", *words, ""]
        for i in range(1, len(words)):
            key = f"{padded[i]} {padded[i + 1]}"
            after[key][padded[i + 2]] += 1
            before[key][padded[i - 1]] += 1

    def bound(neighbours: dict[str, Counter[str]]) -> dict[str, str]:
        out = {}
        for key, seen in neighbours.items():
            held = seen.total()  # the pair's occurrences in the names
            word, n = seen.most_common(1)[0]
            if held >= NAME_PHRASE and word and n >= BOUND_SHARE * held:
                out[key] = word
        return out

    return bound(after), bound(before)


class NameIndex:
    """BM25 postings over the names (document number order), as numpy arrays."""

    def __init__(
        self,
        names: list[str],
        codes: list[str] | None = None,
        sectors: list[str] | None = None,
        levels: list[str] | None = None,
        agencies: list[str] | None = None,
    ):
        self.size = len(names)
        self.names = names
        self.sectors = sectors or [""] * self.size  # each procedure's sector (lĩnh vực): some mark a special case
        self.levels = levels or [""] * self.size  # each procedure's level (xa, tinh, trung_uong): an office tells one
        self.agencies = agencies or [""] * self.size  # the agency that handles it: an office tells its sector
        self._office_sectors: dict[int, frozenset[str]] = {}
        # national code → document number (life events name their steps by code)
        # (a localised code 1.001193.000.00.00.H29 answers for its national base 1.001193 too)
        self.codes = list(codes) if codes else [""] * self.size
        self.code_docs: dict[str, int] = {}
        for doc, code in enumerate(codes or ()):
            if code:
                self.code_docs.setdefault(code, doc)
                self.code_docs.setdefault(".".join(code.split(".")[:2]), doc)
        # what a name is, less the case it excepts ("Cấp lại giấy phép … (trừ trường hợp giấy phép bị
        # mất, bị hỏng)" does not hold "mất": its sibling "… trong trường hợp giấy phép bị mất" does)
        names_read = [EXCEPTED.sub(" ", n) for n in names]
        self.words = [name_words(n) for n in paced(names_read)]
        # the words outside parentheses: what the procedure is, not the cases it lists
        # ("Cấp giấy phép xây dựng mới … (Công trình không theo tuyến/… Tín ngưỡng, tôn giáo/…)")
        self.main_words = [
            name_words(PARENTHESES.sub(" ", n)) or w for n, w in paced(zip(names, self.words, strict=True))
        ]
        lengths = np.array([max(1, len(w)) for w in self.words], dtype=np.float32)
        norm = K1 * (1 - B + B * lengths / (lengths.mean() if self.size else 1.0))
        postings: dict[str, dict[int, int]] = {}
        for doc, words in paced(enumerate(self.words)):
            for term in words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]:
                counts = postings.setdefault(term, {})
                counts[doc] = counts.get(doc, 0) + 1
        # an excepted case's words are still words of the names: they count for how rare a word is
        # (its IDF, the vocabulary), though the name excepting them does not hold them
        excepted: dict[str, int] = {}
        for doc, name in paced(enumerate(names)):
            if names_read[doc] != name:
                words = name_words(name)
                for term in set(words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]):
                    if doc not in postings.get(term, ()):
                        excepted[term] = excepted.get(term, 0) + 1
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.idf: dict[str, float] = {}
        for term, counts in paced(postings.items(), 64):
            ids = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
            self.postings[term] = (ids, tf * (K1 + 1) / (tf + norm[ids]))
        for term in paced([*postings, *(t for t in excepted if t not in postings)], 64):
            held = len(postings.get(term, ())) + excepted.get(term, 0)
            self.idf[term] = math.log(1 + (self.size - held + 0.5) / (held + 0.5))
        self.vocabulary = {t for t in (*postings, *excepted) if " " not in t}
        # the names spelling each word with its tones: a toned query word matches them fully, the
        # names holding another word that only folds the same (mưa / mua, đất / đắt) at FOLD_ONLY
        exact_docs: dict[str, set[int]] = {}
        spellings = [[exact_form(word) for word in tokens(name)] for name in paced(names_read)]
        for doc, exact in paced(enumerate(spellings), 64):
            for spelt in exact:
                exact_docs.setdefault(spelt, set()).add(doc)
        self.exact_docs = {w: np.fromiter(d, dtype=np.int64, count=len(d)) for w, d in paced(exact_docs.items(), 64)}
        self.typos = TypoIndex(self.vocabulary)
        # stop words (stopwords.json) typed without tones: only those no other name word folds to
        stops = stop_words()
        ambiguous = {folded_form(w) for name in paced(names) for w in tokens(name) if exact_form(w) not in stops}
        self.untoned_stops = folded_stop_words() - ambiguous
        self.heads = [self._head(words) for words in paced(self.words)]  # leading action of each name
        self._pairs: dict[int, set[tuple[str, str]]] = {}
        self._qualifiers: dict[int, tuple[int, ...]] = {}
        self._families: dict[tuple[str, ...], list[int]] | None = None  # special_siblings…
        self._family_keys: list[tuple[str, ...]] = []  # … and each name's family (built with them)
        self._things: dict[tuple[str, ...], list[int]] | None = None  # _sibling_starts: names by thing…
        self._start_masks: dict[tuple, np.ndarray] = {}  # _starting: the names starting with some actions
        self._thing_keys: list[tuple[str, ...]] = []  # … and each name's thing (actions.thing)
        self._case_masks: dict[int, np.ndarray] = {}
        self._spelt_masks: dict[str, np.ndarray] = {}
        self._exact: dict[int, set[str]] = {}
        self._word_sets: dict[int, frozenset[str]] = {}  # word_set(): each name's words as a set
        self._main_weights: dict[int, tuple[list[float], float]] = {}  # main_weights(): IDF per main word
        self._phrases: dict[tuple, tuple] = {}
        self._abolished: tuple[list[str], np.ndarray] | None = None  # abolished(): (statuses, mask)
        # read with the index, not on the first untoned query (0.1 s at 3,000 names, ~1 s at 30,000)
        self._content_pairs = self._spelt_pairs(spellings)
        self.bound_after, self.bound_before = _bound_phrases(self.words)
        self.everyday_idf: dict[str, float] = {}  # read_everyday: words no name holds, from the events
        self.everyday_pairs: frozenset[str] = frozenset()  # read_everyday: word pairs of the events' texts
        self.everyday_spelt: dict[str, frozenset[tuple[str, str]]] = {}  # read_everyday: … and their spellings
        self.everyday_spelling: dict[str, str] = {}  # read_everyday: each word's commonest spelling there

    @staticmethod
    def _head(words: list[str]):
        """(kind, action words) of the action a name starts with, and how many words a granting verb
        takes ("Cấp …", "Đăng ký …"), computed once per name."""
        kind = None
        for name, actions in (("revoking", REVOKING), ("repeating", REPEATING)):
            for action in actions:
                if tuple(words[: len(action)]) == action:
                    kind = (name, action)
                    break
            if kind:
                break
        grant = next((len(g) for g in GRANTING if tuple(words[: len(g)]) == g and len(words) > len(g)), 0)
        return kind, grant

    def is_intent(self, word: str) -> bool:
        """A word that does not say which procedure (stopwords.json): asking, people, time, place…"""
        exact, folded = exact_form(word), folded_form(word)
        return exact in stop_words() or (exact == folded and folded in self.untoned_stops)

    def intent_at(self, words: list[str], at: int, untoned: bool) -> bool:
        """is_intent, and in a query typed without any tones (`untoned`), a word read both ways by
        its neighbours: "can" is "cần" (a stop word) unless it stands beside a word it forms a
        name's pair with ("can cuoc": căn cước); likewise "lam" (làm / lâm nghiệp), "co" (có / cơ
        sở), "thi" (thì / thi tuyển)."""
        word = words[at]
        if self.is_intent(word):
            return True
        folded = folded_form(word)
        if not untoned or folded not in folded_stop_words():
            return False
        pairs = []  # (the pair, the word's place in it)
        all_folded = [folded_form(w) for w in words]
        if at > 0 and not self.breaks_phrase(all_folded, at - 1):
            pairs.append((f"{all_folded[at - 1]} {folded}", 1))
        if at + 1 < len(words) and not self.breaks_phrase(all_folded, at):
            pairs.append((f"{folded} {all_folded[at + 1]}", 0))
        if any(self._content_pair(pair, place) for pair, place in pairs):
            return False
        # the life events' texts use it most in another sense than the stop word's, and spell it
        # so beside a neighbour, never as a stop word there ("muon mo quan": muốn mở, never mợ;
        # "muon chat cay": chặt, never chắt); "thi", "co", "chong" stay thì, có, chồng
        if self.everyday_spelling.get(folded, "") in stop_words():
            return True
        read = self.spelt_beside([folded_form(w) for w in words], at, commonest=False)
        return not read or bool(read & stop_words())

    def _name_pair(self, a: str, b: str) -> bool:
        """Names hold the two folded words side by side, a phrase of the catalogue (NAME_PHRASE names
        at least: "xã hội" in 58, "xã biên giới" in one is a place told, not a phrase)."""
        posting = self.postings.get(f"{a} {b}")
        return posting is not None and len(posting[0]) >= NAME_PHRASE

    def breaks_phrase(self, folded: list[str], first: int) -> bool:
        """The query's folded words at `first` and `first + 1` are a names' pair only inside a longer
        phrase (`bound_after`, `bound_before`) the query does not go on with: "xe co 4 chiec" is
        "xe có", not the "xe cơ" of "xe cơ giới". At the query's edge the phrase may be cut short,
        and a stop word beyond it (untoned, often a content word too: "so luu cung", "xe o cua
        khau") tells nothing."""
        key = f"{folded[first]} {folded[first + 1]}"
        after = self.bound_after.get(key)
        nxt = folded[first + 2] if first + 2 < len(folded) else ""
        if after is not None and nxt and nxt != after and nxt not in folded_stop_words():
            return True
        before = self.bound_before.get(key)
        prev = folded[first - 1] if first > 0 else ""
        return before is not None and bool(prev) and prev != before and prev not in folded_stop_words()

    def _content_pair(self, pair: str, place: int) -> bool:
        """Some name holds the folded `pair` with its word at `place` spelt as no stop word ("co
        so": cơ sở). A name holding "vợ, chồng" makes "vo chong" no name's pair, nor does "làm mất"
        make "lam" of "lam mat" lâm: there the word is the stop word the query means."""
        if pair not in self.postings:
            return False
        return self._content_pairs.get(pair, (False, False))[place]

    def _spelt_pairs(self, spellings: list[list[str]]) -> dict[str, tuple[bool, bool]]:
        """Folded pair → (first word, second word) spelt as no stop word in some name (_content_pair)."""
        stops = stop_words()
        fold = {e: folded_form(e.rstrip(DIGITS)) for e in paced(self.exact_docs, 64)}
        spelt: dict[str, tuple[bool, bool]] = {}
        named: dict[str, dict[tuple[str, str], int]] = {}
        for exact in paced(spellings):
            for a, b in zip(exact, exact[1:], strict=False):
                key = f"{fold[a]} {fold[b]}"
                first, second = spelt.get(key, (False, False))
                spelt[key] = (first or a not in stops, second or b not in stops)
                counts = named.setdefault(key, {})
                counts[(a, b)] = counts.get((a, b), 0) + 1
        # the spellings of a phrase, each in NAME_PHRASE names at least ("tài sản", not the one
        # name's "tại sân" that folds the same)
        self.named_spelt = {
            k: frozenset(spelt for spelt, n in v.items() if n >= NAME_PHRASE)
            for k, v in named.items()
            if max(v.values()) >= NAME_PHRASE
        }
        return spelt

    def read_beside(self, folded: list[str], at: int, commonest: bool = True) -> frozenset[str]:
        """spelt_beside, but on a side where the names hold the pair (NAME_PHRASE names at least) as
        the names spell it: the query says a phrase of the catalogue there ("ve vat tu": vật tư,
        not VAT; "xac nhan nhan su": nhân sự or nhận sử), whatever the events' texts say of it."""
        found: set[str] = set()
        for named, read in zip(self._named_sides(folded, at), self.spelt_sides(folded, at), strict=True):
            found.update(read if named is None else named)
        if not found and commonest and folded[at] in self.everyday_spelling:
            return frozenset({self.everyday_spelling[folded[at]]})
        return frozenset(found)

    def _named_sides(self, folded: list[str], at: int) -> list[frozenset[str] | None]:
        """As spelt_sides (the side before, the side after), the names' spellings of the word on a side
        where the names hold the pair, None on another."""
        out: list[frozenset[str] | None] = []
        for first, side in ([(at - 1, 1)] if at > 0 else []) + ([(at, 0)] if at + 1 < len(folded) else []):
            key = f"{folded[first]} {folded[first + 1]}"
            paired = self._name_pair(folded[first], folded[first + 1]) and not self.breaks_phrase(folded, first)
            named = self.named_spelt.get(key) if paired else None
            out.append(None if named is None else frozenset(spelt[side] for spelt in named))
        return out

    # --- the query ---------------------------------------------------------------------------------
    def retyped(self, text: str) -> str:
        """The query as a phone keyboard meant it: a word typed in Telex with the keyboard off read
        as the syllable it spells (analysis.untelex: "lafm giaays" → "làm giấy"), two words typed
        without the space between them split where they make a pair a name or an everyday phrase
        holds ("dangky khaisinh", "sodo" → "so do": sổ đỏ). A word a name or an everyday phrase
        spells as typed stays ("gas", not "gá"; "online"). A letter typed twice ("sinnh") is left to
        the typo correction, which tells the citizen what it read."""
        known, known_pairs = self._phrase_words()[:2]

        def read(m: re.Match[str]) -> str:
            word = m.group(0)
            folded = folded_form(word)
            if folded in self.vocabulary or folded in known or is_short_form(word):
                return word
            telex = untelex(word)
            if telex != word or not word.isascii() or is_vietnamese(word) or folded in folded_stop_words():
                return telex  # (a stop word typed short stays whole: "ck", "ntn")
            for cut in range(2, len(word) - 1):  # two syllables of two letters at least
                a, b = folded_form(folded[:cut]), folded_form(folded[cut:])
                syllables = is_vietnamese(a) and is_vietnamese(b)
                words = (a in self.vocabulary or a in known) and (b in self.vocabulary or b in known)
                if syllables and words and (f"{a} {b}" in self.postings or f"{a} {b}" in known_pairs):
                    return f"{word[:cut]} {word[cut:]}"
            return word

        return re.sub(r"\w+", read, text)

    def plan(self, text: str, extra_synonyms=()) -> Plan:
        # short forms written out; in a query typed without tones ("đk", "mk" aside) without tones too
        plain = not any(typed_with_tones(w) for w in tokens(text) if not is_short_form(w))
        reading = read_request(expand_abbreviations(text, untoned=plain), self._name_pair)
        words = reading.words
        typed = [folded_form(w) for w in words]
        # Typos first, then synonyms: a typo inside an everyday phrase ("lấy chồgn nước ngoài",
        # "thành lậpp doanh nghiệp") must not break the phrase it belongs to.
        fixes = self._corrections(words, typed, extra_synonyms)
        fixed_words = [fixes.get(i, w) for i, w in enumerate(words)]
        untoned = not any(typed_with_tones(w) for w in words)  # typed without any tone mark
        # typed without any tones, a word is read by the spellings the events' texts give it
        # beside its neighbours: a one-word everyday phrase or situation spelt otherwise is not met
        # (read with the typos corrected: "xac nhan nhsn su" is nhân sự; and as the names spell a
        # phrase they hold, "vat tu" vật tư, not VAT, where the events' texts say nothing of it)
        fixed_typed = [fixes.get(i, w) for i, w in enumerate(typed)]
        beside = (lambda at: self.read_beside(fixed_typed, at)) if untoned else None
        units = parse_units(fixed_words, extra_synonyms, beside)
        # what life events read: the words as typed, but tones that make no Vietnamese syllable
        # ("phàp") dropped, so the word compares without them. Not the corrections: they aim at
        # name words, and events have their own everyday words
        read = [w if w == typed[i] or is_vietnamese(w) else typed[i] for i, w in enumerate(words)]
        plan_units: list[PlanUnit] = []
        corrections: dict[str, str] = {}
        position = 0
        for unit in units:
            at = position
            position += len(unit.words)
            fixed = {i: fixes[i] for i in range(at, position) if i in fixes}
            for i, correction in fixed.items():
                corrections[typed[i]] = correction
            intent = len(unit.words) == 1 and not unit.is_synonym and self.intent_at(fixed_words, at, untoned)
            alone = len(unit.words) == 1 and not fixed and self._another_word(words[at], typed, at)
            planned = self._plan_unit(unit, tuple(words[at:position]), fixed.get(at, ""), intent, alone)
            if untoned and len(unit.words) == 1 and not unit.is_synonym and not fixed and not intent:
                planned.alternatives[0].read_as = self._read_as(typed, at)
            plan_units.append(planned)
        self._mark_negated(plan_units)
        _mark_office(plan_units, reading.office.words)
        self._mark_narrative(plan_units, fixed_words, untoned, reading)
        sequence: list[str] = []
        weights: list[float] = []
        inside: set[int] = set()
        for planned in plan_units:
            start = len(sequence)
            alt = planned.alternatives[0]
            sequence.extend(alt.words)
            weights.extend([1.0 if planned.content else 0.0] * len(alt.words))
            inside.update(range(start, len(sequence) - 1) if len(alt.words) > 1 else ())
        pairs = []
        for i in range(len(sequence) - 1):
            if i in inside:
                continue  # the unit's own pairs are scored with its alternatives
            weight = (weights[i] + weights[i + 1]) / 2
            if weight:
                pairs.append((sequence[i], sequence[i + 1], weight))
        toned = {a.words[0]: a.exact for u in plan_units for a in u.alternatives if a.exact}
        # (a one-word situation likewise: "the bi mo" is a worn card, "muon mo quan" opens one)
        said = asked(read, reading.clauses, beside, words)
        return Plan(
            plan_units,
            pairs,
            corrections,
            toned,
            read,
            said.actions,
            said.otherwise,
            said.places,
            office=reading.office,
        )

    def _mark_negated(self, units: list[PlanUnit]) -> None:
        """What the story says did not happen, or is not wanted, is no procedure asked for (actions.json
        «negation»: không, chẳng): "hàng xóm không ai tranh chấp" asks for no mediation, "tàu chìm,
        không trục vớt được" for no salvage plan. The negated thing is the first content unit within
        three after the negation word, and the units after it while each forms a pair some name holds
        with the one before ("tranh chấp", "trục vớt"); it weighs as a stop word. What the story says
        is missing is often the need or the case ("không có giấy khai sinh", "không để lại di chúc"):
        after a word of possession («keep»: có, còn, để) nothing is negated; nor where a name holds
        the negation with its next word ("không phải là cộng tác viên", "hòa giải không thành"). "chưa"
        is no negation here: "chưa cưới", "chưa có sổ" tell the case or the need. Nor is a thing
        told after a verb of will and closed by "nữa" (CEASE): "văn phòng luật không muốn làm trợ
        giúp pháp lý nữa" stops taking part in legal aid, the thing is what is asked (actions.json
        reads the situation as chấm dứt); a bare "không nuôi nữa" stays a negated verb."""
        negation, keep = negation_words()
        at = 0
        while at < len(units):
            unit = units[at]
            at += 1
            if len(unit.typed) != 1 or not _said(unit.typed[0], negation):
                continue
            if (
                at < len(units)
                and f"{unit.alternatives[0].words[0]} {units[at].alternatives[0].words[0]}" in self.postings
            ):
                continue  # a case names tell with the negation ("không phải là cộng tác viên", "không thành")
            first = None
            for i in range(at, min(len(units), at + 3)):
                if len(units[i].typed) == 1 and _said(units[i].typed[0], keep):
                    break
                if units[i].content:
                    first = i
                    break
            if first is None:
                continue
            last = first
            while (
                last + 1 < len(units)
                and units[last + 1].content
                and f"{units[last].alternatives[0].words[-1]} {units[last + 1].alternatives[0].words[0]}"
                in self.postings
            ):
                last += 1
            if first > at and any(
                len(u.typed) == 1 and _said(u.typed[0], CEASE) for u in units[last + 1 : last + 1 + CEASE_WINDOW]
            ):
                at = last + 1
                continue  # "không muốn làm … nữa": the thing one stops doing is the need, not unwanted
            for i in range(first, last + 1):
                negated = units[i]
                negated.content = False
                negated.loose = True
                negated.alternatives = [
                    Alternative(a.words, tuple(INTENT_WEIGHT for _ in a.weights), a.label, a.exact, a.exacts, a.read_as)
                    for a in negated.alternatives
                ]
            at = last + 1

    def _mark_narrative(self, units: list[PlanUnit], words: list[str], untoned: bool, reading: Reading) -> None:
        """A story tells what happened around what it asks for: "bố tôi là liệt sĩ hy sinh năm 1979
        ở biên giới, nay gia đình muốn làm hồ sơ nhận trợ cấp thờ cúng liệt sĩ". What is asked
        (`_asked`) is read apart; the content words outside it are the narrative when they are
        NARRATIVE_MIN or more: they weigh NARRATIVE_WEIGHT, so however long the story, its rare
        words do not drown what is asked. A word of the story that a name answering the need holds
        is the need's object ("thẻ bảo hiểm y tế … bị rách, muốn đổi thẻ mới"): it keeps its weight."""
        asked = self._asked(units, words, untoned, reading)
        if not asked:
            return
        told = [u for i, u in enumerate(units) if i not in asked and u.content]
        if len(told) < NARRATIVE_MIN:
            return
        # the names answering the need: holding, each unit weighted by how rare it is, at least
        # NEED_SHARE of it (of what the best holds, when none holds that much): "công" and "chứng"
        # of the need are in hundreds of names, which then hold any word of the story
        held = np.zeros(self.size, dtype=np.float32)
        total = 0.0
        for i in asked:
            if units[i].content or units[i].loose:
                rarity = self._rarity(units[i])
                held += self._holding(units[i]) * rarity
                total += rarity
        need = held >= NEED_SHARE * min(total, float(held.max())) if held.max() > 0 else held > 0
        for unit in told:
            if not (self._holding(unit) & need).any():
                unit.narrative = True

    def _asked(self, units: list[PlanUnit], words: list[str], untoned: bool, reading: Reading) -> set[int]:
        """The units saying what is asked: those after the last word or phrase opening a need
        (stopwords.json «need»: muốn, cần, xin…; «need_phrases»: làm sao…) that two content units or
        more follow, and the clause a phrase announcing the question introduces («question»: "cho
        em hỏi thủ tục tách hộ khẩu, vợ chồng tôi…": the request stated first) when it holds two
        content words or more ("xin hỏi có phải xin giấy phép xây dựng": one phrase of four)."""
        starts, position = [], 0
        for unit in units:
            starts.append(position)
            position += len(unit.typed)
        at_word = {start: i for i, start in enumerate(starts)}

        def follows(i: int) -> bool:  # two content units or more from unit i on
            return sum(1 for u in units[i:] if u.content or u.loose) >= 2

        opening: int | None = None  # the unit the need starts at
        for i, unit in enumerate(units):
            if len(unit.typed) != 1 or unit.content or not opens_need(unit.typed[0]):
                continue
            if untoned and not self.intent_at(words, starts[i], untoned):
                continue  # "can cuoc": căn cước, no need opened
            if follows(i + 1):
                opening = i + 1
        for word in reading.need_starts:
            at = at_word.get(word)
            if at is not None and follows(at) and (opening is None or at > opening):
                opening = at
        asked: set[int] = set(range(opening, len(units))) if opening is not None else set()
        for first, end in reading.asked:
            said = [i for i, start in enumerate(starts) if first <= start < end]
            if sum(len(units[i].typed) for i in said if units[i].content) >= 2:  # words: one phrase may do
                asked.update(said)
        return asked

    def _rarity(self, unit: PlanUnit) -> float:
        """How much a unit tells: the IDF of its rarest word, or of its rarest pair for a phrase."""
        return max(self.idf.get(t, 0.0) for alt in unit.alternatives for t in phrase_terms(alt.words))

    def _holding(self, unit: PlanUnit) -> np.ndarray:
        """The names holding some phrase of the unit, every word of it (a mask)."""
        held = np.zeros(self.size, dtype=bool)
        for alt in unit.alternatives:
            docs = np.ones(self.size, dtype=bool)
            for word in phrase_terms(alt.words):  # side by side
                posting = self.postings.get(word)
                mask = np.zeros(self.size, dtype=bool)
                if posting is not None:
                    mask[posting[0]] = True
                docs &= mask
            held |= docs
        return held

    def _corrections(self, words: list[str], typed: list[str], extra_synonyms=()) -> dict[int, str]:
        """Position → the folded word a typo there stands for. Words of names and of everyday
        phrases (synonyms) are known and never corrected. A valid Vietnamese word typed with its
        tones is never corrected. Typed without tones almost any letters fold from some syllable,
        so the dictionary alone would stop every correction ("khia sinh", "ket hom"): such a word
        is corrected only when every neighbour agrees, one at least no stop word, and at a query's
        edge only when no name spells it (a lone neighbour is weak evidence against a word that is
        both a syllable and a name word: "khai nao", "xuong cap"). Kinship words, times, places
        form no catalogue pair with their neighbours."""
        known = self._phrase_words(extra_synonyms)
        fixes: dict[int, str] = {}
        toned_query = any(typed_with_tones(w) for w in words)  # (y and i fold alike: "ky" has no tone)
        for at, word in enumerate(words):
            folded = typed[at]
            if folded.isdigit() or exact_form(word) in stop_words():
                continue  # a stop word (kinship, time, place…) is never "corrected" into a catalogue word
            valid = is_vietnamese(word)
            if valid and word != folded:
                continue
            before = typed[at - 1] if at > 0 else ""
            after = typed[at + 1] if at + 1 < len(typed) else ""
            if (before and f"{before} {folded}" in self.everyday_pairs) or (
                after and f"{folded} {after}" in self.everyday_pairs
            ):
                continue  # a pair of everyday words the life events' texts hold ("con gai", "nguoi nhat")
            if not toned_query and folded in folded_stop_words() and ((before and after) or folded in self.vocabulary):
                # typed without tones it may be a stop word ("chau": cháu), and one of the commonest
                # words of the language ("duoc": được, "thi": thì, "roi": rồi, "voi": với): read
                # as typed. At a query's edge too when the names spell it as well ("khai nao": nào,
                # "lam lai khong", "toi nghi"): a question ends, a story starts with such words, and
                # the lone content neighbour forms a name pair one letter away by chance (khai báo,
                # thông, tài). A stop word no name spells ("ket hom") may still be a typo (hôn).
                # A correction both neighbours agree with ("hạch toán nước chi phí")
                # took "được" for a typo as often as it met one
                continue
            if folded in self.vocabulary or folded in known[0] or len(folded) < FUZZY_MIN_LENGTH:
                # a known word typed without tones is kept, unless it stands beside no word it goes
                # with while one letter away is the word both its neighbours go with ("cap li the"
                # → lại; "tu pha" → pháp). In a query typed with tones, a valid syllable without
                # marks is a word of the level tone, and stays.
                if self.is_intent(word) or (valid and toned_query):
                    continue
                far = (typed[at - 2] if at > 1 else "", typed[at + 2] if at + 2 < len(typed) else "")
                correction = self._misplaced(folded, before, after, known, valid, far)
            else:
                correction = self.correct(folded, before, after, agreed_only=valid, phrases=known)
            if not correction and not valid and at == len(words) - 1 and folded not in self.vocabulary:
                correction = self._completed(folded, before)
            if correction:
                fixes[at] = correction
        return fixes

    def _completed(self, prefix: str, before: str) -> str:
        """The last word of a query left unfinished (no syllable, "thuong tr"): the name word it
        begins that goes with the word before it in the most names."""
        if not before or not prefix.isalpha():
            return ""
        fitting = [w for w in self.vocabulary if w.startswith(prefix) and f"{before} {w}" in self.postings]
        return max(fitting, key=lambda w: (self._pair_frequency(w, before, ""), w)) if fitting else ""

    def _misplaced(
        self, word: str, before: str, after: str, known, valid: bool = False, far: tuple[str, str] = ("", "")
    ) -> str:
        """The known word one typo away from a known `word` that fits between its neighbours where
        `word` fits with neither (every neighbour agrees; a lone neighbour only for 3 letters up,
        and never for a `valid` word: one typed without tones that folds from a syllable). `far`:
        the words beyond the neighbours (before `before`, after `after`), "" at the query's edge."""

        def pair(a: str, b: str) -> bool:
            return f"{a} {b}" in self.idf or f"{a} {b}" in known[1]

        if valid:
            # a code or a number beside a syllable typed without tones ("hang a1": hạng A1, "so 29")
            # witnesses no typo: a phrase holding it ("bằng a1") is one of a few, not the word meant
            before, after = ("" if _coded(n) else n for n in (before, after))
        neighbours = [n for n in (before, after) if n]
        # a neighbour that may be a stop word typed without tones is no witness, unless it forms a
        # names' phrase with the word beyond it: "chung chi han nghe" is chứng chỉ, not chị
        # (→ hành nghề)
        sides = [(n, side) for n, side in ((before, (far[0], before)), (after, (after, far[1]))) if n]
        if not neighbours or not any(
            not _no_witness([n]) or (all(side) and self._name_pair(*side)) for n, side in sides
        ):
            return ""
        # a name word typed without tones that folds from a syllable, at the query's edge: its one
        # neighbour may go with it outside the catalogue ("xuong cap": xuống cấp, "chuyen khac":
        # chuyển khác, "thanh toan lai"), which one pair with a word one letter away (xưởng lắp,
        # chuyển khẩu, toán tài) cannot outweigh; a phrase the neighbour mostly stands in can
        # ("dan ky" → đăng ký in 490 of the 541 names with "ký", "luat xu" → luật sư)
        lone = len(neighbours) == 1 and (len(word) < FUZZY_MIN_LENGTH or valid)
        if (before and pair(before, word)) or (after and pair(word, after)):
            return ""
        near = (self.typos.near_any(word) | known[2].near_any(word)) - {word}
        fitting = [w for w in near if (not before or pair(before, w)) and (not after or pair(w, after))]
        if lone:
            least = max(NAME_PHRASE, EDGE_PHRASE * self._frequency(neighbours[0]))  # "xưởng lắp": 1 of 4
            fitting = [w for w in fitting if self._pair_frequency(w, before, after)[0] >= least]
        return max(fitting, key=lambda w: (self._pair_frequency(w, before, after), w)) if fitting else ""

    def _pair_frequency(self, word: str, before: str, after: str) -> tuple[int, int]:
        """How many names hold the word beside the query's neighbours, then the word alone (the
        likelier of two candidates: "tu pha" → pháp, as "tư pháp" is in far more names than "tự phát")."""
        pairs = (f"{before} {word}" if before else "", f"{word} {after}" if after else "")
        return sum(len(self.postings[p][0]) for p in pairs if p in self.postings), self._frequency(word)

    def _phrase_words(self, extra_synonyms=()):
        """(words, word pairs, TypoIndex over the words no name holds) of the synonym phrases."""
        cached = self._phrases.get(extra_synonyms)
        if cached is None:
            words: set[str] = set()
            pairs: set[str] = set()
            for key in synonym_lookup(extra_synonyms):
                words.update(key)
                pairs.update(f"{a} {b}" for a, b in zip(key, key[1:], strict=False))
            cached = (frozenset(words), frozenset(pairs), TypoIndex(words - self.vocabulary))
            if len(self._phrases) > 8:
                self._phrases.clear()
            self._phrases[extra_synonyms] = cached
        return cached

    def _another_word(self, word: str, typed: list[str], at: int) -> bool:
        """A word typed with tones that is a Vietnamese word, spelt so by no name, and forming no pair
        the names hold with a neighbour once folded: the names hold only other words that fold like it
        ("bão" → bảo hiểm, "tiệm" → tiêm, "ngoại" → nước ngoài on a catalogue without "ngoại"), so
        none holds it. A mistyped tone beside its pair ("giây phép": giấy phép) still folds."""
        folded = typed[at]
        if exact_form(word) == folded or exact_form(word) in self.exact_docs or not is_vietnamese(word):
            return False
        before = f"{typed[at - 1]} {folded}" if at > 0 else ""
        after = f"{folded} {typed[at + 1]}" if at + 1 < len(typed) else ""
        return not any(pair in self.postings for pair in (before, after) if pair)

    def _read_as(self, typed: list[str], at: int) -> frozenset[str]:
        """In a query typed without tones, the spellings the events' texts give the word at `at` beside
        the word before or after it ("huu thi mat": mất, never mặt or mật), when one of them has tones.
        Not the commonest spelling alone (no neighbour tells), nor a reading without tones ("qua Lao":
        qua, where a name's "quá cảnh" would stop holding the word the query asked for)."""
        read = self.read_beside(typed, at, commonest=False)
        return frozenset() if read <= {typed[at]} else read

    def _plan_unit(
        self, unit: Unit, typed: tuple[str, ...], correction: str, intent: bool = False, alone: bool = False
    ) -> PlanUnit:
        if unit.is_synonym:
            alternatives = [
                Alternative(
                    tuple(folded_form(w) for w in phrase),
                    tuple(1.0 for _ in phrase),
                    "typed" if i == 0 else "synonym",
                    exacts=tuple(self._spelt_form(w) for w in phrase),
                )
                for i, phrase in enumerate(unit.phrases())
            ]
            return PlanUnit(typed, alternatives, True, correction)
        word = typed[0]
        folded = folded_form(word)
        if correction:
            alternative = Alternative((correction,), (TYPO_WEIGHT,), "typo")
        else:
            exact = exact_form(word)
            toned = exact if exact != folded and (alone or exact in self.exact_docs) else ""
            alternative = Alternative((folded,), (INTENT_WEIGHT if intent else 1.0,), "typed", toned)
        return PlanUnit(typed, [alternative], not intent, correction)

    def _spelt_form(self, word: str) -> str:
        """The word with its tones when written with them and some name spells it so, else ""."""
        exact = exact_form(word)
        return exact if exact != folded_form(word) and exact in self.exact_docs else ""

    def correct(self, word: str, before: str, after: str, agreed_only: bool = False, phrases=None) -> str:
        """The name word (or everyday phrase word) one typo away that the query agrees with: it forms
        a known pair with a neighbouring word (strong), else, for longer words only, the most
        frequent name word."""
        if len(word) < 3:
            return ""
        near = self.typos.near(word)
        pairs: frozenset[str] = frozenset()
        if phrases is not None:
            pairs = phrases[1]
            near |= phrases[2].near(word)
        if not near:
            return ""

        def known(pair: str) -> bool:
            return pair in self.idf or pair in pairs

        if agreed_only:
            # a valid syllable typed without tones (some toned spelling is a word): corrected only
            # when every neighbour agrees and one of them is no stop word, as _misplaced asks ("ket
            # hom" → hôn; not "hai tram con" → tâm by "tâm con" alone, nor "vao ram thang" → làm)
            if _no_witness([n for n in (before, after) if n]):
                return ""
            agreeing = [
                w for w in near if (not before or known(f"{before} {w}")) and (not after or known(f"{w} {after}"))
            ]
        else:
            agreeing = [w for w in near if (before and known(f"{before} {w}")) or (after and known(f"{w} {after}"))]
        if agreeing:
            return max(agreeing, key=lambda w: (self._pair_frequency(w, before, after), w))
        named = [w for w in near if w in self.postings]
        if len(word) >= 6 and not agreed_only and named:  # a long syllable: one letter off is rarely another word
            return max(named, key=lambda w: (self._frequency(w), w))
        return ""

    def _frequency(self, word: str) -> int:
        posting = self.postings.get(word)
        return len(posting[0]) if posting is not None else 0

    # --- scoring -----------------------------------------------------------------------------------
    def _add(self, scores: np.ndarray, term: str, weight: float, toned=()) -> np.ndarray | None:
        posting = self.postings.get(term)
        if posting is None:
            return None
        ids, values = posting
        for exact in toned:  # a pair with a word typed with tones: only the names spelling it so
            keep = self._spelt(exact)[ids]
            ids, values = ids[keep], values[keep]
        scores[ids] += values * (self.idf[term] * weight)
        return ids

    def _spelt(self, exact: str) -> np.ndarray:
        """One boolean per name: it spells the word so (kept for the words queries use)."""
        mask = self._spelt_masks.get(exact)
        if mask is None:
            mask = np.zeros(self.size, dtype=bool)
            mask[self.exact_docs.get(exact, NO_DOCS)] = True  # none for a word no name spells (_another_word)
            if len(self._spelt_masks) < 20000:
                self._spelt_masks[exact] = mask
        return mask

    def _add_toned(self, scores: np.ndarray, term: str, weight: float, exact: str) -> np.ndarray | None:
        """As _add, for a word typed with tones that some name spells so: those names score fully and
        hold the word; names holding only another word that folds the same (mưa / mua) get
        FOLD_ONLY of it and do not hold it."""
        posting = self.postings.get(term)
        if posting is None:
            return None
        ids, values = posting
        keep = self._spelt(exact)[ids]
        factor = np.where(keep, 1.0, FOLD_ONLY).astype(np.float32)
        scores[ids] += values * factor * (self.idf[term] * weight)
        return ids[keep]  # only the names spelling it so hold the word

    def _add_word(self, scores: np.ndarray, alt: Alternative, i: int, weight: float) -> np.ndarray | None:
        """The alternative's `i`-th word: as spelt with tones (typed so, or a phrase written so), as
        read by the events' texts (typed without tones), else folded."""
        word = alt.words[i]
        exact = alt.exact if len(alt.words) == 1 else alt.spelt_word(i)
        if exact:
            return self._add_toned(scores, word, weight, exact)
        if alt.read_as:
            return self._add_read(scores, word, weight, alt.read_as)
        return self._add(scores, word, weight)

    def _add_read(self, scores: np.ndarray, term: str, weight: float, read: frozenset[str]) -> np.ndarray | None:
        """As _add_toned, for an untoned word the events' texts read as one of `read`: the names
        spelling it so score fully and hold it; those holding only another word that folds the same
        get READ_OTHER of it and do not hold it. Where no name holding the word spells it as read,
        every one holds it as before."""
        posting = self.postings.get(term)
        if posting is None:
            return None
        ids, values = posting
        keep = np.logical_or.reduce([self._spelt(s)[ids] for s in sorted(read)])
        if not keep.any():  # no name holding the word spells it as read: nothing to prefer
            keep[:] = True
        factor = np.where(keep, 1.0, READ_OTHER).astype(np.float32)
        scores[ids] += values * factor * (self.idf[term] * weight)
        return ids[keep]  # only the names spelling it as read hold the word

    def score(self, plan: Plan, body: Callable[[str], np.ndarray | None] | None = None):
        """(BM25 score, share of the query's object covered) per document, and each content unit's
        (weight, names holding it)."""
        scores, covered, objects, _acted = self.scored(plan, body)
        return scores, covered, objects

    def scored(self, plan: Plan, body: Callable[[str], np.ndarray | None] | None = None):
        """`score`, and per document the share a situation's words add to the cover of a name
        starting with the action they ask for (`_said_actions`, `_told_apart`)."""
        scores = np.zeros(self.size, dtype=np.float32)
        covered = np.zeros(self.size, dtype=np.float32)
        acted_cover = np.zeros(self.size, dtype=np.float32)
        total = 0.0
        own = np.zeros(self.size, dtype=np.float32)  # office words a name of that office holds
        objects = []  # (weight, names holding it) per content unit: the query's object for rank()
        said = self._said_cases(plan)
        acted = self._said_actions(plan)
        for at, unit in enumerate(plan.units):
            best = present_best = None
            for alt in unit.alternatives:
                values = np.zeros(self.size, dtype=np.float32)
                held = np.zeros(self.size, dtype=np.int16)  # how many of the phrase's words a name holds
                for i, weight in enumerate(alt.weights[: len(alt.words)]):
                    ids = self._add_word(values, alt, i, weight)
                    if ids is not None:
                        held[ids] += 1
                present = held == len(alt.words)
                for a, b in zip(alt.words, alt.words[1:], strict=False):
                    pair = self._add(values, f"{a} {b}", 1.0, alt.spelt_pair(a, b))
                    # a phrase is held only with its words side by side: "bằng lái" is not held by
                    # a name with "bằng xe" and "cấp lại" apart
                    side_by_side = np.zeros(self.size, dtype=bool)
                    if pair is not None:
                        side_by_side[pair] = True
                    present &= side_by_side
                best = values if best is None else np.maximum(best, values)
                present_best = present if present_best is None else (present_best | present)
            assert best is not None and present_best is not None  # a unit has at least one alternative
            if unit.content and said.get(at):
                # a special case named in other words ("người Lào", "xã sát biên giới"): the names
                # holding that case (có yếu tố nước ngoài, khu vực biên giới) hold the words saying it
                by_case = np.logical_or.reduce([self.qualifier_docs(i) for i in said[at]]) & ~present_best
                best = best + (CASE_WORD * self.unit_weight(unit)) * by_case
                present_best = present_best | by_case
            scores += best
            if unit.office:
                own += self._office_held(unit, present_best, plan.office)
            if unit.content and not unit.office:
                weight = self.unit_weight(unit)
                objects.append((weight, present_best))
                total += weight
                credit = self._credit(unit, weight, present_best, body, scores)
                covered += weight * credit
                if at in acted:
                    # a situation's words ("mờ hết chữ", "tới hạn"): the names starting with the
                    # action it asks for (Cấp đổi, Gia hạn) hold them, beside their thing's other
                    # names (rank: told apart within a family, not raised above other things)
                    acted_cover += weight * (acted[at] & (credit < 1.0)) * (1.0 - credit)
        for a, b, weight in plan.pairs:
            spelt = [plan.toned[w] for w in (a, b) if w in plan.toned]
            self._add(scores, f"{a} {b}", weight, spelt)
        # (a name's own office words count on both sides of its share; no content at all: no share)
        covered += own
        whole = total + own
        share = np.divide(covered, whole, out=covered.copy(), where=whole > 0)
        acted_share = np.divide(acted_cover, whole, out=acted_cover.copy(), where=whole > 0)
        return scores, share, objects, acted_share

    @staticmethod
    def _credit(unit, weight: float, present: np.ndarray, body, scores: np.ndarray) -> np.ndarray:
        """A content unit's credit per name: 1 where the name holds it, half where only its documents
        and steps do (those names also gain a share of the unit's weight in `scores`)."""
        credit = present.astype(np.float32)
        if body is None:
            return credit
        in_body = None  # some phrase of the unit with every word in the body
        for alt in unit.alternatives:
            masks = [body(word) for word in alt.words]
            known = [m for m in masks if m is not None]
            if masks and len(known) == len(masks):
                phrase = np.logical_and.reduce(known)
                in_body = phrase if in_body is None else (in_body | phrase)
        if in_body is not None:
            credit = np.maximum(credit, 0.5 * in_body)
            scores += (0.3 * weight) * (in_body & ~present)
        return credit

    def plain_order(self, plan: Plan, allowed: np.ndarray, limit: int) -> list[int]:
        """The names ranked by plain BM25 over the query's words as typed (`plan.words`: short forms
        expanded, stop phrases out) and their pairs: no synonyms, corrections, story weights, events
        or penalties. A second opinion that sees what the full reading can talk itself out of
        (answer_by_names fuses it below the first answer). A word typed with tones counts only in
        the names spelling it so."""
        words = [w for w in plan.words if not self.is_intent(w)]
        scores = np.zeros(self.size, dtype=np.float32)
        for word in dict.fromkeys(words):
            exact, folded = exact_form(word), folded_form(word)
            if exact != folded and exact in self.exact_docs:
                self._add_toned(scores, folded, 1.0, exact)
            else:
                self._add(scores, folded, 1.0)
        for a, b in dict.fromkeys(zip(words, words[1:], strict=False)):
            spelt = tuple(e for e in (exact_form(a), exact_form(b)) if e != folded_form(e) and e in self.exact_docs)
            self._add(scores, f"{folded_form(a)} {folded_form(b)}", 1.0, spelt)
        scores[~allowed] = 0.0
        held = np.flatnonzero(scores > 0.0)
        if len(held) > limit:  # the best `limit` without sorting every name (30,000 at a ministry)
            held = held[np.argpartition(-scores[held], limit - 1)[:limit]]
        return [int(d) for d in held[np.lexsort((held, -scores[held]))]]

    def abolished(self, statuses: list[str]) -> np.ndarray:
        """One boolean per name: abolished. Built once for the engine's statuses list (it keeps one
        per index), not per query: a comprehension over 30,000 names costs ~2 ms."""
        cached = self._abolished
        if cached is None or cached[0] is not statuses:
            cached = (statuses, np.array([s == "abolished" for s in statuses], dtype=bool))
            self._abolished = cached
        return cached[1]

    def unit_weight(self, unit: PlanUnit) -> float:
        """How much a unit says: the rarest word of its typed phrase. A word no name holds says what
        the life events' texts say of it (`everyday_idf`, on the names' scale: "chào đời" in one
        event says much, "mở" in many says little), else it counts as rare."""
        words = unit.alternatives[0].words
        weight = max(self.idf.get(w, self.everyday_idf.get(w, self.unknown_weight)) for w in words)
        return weight * NARRATIVE_WEIGHT if unit.narrative else weight

    @property
    def unknown_weight(self) -> float:
        return math.log(1 + self.size)

    def read_everyday(
        self,
        idf: dict[str, float],
        events: int,
        pairs: frozenset[str] = frozenset(),
        spelt: dict[str, frozenset[tuple[str, str]]] | None = None,
        commonest: dict[str, str] | None = None,
    ) -> None:
        """What the life events' texts say of everyday words: the weights of the words no name holds
        (EventIndex.word_idf over `events` events, brought to the names' scale), the folded word
        pairs they hold (a word standing in one is typed as meant, never a typo) and how they spell
        each pair (EventIndex.spelt_pairs: how an untoned word reads beside its neighbours)."""
        scale = self.unknown_weight / math.log(1 + max(1, events))
        self.everyday_idf = {w: v * scale for w, v in idf.items()}
        self.everyday_pairs = pairs
        self.everyday_spelt = spelt or {}
        self.everyday_spelling = commonest or {}

    def spelt_beside(self, folded: list[str], at: int, commonest: bool = True) -> frozenset[str]:
        """The spellings (exact forms) the life events' texts give the query's word at `at` beside
        the word before it or after it (all folded): how a word typed without tones reads in its
        place ("muon mo quan": mở, as the events write "muốn mở", not mờ). Where no text holds the
        word beside either neighbour, the spelling the texts use most for it ("gam rach te": rách),
        unless `commonest` is off."""
        found = frozenset[str]().union(*self.spelt_sides(folded, at))
        if not found and commonest and folded[at] in self.everyday_spelling:
            return frozenset({self.everyday_spelling[folded[at]]})
        return found

    def spelt_sides(self, folded: list[str], at: int) -> list[frozenset[str]]:
        """How the life events' texts spell the query's word at `at` (folded words) beside the word
        before it, and beside the word after it: one set per side (empty where no text holds the
        pair). A trigger spelt with tones is read by each side apart ("nguoi lao dong": "người Lào"
        and "người lao động" before, only "lao động" after)."""
        out = []
        if at > 0:
            out.append(frozenset(b for _a, b in self.everyday_spelt.get(f"{folded[at - 1]} {folded[at]}", ())))
        if at + 1 < len(folded):
            out.append(frozenset(a for a, _b in self.everyday_spelt.get(f"{folded[at]} {folded[at + 1]}", ())))
        return out

    def rank(
        self,
        plan: Plan,
        allowed: np.ndarray,
        body=None,
        statuses: list[str] | None = None,
        limit: int = RESCORE,
        explain: bool = False,
        typed_exact: tuple[str, ...] = (),
    ):
        """The candidates (every document with a score), the best `limit` rescored first.
        Returns (ordered [(score, doc)], found mask, best coverage, explanations, coverage per doc)."""
        scores, coverage, _objects, acted = self.scored(plan, body)
        scores = np.where(allowed, scores, 0.0)
        found = scores > 0
        count = int(found.sum())
        if not count:
            return [], found, 0.0, {}, coverage
        top = (
            np.argpartition(-scores, min(limit, count) - 1)[: min(limit, count)]
            if count > limit
            else np.flatnonzero(found)
        )
        best = float(scores[top].max())
        vocabulary = plan.vocabulary()
        asked = {w for u in plan.units if not u.loose for a in u.alternatives for w in a.words}
        rescored, notes = [], {}
        for doc in top.tolist():
            features = self.features(doc, plan, vocabulary, asked, typed_exact)
            features["bm25"] = float(scores[doc]) / best
            features["coverage"] = float(coverage[doc])
            score = sum(WEIGHTS[k] * features[k] for k in WEIGHTS)
            score -= PENALTY["revoking"] * features["revoking"] + PENALTY["repeating"] * features["repeating"]
            status = statuses[doc] if statuses else ""
            score -= PENALTY.get(status, 0.0)
            rescored.append((score, doc))
            if explain:
                notes[doc] = {
                    **{k: round(v, 3) for k, v in features.items()},
                    "status_penalty": PENALTY.get(status, 0.0),
                }
        rescored.sort(key=lambda item: (-item[0], item[1]))
        rescored, coverage = self._told_apart(rescored, coverage, acted, plan)
        best_cover = float(coverage[top].max())
        # What counts as found (total, facets): names above the confidence floor that cover a fair
        # share of what the best covers (never "2443 found" for three words).
        found &= coverage >= max(NOTHING_FITS, 0.5 * best_cover)
        if best_cover < NOTHING_FITS:
            return rescored, found, best_cover, notes, coverage
        ranked = [(s, d) for s, d in rescored if found[d]]
        if count > limit:  # further pages: the rest of what was found, by BM25
            seen = set(top.tolist())
            rest = np.flatnonzero(found)
            rest = rest[np.argsort(-scores[rest], kind="stable")]
            low = min((s for s, _d in ranked), default=0.0)
            ranked += [(low - 1.0, int(d)) for d in rest[: limit + len(seen)].tolist() if d not in seen]
        return ranked, found, best_cover, notes, coverage

    def features(self, doc: int, plan: Plan, vocabulary: set[str], asked: set[str], typed_exact) -> dict[str, float]:
        words = self.words[doc]
        variant = self.variant(doc, plan)
        # a name repeating the query's words ("việc ly hôn, hủy việc kết hôn") covers no more
        distinct = self.word_set(doc)
        # the variant asked in other words counts as said ("không còn sổ" → Đăng ký lại kết hôn)
        said = vocabulary if variant is None else vocabulary | set(variant)
        features = {
            "name_cover": len(distinct & said) / max(1, len(distinct)),
            "start": 0.0,
            "tones": 0.0,
            "revoking": 0.0,
            "repeating": 0.0,
            "order": 0.0,
            "action": 0.0,
        }
        if plan.pairs:  # the query's words side by side in the name, in the same order
            pairs = self._pairs.get(doc)
            if pairs is None:
                pairs = self._pairs[doc] = set(zip(words, words[1:], strict=False))
            if variant is not None:  # "đăng ký kết hôn" read across the variant's word: "Đăng ký lại kết hôn"
                pairs = pairs | _across(words, variant)
            features["order"] = sum((a, b) in pairs for a, b, _w in plan.pairs) / len(plan.pairs)
        kind, grant = self.heads[doc]
        if words and words[0] in vocabulary:
            features["start"] = 1.0
        elif grant and words[grant] in vocabulary:  # "Cấp hộ chiếu…" starts with the query after its verb
            features["start"] = 0.8
        if variant is not None:
            features["action"] = 1.0  # asked for in other words: "bị khóa" → Mở khóa
        elif kind is not None:
            name, action = kind
            if not all(w in asked for w in action if w not in ("cap", "dang", "ki")) and not (
                action in AMENDING and any(all(w in asked for w in a) for a in AMENDING)
            ):
                features[name] = 1.0
        if typed_exact:
            features["tones"] = self._tones(doc, typed_exact)
        return features

    def qualifier_docs(self, case: int) -> np.ndarray:
        """One boolean per name: it (or its sector) holds the special case (qualifiers.json)."""
        mask = self._case_masks.get(case)
        if mask is None:
            mask = self._case_masks[case] = np.array([case in self.qualifiers(d) for d in range(self.size)], dtype=bool)
        return mask

    def _said_cases(self, plan: Plan) -> dict[int, set[int]]:
        """Unit position → the special cases (qualifiers) a phrase of the query holding the unit's
        words names in other words (read after typos are corrected, as the query's cases are)."""
        from .qualifiers import qualifiers, spans

        table = qualifiers()
        typed = [w for unit in plan.units for w in unit.typed]
        found = spans([plan.corrections.get(folded_form(w), w) for w in typed], self.spelt_sides)
        if not found:
            return {}
        out: dict[int, set[int]] = {}
        position = 0
        for at, unit in enumerate(plan.units):
            end = position + len(unit.typed)
            cases = {i for i, start, stop in found if start <= position and end <= stop and table[i].said_by_name}
            if cases:
                out[at] = cases
            position = end
        return out

    def _told_apart(
        self, rescored: list[tuple[float, int]], coverage: np.ndarray, acted: np.ndarray, plan: Plan
    ) -> tuple[list[tuple[float, int]], np.ndarray]:
        """The candidates' scores and the cover, with a situation's words held by a candidate
        starting with the action they ask for when a candidate of the same thing not starting with
        one ranks before it or holds more of the query ("Cấp lại giấy chứng nhận đăng ký tàu cá"
        beside "Cấp giấy chứng nhận …" for "giấy đăng ký tàu ướt rách nát"): its cover gains the
        words, its score rises up to just above those plain names, no further. The words tell the
        family's variants apart; they raise no name above a name of another thing that its
        family's plain names did not pass."""
        if not acted.any():
            return rescored, coverage
        score_of = {d: sc for sc, d in rescored}
        raised = dict(score_of)
        cover = coverage
        for d in np.flatnonzero(acted).tolist():
            if d not in score_of:
                continue
            # the family's plain names ranking before it, or holding more of the query
            plain = [
                o
                for o in self.same_thing(d)
                if o in score_of
                and (score_of[o] > score_of[d] or coverage[o] > coverage[d])
                and self.variant(o, plan) is None
            ]
            if not plain:
                continue
            if cover is coverage:
                cover = coverage.copy()
            cover[d] += acted[d]
            ceiling = max(score_of[o] for o in plain) + TOLD_APART
            raised[d] = max(score_of[d], min(score_of[d] + WEIGHTS["coverage"] * float(acted[d]), ceiling))
        if cover is coverage:
            return rescored, coverage
        out = [(raised[d], d) for _sc, d in rescored]
        out.sort(key=lambda item: (-item[0], item[1]))
        return out, cover

    def _said_actions(self, plan: Plan) -> dict[int, np.ndarray]:
        """Unit position → the names starting with an action a situation said by the unit's words
        asks for (plan.action_places; an action asked otherwise where no other name of its thing
        starts with the actions paired with it)."""
        if not plan.action_places:
            return {}
        places = {place: (asks, instead) for place, asks, instead in plan.action_places}
        out: dict[int, np.ndarray] = {}
        position = 0
        for at, unit in enumerate(plan.units):
            end = position + len(unit.typed)
            masks = [
                self._starting(frozenset(asks), instead)
                for p in range(position, end)
                if p in places
                for asks, instead in (places[p],)
            ]
            if masks:
                out[at] = np.logical_or.reduce(masks)
            position = end
        return out

    def _starting(self, actions: frozenset[tuple[str, ...]], instead) -> np.ndarray:
        """One boolean per name: it starts with one of `actions`, or with an action asked otherwise
        (`instead`: each with the actions no other name of its thing may start with). Once per set."""
        key = (actions, instead)
        mask = self._start_masks.get(key)
        if mask is None:
            mask = (
                np.array([starts_with(w, actions) is not None for w in self.words], dtype=bool)
                if actions
                else (np.zeros(self.size, dtype=bool))
            )
            for action, primaries in instead:
                for doc in range(self.size):
                    if (
                        not mask[doc]
                        and starts_with(self.words[doc], frozenset({action})) is not None
                        and not self._sibling_starts(doc, primaries)
                    ):
                        mask[doc] = True
            self._start_masks[key] = mask
        return mask

    def special_siblings(self, doc: int) -> list[tuple[int, frozenset[int]]]:
        """The names that are this name with special cases added (qualifiers.json), each with the
        cases it adds: "Thủ tục đăng ký chấm dứt giám hộ có yếu tố nước ngoài" for "Thủ tục đăng ký
        chấm dứt giám hộ". Names are one family when, the phrases of their cases and the words
        joining them (cho, tại, đối với, có…) taken out, their words outside parentheses (the level
        "(thực hiện tại cấp tỉnh)") are the same; only cases a name says count (not who applies)."""
        if self._families is None:
            self._family_keys = [self._family_key(d) for d in paced(range(self.size))]
            self._families = {}
            for d, key in enumerate(self._family_keys):
                self._families.setdefault(key, []).append(d)
        own = set(self.qualifiers(doc))
        out = []
        for other in self._families.get(self._family_keys[doc], ()):
            added = frozenset(set(self.qualifiers(other)) - own)
            if other != doc and added and own <= set(self.qualifiers(other)):
                out.append((other, added))
        return out

    def _family_key(self, doc: int) -> tuple[str, ...]:
        from .qualifiers import qualifiers

        table = qualifiers()
        words = list(self.main_words[doc])
        cut = [False] * len(words)
        for i in self.qualifiers(doc):
            if not table[i].said_by_name:
                continue
            for phrase in table[i].names:
                n = len(phrase)
                for at in range(len(words) - n + 1):
                    if tuple(words[at : at + n]) == phrase:
                        cut[at : at + n] = [True] * n
        return tuple(w for w, c in zip(words, cut, strict=True) if not c and w not in FAMILY_JOINS)

    def _office_held(self, unit: PlanUnit, present: np.ndarray, office: Office) -> np.ndarray:
        """The office's words held by a name of that office's sector count for that name as covered
        (their weight); any other name neither holds nor lacks them."""
        held = np.zeros(self.size, dtype=np.float32)
        weight = self.unit_weight(unit)
        for doc in np.flatnonzero(present).tolist():
            if self.office_fit(doc, office)[1]:
                held[doc] = weight
        return held

    def office_fit(self, doc: int, office: Office) -> tuple[bool, bool]:
        """(the procedure is handled at a level the office says, in a sector it says): its level; its
        sector, agency or name holding a word of that sector (stopwords.json «office_marks»)."""
        if doc not in self._office_sectors:
            text = f"{self.sectors[doc]} ; {self.agencies[doc]} ; {self.names[doc]}"
            self._office_sectors[doc] = office_sectors(text)
        return self.levels[doc] in office.levels, bool(self._office_sectors[doc] & office.sectors)

    def qualifiers(self, doc: int) -> tuple[int, ...]:
        """The special-case qualifiers the name (or its sector) holds (qualifiers.json), once per name."""
        held = self._qualifiers.get(doc)
        if held is None:
            from .qualifiers import held as find

            spelt = [exact_form(w) for w in tokens(self.names[doc])]
            held = self._qualifiers[doc] = find(self.words[doc], self.sectors[doc], spelt)
        return held

    def _spelling(self, doc: int) -> set[str]:
        """The name's words as spelt, with their tones (once per name)."""
        exact = self._exact.get(doc)
        if exact is None:
            exact = self._exact[doc] = {exact_form(w) for w in tokens(self.names[doc])}
        return exact

    def _tones(self, doc: int, typed_exact: tuple[str, ...]) -> float:
        """Share of the words typed with tones that the name spells with the same tones."""
        exact = self._spelling(doc)
        return sum(w in exact for w in typed_exact) / len(typed_exact)

    def mistoned(self, doc: int, typed: tuple[str, ...]) -> bool:
        """The name holds a word typed with tones only spelt with other tones ("bé" typed, "lồng bè"
        named): it matches the query only once both are folded."""
        if not typed:
            return False
        spelt, words = self._spelling(doc), set(self.words[doc])
        return any(folded_form(w) in words and exact_form(w) not in spelt for w in typed)

    def asks_action(self, doc: int, plan: Plan) -> bool:
        """The name starts with an action the query's situation asks for (actions.json)."""
        return self.variant(doc, plan) is not None

    def variant(self, doc: int, plan: Plan) -> tuple[str, ...] | None:
        """The action the query's situation asks for that the name starts with: one of the plan's
        actions, or one asked otherwise when no other name of the same thing (actions.thing) starts
        with the actions paired with it."""
        words = self.words[doc]
        found = starts_with(words, plan.actions) if plan.actions else None
        if found is None:
            for action, instead in plan.otherwise:
                if starts_with(words, frozenset({action})) and not self._sibling_starts(doc, instead):
                    return action
        return found

    def _sibling_starts(self, doc: int, actions: frozenset[tuple[str, ...]]) -> bool:
        """Another name of the same thing starts with one of `actions`."""
        return any(starts_with(self.words[o], actions) is not None for o in self.same_thing(doc))

    def same_thing(self, doc: int) -> list[int]:
        """The other names acting on the name's thing (actions.thing): its variants ("Cấp lại …",
        "Gia hạn …" beside "Cấp …")."""
        if self._things is None:
            self._thing_keys = [thing(list(w)) for w in paced(self.main_words)]
            self._things = {}
            for d, key in enumerate(self._thing_keys):
                self._things.setdefault(key, []).append(d)
        key = self._thing_keys[doc]
        return [o for o in self._things[key] if o != doc] if key else []

    def name_share(self, doc: int, plan: Plan) -> float:
        """The share of the query's content (each unit weighted as in the coverage) the name itself
        holds: some phrase of the unit with all its words in the name (the documents and steps
        not counted: a rare word met only there says little of what the procedure is)."""
        words = self.word_set(doc)
        units, total = self.content_weights(plan)
        held = 0.0
        for unit, weight in units:
            if unit.held_by(words):
                held += weight
        return held / total if total else 0.0

    def content_weights(self, plan: Plan) -> tuple[list[tuple[PlanUnit, float]], float]:
        """The plan's content units with their weights (unit_weight) and the weights' sum (added in
        order, as name_share added them): read once per query, not once per hit whose confidence is
        shown (a long story has 30-50 units). A plan is finished when `plan` returns it; the weights
        are those of this index (kept with them)."""
        cached = plan.weighed
        if cached is None or cached[0] is not self:
            units = [(unit, self.unit_weight(unit)) for unit in plan.units if unit.content]
            total = 0.0
            for _unit, weight in units:
                total += weight
            cached = plan.weighed = (self, units, total)
        return cached[1], cached[2]

    def word_set(self, doc: int) -> frozenset[str]:
        """The name's words (folded terms) as a set, once per name."""
        words = self._word_sets.get(doc)
        if words is None:
            words = self._word_sets[doc] = frozenset(self.words[doc])
        return words

    def main_weights(self, doc: int) -> tuple[list[float], float]:
        """The IDF of each main word of the name (`main_words`, 0 for a word without one) and their
        sum, once per name (the IDFs are fixed when the index is built)."""
        cached = self._main_weights.get(doc)
        if cached is None:
            weights = [self.idf.get(w, 0.0) for w in self.main_words[doc]]
            cached = self._main_weights[doc] = (weights, sum(weights))
        return cached

    def explain(self, doc: int, plan: Plan) -> list[dict[str, str]]:
        """Which query words the name holds, and how: same word, i/y variant, synonym, typo."""
        words = set(self.words[doc])
        out = []
        for unit in plan.units:
            typed = " ".join(unit.typed)
            for alt in unit.alternatives:
                if all(w in words for w in alt.words):
                    if alt.label == "typed" and any(fold_plain(w) != folded_form(w) for w in unit.typed):
                        how = "biến thể i/y"
                    else:
                        how = {"typed": "cùng từ", "synonym": "đồng nghĩa", "typo": "sửa lỗi gõ"}[alt.label]
                    out.append(
                        {
                            "query": typed,
                            "name": " ".join(alt.words),
                            "how": how,
                            "intent": "" if unit.content else "từ chỉ ý định (trọng số thấp)",
                        }
                    )
                    break
            else:
                out.append(
                    {
                        "query": typed,
                        "name": "",
                        "how": "không có trong tên",
                        "intent": "" if unit.content else "từ chỉ ý định",
                    }
                )
        return out
