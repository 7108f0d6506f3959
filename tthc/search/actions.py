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
from functools import lru_cache
from pathlib import Path

from ..text import fold as fold_plain
from .analysis import exact_form, folded_form, tokens

ACTIONS_FILE = Path(__file__).with_name("actions.json")


def _words(phrase: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    words = tokens(phrase)
    return tuple(exact_form(w) for w in words), tuple(folded_form(w) for w in words)


@lru_cache(maxsize=1)
def _groups() -> tuple[tuple[tuple[tuple[str, ...], ...], tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]], ...]:
    """(folded actions, (exact, folded) situations) of each group."""
    data = json.loads(ACTIONS_FILE.read_text(encoding="utf-8"))
    return tuple(
        (tuple(_words(a)[1] for a in raw["actions"]), tuple(_words(s) for s in raw["situations"]))
        for raw in data["actions"]
    )


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The folded first word of every situation: a query holding none of them implies nothing."""
    return frozenset(s_folded[0] for _actions, situations in _groups() for _s, s_folded in situations if s_folded)


def implied(words: list[str]) -> frozenset[tuple[str, ...]]:
    """The actions (folded word sequences a name starts with) the query's situation words ask for."""
    folded = [folded_form(w) for w in words]
    if _first_words().isdisjoint(folded):
        return frozenset()
    exact = [exact_form(w) for w in words]
    toned = [fold_plain(w) != w.lower() for w in words]
    out: set[tuple[str, ...]] = set()
    for actions, situations in _groups():
        if any(_holds(exact, folded, toned, s_exact, s_folded) for s_exact, s_folded in situations):
            out.update(actions)
    return frozenset(out)


def _holds(exact, folded, toned, s_exact: tuple[str, ...], s_folded: tuple[str, ...]) -> bool:
    n = len(s_folded)
    for at in range(len(folded) - n + 1):
        if tuple(folded[at : at + n]) == s_folded and all(
            not toned[at + i] or exact[at + i] == s_exact[i] for i in range(n)
        ):
            return True
    return False


def starts_with(name_words: list[str], actions: frozenset[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The longest of `actions` a name's folded words start with."""
    found = [a for a in actions if tuple(name_words[: len(a)]) == a]
    return max(found, key=len) if found else None
