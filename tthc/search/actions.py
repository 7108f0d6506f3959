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

from ..text import fold as fold_plain
from .analysis import exact_form, folded_form, tokens

ACTIONS_FILE = Path(__file__).with_name("actions.json")


def _words(phrase: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    words = tokens(phrase)
    return tuple(exact_form(w) for w in words), tuple(folded_form(w) for w in words)


Phrase = tuple[str, ...]


@lru_cache(maxsize=1)
def _groups() -> tuple[tuple[tuple[Phrase, ...], tuple[tuple[Phrase, Phrase], ...], tuple[Phrase, ...]], ...]:
    """(folded actions, (exact, folded) situations, folded actions ruled out) of each group."""
    data = json.loads(ACTIONS_FILE.read_text(encoding="utf-8"))
    return tuple(
        (
            tuple(_words(a)[1] for a in raw["actions"]),
            tuple(_words(s) for s in raw["situations"]),
            tuple(_words(a)[1] for a in raw.get("rules_out", ())),
        )
        for raw in data["actions"]
    )


@lru_cache(maxsize=1)
def _by_first_word() -> dict[str, tuple[tuple[int, Phrase, Phrase], ...]]:
    """Each situation (its group's place, exact and folded words) under its folded first word: a
    query is scanned only for the situations whose first word it holds (most hold none)."""
    found: dict[str, list[tuple[int, Phrase, Phrase]]] = {}
    for at, (_a, situations, _r) in enumerate(_groups()):
        for s_exact, s_folded in situations:
            if s_folded:
                found.setdefault(s_folded[0], []).append((at, s_exact, s_folded))
    return {word: tuple(situations) for word, situations in found.items()}


def implied(
    words: list[str], clauses: tuple[int, ...] = (), beside: Callable[[int], frozenset[str]] | None = None
) -> frozenset[tuple[str, ...]]:
    """The actions (folded word sequences a name starts with) the query's situation words ask for,
    less those a situation rules out (the commune's register is gone: no copy of it, "cấp bản sao",
    whatever "thất lạc" suggests; only "đăng ký lại"). A situation is said within one clause
    (`clauses`, each word's, from the punctuation): "bố mất, giấy tờ nhà đất…" is a death, not "mất
    giấy". `beside` (a query typed without any tones): the spellings the texts give the word at a
    place (NameIndex.spelt_beside); a one-word situation is not said where they read it as another
    word ("the bi mo": bị mờ; "muon mo quan" is mở, "o du an" ở, "cong ty" công)."""
    folded = [folded_form(w) for w in words]
    starting = _by_first_word()
    firsts = starting.keys() & set(folded)
    if not firsts:
        return frozenset()
    exact = [exact_form(w) for w in words]
    toned = [fold_plain(w) != w.lower() for w in words]
    clause = clauses if len(clauses) == len(words) else (0,) * len(words)
    positions: dict[str, list[int]] = {}  # where each first word stands: a situation starts only there
    for place, word in enumerate(folded):
        if word in firsts:
            positions.setdefault(word, []).append(place)
    said = {
        at
        for word in firsts
        for at, s_exact, s_folded in starting[word]
        if _holds(exact, folded, toned, clause, s_exact, s_folded, beside, positions[word])
    }
    groups = _groups()
    out = {action for at in said for action in groups[at][0]}
    ruled_out = {action for at in said for action in groups[at][2]}
    return frozenset(out - ruled_out)


# "không dùng giếng khoan nữa": what is no longer used stands before "nữa"; "ở lại Việt Nam luôn":
# where one stays for good stands before "luôn"
ENDINGS = frozenset(folded_form(w) for w in ("nữa", "luôn"))
ENDING_GAP = 4  # words the thing or the place may take between a situation's verb and its ending
# (four: "không muốn làm trợ giúp pháp lý nữa")


def _holds(
    exact, folded, toned, clause, s_exact: tuple[str, ...], s_folded: tuple[str, ...], beside, starts: list[int]
) -> bool:
    """The situation is said starting at one of `starts` (the places of its first word)."""
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
                return True
    return False


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
    """The longest of `actions` the words start with, else None."""
    return max((a for a in actions if tuple(words[: len(a)]) == a), key=len, default=None)


CASE = (folded_form("trường"), folded_form("hợp"))  # the case a name serves: "… đối với trường hợp …"
EXCEPT = frozenset(folded_form(w) for w in ("trừ", "các"))  # before "trường hợp": a case excepted


LEADS = ((), ("thu", "tuc"), ("dang", "ki"), ("thu", "tuc", "dang", "ki"))


@lru_cache(maxsize=1)
def negation_words() -> tuple[frozenset[str], frozenset[str]]:
    """(negation words, words of possession after which nothing is negated), exact forms (actions.json «negation»)."""
    data = json.loads(ACTIONS_FILE.read_text(encoding="utf-8")).get("negation", {})
    return frozenset(exact_form(w) for w in data.get("words", ())), frozenset(
        exact_form(w) for w in data.get("keep", ())
    )
