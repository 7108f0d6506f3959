"""Word-level diff of Vietnamese text.

Tokens are NFC words with their trailing whitespace (`\\S+\\s*`), never whitespace on its own: with
`autojunk=False` (required, the default junk heuristic mis-aligns frequent syllables such as "hồ", "sơ")
separate whitespace tokens make difflib quadratic (notes/perf.md §5).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..text import nfc

_LEAD_WS_RE = re.compile(r"^\s+")

# An op is (tag, text) with tag "equal", "delete" or "insert"; "replace" is split into delete + insert.
Op = tuple[str, str]


def tokens(text: str) -> list[str]:
    """Words with trailing whitespace; leading whitespace, if any, is its own first token."""
    text = nfc(text or "")
    lead = _LEAD_WS_RE.match(text)
    rest = text[lead.end() :] if lead else text
    return ([lead.group(0)] if lead else []) + re.findall(r"\S+\s*", rest)


def _compare_key(token: str) -> str:
    # A word at the end of a line and the same word followed by a space are the same word.
    return token.rstrip()


def word_ops(before: str, after: str) -> list[Op]:
    """The edit from `before` to `after` as merged ops: equal+insert texts joined give `after` exactly,
    equal+delete give `before` up to whitespace (words compare without their trailing space)."""
    a, b = tokens(before), tokens(after)
    matcher = SequenceMatcher(None, [_compare_key(t) for t in a], [_compare_key(t) for t in b], autojunk=False)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            # Same words; keep the new spacing so the "after" side reconstructs exactly.
            _push(ops, "equal", "".join(b[j1:j2]))
        else:
            if i2 > i1:
                _push(ops, "delete", "".join(a[i1:i2]))
            if j2 > j1:
                _push(ops, "insert", "".join(b[j1:j2]))
    return ops


def _push(ops: list[Op], tag: str, text: str) -> None:
    if not text:
        return
    if ops and ops[-1][0] == tag:
        ops[-1] = (tag, ops[-1][1] + text)
    else:
        ops.append((tag, text))


def similarity(before: str, after: str) -> float:
    """0..1, how much of two texts is the same, measured on words."""
    a = [_compare_key(t) for t in tokens(before)]
    b = [_compare_key(t) for t in tokens(after)]
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
