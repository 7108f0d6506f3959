"""What a situation asks to do with a paper, an account or a business (`actions.json`, reviewed data).

Citizens tell what happened to the thing they hold, not the procedure's verb: "sổ đỏ ghi sai tên"
asks for *Đính chính* Giấy chứng nhận, "tài khoản VNeID bị khóa" for *Mở khóa*, "giấy kết hôn bị
cháy, xã không còn sổ" for *Đăng ký lại* kết hôn, "xe nát bán sắt vụn" for *Thu hồi* đăng ký, biển
số. Names that start by repeating or withdrawing a grant (Cấp lại, Gia hạn, Thu hồi…) rank after
the grant itself unless the query asks for them (names.REPEATING, REVOKING): the situation words
ask for them in other words. A name starting with an action the situation asks for is treated as
asked (no penalty) and ranks a little before the others (names.WEIGHTS["action"]).
Words compare with their tones when typed with tones, folded otherwise."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..text import fold as fold_plain
from .analysis import exact_form, folded_form, tokens

ACTIONS_FILE = Path(__file__).with_name("actions.json")


def _words(phrase: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    words = tokens(phrase)
    return tuple(exact_form(w) for w in words), tuple(folded_form(w) for w in words)


Phrase = tuple[str, ...]


@lru_cache(maxsize=1)
def _groups() -> tuple[
    tuple[tuple[Phrase, ...], tuple[tuple[Phrase, Phrase], ...], tuple[Phrase, ...], tuple[Phrase, ...]], ...
]:
    """(folded actions, (exact, folded) situations, folded actions ruled out, folded actions asked
    otherwise) of each group."""
    data = json.loads(ACTIONS_FILE.read_text(encoding="utf-8"))
    return tuple(
        (
            tuple(_words(a)[1] for a in raw["actions"]),
            tuple(_words(s) for s in raw["situations"]),
            tuple(_words(a)[1] for a in raw.get("rules_out", ())),
            tuple(_words(a)[1] for a in raw.get("otherwise", ())),
        )
        for raw in data["actions"]
    )


class Asked(NamedTuple):
    """What the query's situation words ask for: `actions`, the actions a name may start with;
    `otherwise`, each action asked only of a thing none of whose names starts with one of the
    actions paired with it ("mờ hết chữ": Cấp đổi, or Cấp lại where no name of the thing is Cấp
    đổi: "Cấp lại Thẻ công chứng viên")."""

    actions: frozenset[Phrase]
    otherwise: frozenset[tuple[Phrase, frozenset[Phrase]]]
    # each word saying a situation (its place in the query's words) with what that situation asks
    # for (actions, and actions otherwise): a name starting with one holds the word
    places: tuple[tuple[int, frozenset[Phrase], frozenset[tuple[Phrase, frozenset[Phrase]]]], ...] = ()


@lru_cache(maxsize=1)
def _by_first_word() -> dict[str, tuple[tuple[int, Phrase, Phrase], ...]]:
    """Each situation (its group's place, exact and folded words) under its folded first word: a
    query is scanned only for the situations whose first word it holds (most hold none)."""
    found: dict[str, list[tuple[int, Phrase, Phrase]]] = {}
    for at, (_a, situations, _r, _o) in enumerate(_groups()):
        for s_exact, s_folded in situations:
            if s_folded:
                found.setdefault(s_folded[0], []).append((at, s_exact, s_folded))
    return {word: tuple(situations) for word, situations in found.items()}


def implied(
    words: list[str], clauses: tuple[int, ...] = (), beside: Callable[[int], frozenset[str]] | None = None
) -> frozenset[tuple[str, ...]]:
    """The actions the query's situation words ask for (`asked`, its actions)."""
    return asked(words, clauses, beside).actions


NOTHING_ASKED = Asked(frozenset(), frozenset())


def asked(
    words: list[str],
    clauses: tuple[int, ...] = (),
    beside: Callable[[int], frozenset[str]] | None = None,
    typed: list[str] | None = None,
) -> Asked:
    """The actions (folded word sequences a name starts with) the query's situation words ask for,
    less those a situation rules out (the commune's register is gone: no copy of it, "cấp bản sao",
    whatever "thất lạc" suggests; only "đăng ký lại"). A situation is said within one clause
    (`clauses`, each word's, from the punctuation): "bố mất, giấy tờ nhà đất…" is a death, not "mất
    giấy". `beside` (a query typed without any tones): the spellings the texts give the word at a
    place (NameIndex.spelt_beside); a one-word situation is not said where they read it as another
    word ("the bi mo": bị mờ; "muon mo quan" is mở, "o du an" ở, "cong ty" công). `typed`: the
    words as typed, where the reading (`words`) dropped tones that make no syllable it knows; a
    one-word situation is not said by a word typed with other tones ("còi hụ" is no "hư"). With
    them, the actions the situations ask for only otherwise (`Asked.otherwise`)."""
    folded = [folded_form(w) for w in words]
    starting = _by_first_word()
    firsts = starting.keys() & set(folded)
    if not firsts:
        return NOTHING_ASKED
    exact = [exact_form(w) for w in words]
    toned = [fold_plain(w) != w.lower() for w in words]
    # each word's exact form as typed with tones (None: typed without): one-word situations
    spelt = [exact_form(w) if fold_plain(w) != w.lower() else None for w in typed or words]
    clause = clauses if len(clauses) == len(words) else (0,) * len(words)
    positions: dict[str, list[int]] = {}  # where each first word stands: a situation starts only there
    for place, word in enumerate(folded):
        if word in firsts:
            positions.setdefault(word, []).append(place)
    said: dict[int, set[int]] = {}  # each group said → the places of the words saying it
    for word in firsts:
        for at, s_exact, s_folded in starting[word]:
            places = _holds(exact, folded, toned, clause, s_exact, s_folded, beside, positions[word], spelt)
            if places:
                said.setdefault(at, set()).update(places)
    groups = _groups()
    out = {action for at in said for action in groups[at][0]}
    ruled_out = {action for at in said for action in groups[at][2]}
    otherwise = {
        (action, frozenset(groups[at][0]))
        for at in said
        for action in groups[at][3]
        if action not in out and action not in ruled_out
    }
    actions = frozenset(out - ruled_out)
    by_place: dict[int, tuple[set[Phrase], set[tuple[Phrase, frozenset[Phrase]]]]] = {}
    for at, held in said.items():
        for place in held:
            asks, instead = by_place.setdefault(place, (set(), set()))
            asks.update(a for a in groups[at][0] if a in actions)
            instead.update(o for o in otherwise if o[1] == frozenset(groups[at][0]))
    return Asked(
        actions,
        frozenset(otherwise),
        tuple((place, frozenset(a), frozenset(i)) for place, (a, i) in sorted(by_place.items())),
    )


# "không dùng giếng khoan nữa": what is no longer used stands before "nữa"; "ở lại Việt Nam luôn":
# where one stays for good stands before "luôn"; "xin phép xây 2 tầng rồi": what was permitted
# stands before "rồi"
ENDINGS = frozenset(folded_form(w) for w in ("nữa", "luôn", "rồi"))
ENDING_GAP = 4  # words the thing or the place may take between a situation's verb and its ending
# (four: "không muốn làm trợ giúp pháp lý nữa")


def _holds(
    exact,
    folded,
    toned,
    clause,
    s_exact: tuple[str, ...],
    s_folded: tuple[str, ...],
    beside,
    starts: list[int],
    spelt: list[str | None],
) -> list[int] | None:
    """The places of the situation's words, said starting at one of `starts` (the places of its
    first word); None where it is not said."""
    n = len(s_folded)
    gaps = range(ENDING_GAP + 1) if n > 1 and s_folded[-1] in ENDINGS else range(1)
    for at in starts:
        if at > len(folded) - n:
            break
        for gap in gaps:
            places = [*range(at, at + n - 1), at + n - 1 + gap]
            if places[-1] >= len(folded):
                break
            if clause[places[0]] != clause[places[-1]]:
                continue
            if tuple(folded[p] for p in places) == s_folded and all(
                not toned[p] or exact[p] == s_exact[i] for i, p in enumerate(places)
            ):
                if n == 1 and beside is not None and (read := beside(at)) and s_exact[0] not in read:
                    continue  # one untoned word the texts read another way in its place
                if n == 1 and spelt[at] is not None and spelt[at] != s_exact[0]:
                    continue  # typed with other tones, dropped in the reading
                return places
    return None


def starts_with(name_words: list[str], actions: frozenset[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The longest of `actions` a name's folded words start with, after "Thủ tục" and a registration
    ("Đăng ký chấm dứt giám sát việc giám hộ" starts with chấm dứt), or else the case the name
    serves starts with ("Cho thuê nhà ở cũ … đối với trường hợp ký lại hợp đồng thuê": ký lại; not
    the case it excepts, "trừ trường hợp …", "ngoài các trường hợp …")."""
    for lead in LEADS:
        if tuple(name_words[: len(lead)]) == lead and (found := _longest_at(name_words[len(lead) :], actions)):
            return found
    for at in range(len(name_words) - 2):
        served = tuple(name_words[at : at + 2]) == CASE and (at == 0 or name_words[at - 1] not in EXCEPT)
        if served and (found := _longest_at(name_words[at + 2 :], actions)):
            return found
    return None


def _longest_at(words: list[str], actions: frozenset[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The longest of `actions` the words start with, else None. A plain grant ("cấp", "đăng ký",
    `PLAIN`) is not said by a name opening with a longer verb ("Cấp lại …", "Đăng ký lại …"): a
    first application asks for the first grant, not for its reissue."""
    found = max((a for a in actions if tuple(words[: len(a)]) == a), key=len, default=None)
    if found in PLAIN and len(_opening_at(words)) > len(found):
        return None
    return found


def _opening_at(words: list[str]) -> tuple[str, ...]:
    """The longest opening verb (`OPENING`) the words start with, else ()."""
    return max((a for a in OPENINGS if tuple(words[: len(a)]) == a), key=len, default=())


CASE = (folded_form("trường"), folded_form("hợp"))  # the case a name serves: "… đối với trường hợp …"
EXCEPT = frozenset(folded_form(w) for w in ("trừ", "các"))  # before "trường hợp": a case excepted


LEADS = ((), ("thu", "tuc"), ("dang", "ki"), ("thu", "tuc", "dang", "ki"))
# the verbs a name opens with, and the words joining two of them ("Cấp lại, sửa đổi, bổ sung giấy
# phép …", "Đăng ký và cấp sổ thuyền viên"); not actions.json's, some of which are things
# ("thường trú": "Xóa đăng ký thường trú")
OPENING = tuple(
    tuple(folded_form(w) for w in tokens(a))
    for a in (
        "cấp",
        "cấp mới",
        "cấp lại",
        "cấp đổi",
        "cấp điều chỉnh",
        "cấp bổ sung",
        "cấp gia hạn",
        "gia hạn",
        "điều chỉnh",
        "sửa đổi",
        "bổ sung",
        "thay đổi",
        "đăng ký",
        "đăng ký lại",
        "đăng ký thay đổi",
        "xóa đăng ký",
        "xóa",
        "thu hồi",
        "chấm dứt",
        "tạm ngừng",
        "tạm dừng",
        "tiếp tục",
        "hủy",
        "hủy bỏ",
        "đổi",
        "đính chính",
        "hiệu đính",
        "khôi phục",
        "dừng",
        "trả lại",
        "trình báo mất",
        "cấp bản sao",
        "và",
        "hoặc",
    )
)


# the first grant's verbs (actions.json, "lần đầu"): said only by a name they open without a
# longer verb following ("Cấp giấy phép …", not "Cấp lại giấy phép …")
PLAIN = frozenset(tuple(folded_form(w) for w in tokens(a)) for a in ("cấp", "cấp mới", "đăng ký"))
# the openings that act on a thing already there (a paper issued, a marriage registered, a return
# filed): a name opening with one is never the step a story tells as done, it follows that step
FIRST_GRANTS = PLAIN | frozenset(tuple(folded_form(w) for w in tokens(a)) for a in ("và", "hoặc"))
FOLLOW_UPS = frozenset(a for a in OPENING if a not in FIRST_GRANTS) | frozenset(
    tuple(folded_form(w) for w in tokens(a)) for a in ("ghi vào sổ", "ghi chú", "khai bổ sung", "cấp lại")
)


def follows_up(name_words: list[str]) -> bool:
    """The name (folded words) opens with an action on a thing already there (FOLLOW_UPS: Cấp lại,
    Điều chỉnh, Gia hạn, Ghi vào sổ hộ tịch…), after "Thủ tục" and a registration."""
    return starts_with(name_words, FOLLOW_UPS) is not None


def thing(name_words: list[str]) -> tuple[str, ...]:
    """What a name acts on: its folded words after "Thủ tục" and the actions it opens with ("Cấp
    lại, sửa đổi, bổ sung giấy phép X" and "Cấp giấy phép X": giấy phép X). Names acting on the
    same thing are one family of variants."""
    words = list(name_words)
    if tuple(words[:2]) == LEADING:
        words = words[2:]
    while found := _longest_at(words, OPENINGS):
        words = words[len(found) :]
    return tuple(w for w in words if w != NEW)  # "Cấp giấy phép xây dựng mới đối với …": the first grant


LEADING = ("thu", "tuc")
NEW = "moi"
OPENINGS = frozenset(OPENING)


@lru_cache(maxsize=1)
def negation_words() -> tuple[frozenset[str], frozenset[str]]:
    """(negation words, words of possession after which nothing is negated), exact forms (actions.json «negation»)."""
    data = json.loads(ACTIONS_FILE.read_text(encoding="utf-8")).get("negation", {})
    return frozenset(exact_form(w) for w in data.get("words", ())), frozenset(
        exact_form(w) for w in data.get("keep", ())
    )
