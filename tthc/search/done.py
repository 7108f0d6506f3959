"""What a query tells as done already: the parts of a story that happened before the question.

A citizen who writes "ông nội mất, đã làm giấy báo tử xong rồi, … hỏa táng có được hỗ trợ
không" has registered the death: the step of the life event whose own words that part holds (Đăng
ký khai tử) is behind them, and the question is about a later one. Queries reach search without
their punctuation (`SearchQuery.normalized`), so the parts are told by their words: a part told as
done starts at "đã" and runs to "xong" or "rồi" (included), to a word that turns to what the person
wants now ("giờ", "nay", "mà", "muốn"…: TURNING) or to DONE_SPAN words; or it ends in "xong" or
"rồi" and starts after the last turning word or done part ("con làm khai sinh xong rồi giờ …",
"cháu đủ 18 tuổi rồi tôi muốn …"). A part holding a word of asking or not-yet ("chưa", "không",
"sao"…: ASKING) is no done part ("đã có sổ chưa").

Untoned "da" is left out (da, đá, đà: skin, stone, already); untoned "xong" and "roi" are read
as typed ("rơi" ends no part of a story)."""

from __future__ import annotations

from collections.abc import Sequence

from .analysis import exact_form, folded_form, tokens

START = exact_form("đã")  # only typed with its tone
ENDS = frozenset({"xong", "roi"})  # folded: "xong", "rồi" typed with or without tones
DONE_SPAN = 8  # a done part holds at most this many words (a story without a turning word)
# words that turn from what happened to what the person wants now, or give a reason or a purpose
TURNING = ("giờ", "nay", "mà", "nhưng", "thì", "muốn", "cần", "xin", "định", "nên", "để", "vì", "do", "sau", "khi")
# the turning words of wishing or planning: the part after one is wanted, not done
WISHING = ("muốn", "cần", "định", "để")  # not "xin": "xin phép xây 2 tầng rồi" was asked and given
# after "rồi", words that make it "then": "… rồi mới làm lại"
THEN = ("mới", "sẽ")
# words of asking, wishing, needing, not yet: a part holding one is no done part
ASKING = ("chưa", "không", "sao", "nào", "đâu", "gì", "hỏi", "nhờ")


def _table(words: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """(exact forms, folded forms) of a word list: a word typed with tones compares with the exact
    forms ("đỏ" is no "do"), one typed without them with the folded forms ("gio" is "giờ")."""
    return frozenset(exact_form(w) for w in words), frozenset(folded_form(w) for w in words)


def _one_of(word: str, table: tuple[frozenset[str], frozenset[str]]) -> bool:
    return folded_form(word) in table[1] if word.isascii() else exact_form(word) in table[0]


_TURNING, _ASKING, _WISHING, _THEN = _table(TURNING), _table(ASKING), _table(WISHING), _table(THEN)


def _done_spans(words: list[str]) -> list[tuple[int, int]]:
    """(start, end) of the parts of the tokens told as done, end excluded."""
    folded = [folded_form(w) for w in words]
    spans: list[tuple[int, int]] = []
    boundary = 0  # where a part ending in "xong" / "rồi" may start
    wished = False  # the part since the boundary follows a word of wishing
    at = 0
    while at < len(words):
        if exact_form(words[at]) == START:
            end = at + 1
            while end < len(words) and end - at < DONE_SPAN and not _one_of(words[end], _TURNING):
                end += 1
                if folded[end - 1] in ENDS:
                    break
            spans.append((at, end))
            at = boundary = end
            continue
        if _one_of(words[at], _TURNING):
            boundary = at + 1
            wished = _one_of(words[at], _WISHING)
        elif folded[at] in ENDS and at > boundary:
            # a part the person wants, or a "rồi mới" (then only), tells a plan, not what is done:
            # "muốn nghỉ kinh doanh một năm rồi mới làm lại"
            if not wished and not (at + 1 < len(words) and _one_of(words[at + 1], _THEN)):
                spans.append((max(boundary, at + 1 - DONE_SPAN), at + 1))
            boundary = at + 1
            wished = False
        at += 1
    return [(a, b) for a, b in spans if not any(_one_of(w, _ASKING) for w in words[a:b])]


def done_positions(text: str) -> list[bool]:
    """For each token of the text (`tokens`), whether it lies in a part told as done."""
    return _done_flags(tokens(text))


def _done_flags(words: list[str]) -> list[bool]:
    out = [False] * len(words)
    for a, b in _done_spans(words):
        out[a:b] = [True] * (b - a)
    return out


def done_units(text: str, typed: Sequence[Sequence[str]]) -> frozenset[int]:
    """The positions of the query's units (`typed`: each unit's words as typed, in order, a
    subsequence of the text's tokens: asking words are no unit) all of whose words lie in clauses
    told as done. Units that cannot be found in order are left out."""
    words = tokens(text)
    done = _done_flags(words)
    found: set[int] = set()
    at = 0
    for i, unit in enumerate(typed):
        n = len(unit)
        start = next((j for j in range(at, len(words) - n + 1) if words[j : j + n] == list(unit)), None)
        if start is None:
            continue
        if n and all(done[start : start + n]):
            found.add(i)
        at = start + n
    return frozenset(found)
