"""General before special, by structure: qualifier words are data (`qualifiers.json`).

A procedure name that adds a qualifier the query does not ask for (có yếu tố nước ngoài, lưu động,
khu vực biên giới, quân sự, Công an nhân dân, cho người đã có hồ sơ…, cấp trung ương) ranks below the
general procedure; a qualifier the query names in other words (a nationality → yếu tố nước ngoài,
"trong quân đội" → quân sự) promotes the special one. Words compare with their tones when the citizen
typed tones, folded otherwise."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..text import fold as fold_plain
from .analysis import exact_form, folded_form, tokens

QUALIFIERS_FILE = Path(__file__).with_name("qualifiers.json")
DEMOTE = 0.2  # a special case the query did not ask for
PROMOTE = 0.3  # a special case the query named in other words
ALSO_LISTED = 0.25  # share of DEMOTE for another country a name lists beside the one asked for


@dataclass(frozen=True)
class Qualifier:
    names: tuple[tuple[str, ...], ...]  # folded word sequences found in procedure names
    triggers: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # (exact, folded) words in queries
    promote_only: bool = False  # two cases that are both general (ages): never demoted
    sectors: frozenset[str] = frozenset()  # folded sectors (lĩnh vực) whose procedures are all this case
    # a name holding the case holds the query's words saying it ("người Lào" → có yếu tố nước ngoài);
    # not for who applies ("công ty" says who asks, not which procedure: "của tổ chức" in many names)
    said_by_name: bool = True
    spelt: tuple[tuple[str, ...], ...] = ()  # the name phrases with their tones ("cấp bộ", never "cấp bổ sung")
    # the phrase joins two procedures ("khai sinh kết hợp … nhận cha, mẹ, con"): a query naming both
    # asks for the joined one
    joins: bool = False
    # … but for a procedure whose name holds one of these (folded) phrases: the sector's procedure for
    # civilians ("thanh niên xung phong", "lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở")
    sector_except: tuple[tuple[str, ...], ...] = ()
    # a trigger right after one of these (folded) words says no case: "nhập quốc tịch Đức" is the
    # nationality the citizen takes, "bà nội quốc tịch Pháp" a foreign party
    not_after: frozenset[str] = frozenset()
    # triggers that say the case only beside other words of the query: (exact, folded) words and the
    # folded phrases one of which the query must also hold. "nuôi" says farming on the sea when the
    # query names the sea's surface ("giao mặt biển … thả nuôi hàu"), nothing in "nuôi tôm lồng bè"
    in_context: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, ...], ...]], ...] = ()
    # a country (`countries` in qualifiers.json): a name naming it is promoted when the query names
    # it and demoted only when the query names another country ("sang Lào" → the Lao border pass,
    # not the Chinese one); a query naming none leaves it be. Its names are no query phrase: the
    # triggers say it ("Lào" with its tone, never "lao động")
    country: bool = False
    # a name phrase right after one of these (folded) phrases holds no case: "theo yêu cầu của tổ
    # chức, cá nhân" says who may ask, not the organisations' own procedure
    name_not_after: tuple[tuple[str, ...], ...] = ()


def _words(phrase: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    words = tokens(phrase)
    return tuple(exact_form(w) for w in words), tuple(folded_form(w) for w in words)


@lru_cache(maxsize=1)
def qualifiers() -> tuple[Qualifier, ...]:
    data = json.loads(QUALIFIERS_FILE.read_text(encoding="utf-8"))
    return _cases(data) + _countries(data)


def _countries(data: dict) -> tuple[Qualifier, ...]:
    """One case per country of `countries`: its names as the catalogue spells them, its triggers
    how people name it (the country, a citizen of it, going or being there)."""
    return tuple(
        Qualifier(
            tuple(_words(n)[1] for n in raw["names"]),
            tuple(_words(t) for t in raw["triggers"]),
            spelt=tuple(_words(n)[0] for n in raw["names"]),
            country=True,
        )
        for raw in data.get("countries", ())
    )


def abroad_triggers(data: dict) -> list[str]:
    """Going or being in a country of `countries` ("sang Nhật", "bên Hàn", "tại Lào"): the
    `abroad` case's triggers made from each country's `where` words and the `abroad_before` words."""
    return [
        f"{before} {where}"
        for raw in data.get("countries", ())
        for where in raw.get("where", ())
        for before in data.get("abroad_before", ())
    ]


def _cases(data: dict) -> tuple[Qualifier, ...]:
    return tuple(
        Qualifier(
            tuple(_words(n)[1] for n in raw["qualifier"]),
            tuple(_words(t) for t in raw["triggers"] + (abroad_triggers(data) if raw.get("abroad") else [])),
            bool(raw.get("promote_only")),
            frozenset(" ".join(_words(s)[1]) for s in raw.get("sectors", ())),
            bool(raw.get("said_by_name", True)),
            tuple(_words(n)[0] for n in raw["qualifier"]),
            bool(raw.get("joins")),
            tuple(_words(n)[1] for n in raw.get("sector_except", ())),
            frozenset(w for n in raw.get("not_after", ()) for w in _words(n)[1]),
            tuple(
                (*_words(t), tuple(_words(n)[1] for n in group["needs"]))
                for group in raw.get("in_context", ())
                for t in group["triggers"]
            ),
            name_not_after=tuple(_words(n)[1] for n in raw.get("name_not_after", ())),
        )
        for raw in data["qualifiers"]
    )


@lru_cache(maxsize=1)
def _by_first_word() -> dict[str, list[tuple[int, tuple[str, ...], tuple[str, ...], tuple[tuple[str, ...], ...]]]]:
    """Folded first word → (qualifier, exact words, folded words, phrases one of which the query
    must also hold) of every trigger and name phrase."""
    out: dict[str, list[tuple[int, tuple[str, ...], tuple[str, ...], tuple[tuple[str, ...], ...]]]] = {}
    for i, q in enumerate(qualifiers()):
        phrases = [(e, f, ()) for e, f in q.triggers]
        if not q.country:
            phrases += [((), n, ()) for n in q.names]  # a name phrase compares folded
        for t_exact, t_folded, needs in phrases + list(q.in_context):
            if t_folded:
                out.setdefault(t_folded[0], []).append((i, t_exact, t_folded, needs))
    return out


Sides = Callable[[list[str], int], list[frozenset[str]]]


def asked(text: str, sides: Sides | None = None) -> set[int]:
    """The qualifiers (by position) the query names, itself or in other words."""
    return {i for i, _start, _end in spans(tokens(text), sides)}


def _read_otherwise(t_exact: tuple[str, ...], at: int, folded: list[str], sides: Sides) -> bool:
    """A trigger spelt with tones, met by an untoned query's folded words, that the query's
    neighbours read otherwise: for a word of it with tones, some side of the query (the word
    before, the word after) beside which the events' texts spell the word (`sides`) spells it so
    nowhere ("nguoi lao dong": lao động, not Lào; "xe bi mat": bị, not Bỉ). Where no text holds
    the word beside either neighbour, nothing tells: the trigger counts as before."""
    for offset, exact in enumerate(t_exact):
        if exact == folded[at + offset]:
            continue
        if any(exact not in side for side in sides(folded, at + offset) if side):
            return True
    return False


def spans(words: list[str], sides: Sides | None = None) -> list[tuple[int, int, int]]:
    """(qualifier, first word, end) of every phrase in the words (NFC lower-case tokens) naming a
    qualifier, itself or in other words: the words that say the special case ("người Lào" → có
    yếu tố nước ngoài, "xã sát biên giới" → khu vực biên giới). `sides`: how the events' texts spell
    a word beside each of its neighbours (NameIndex.spelt_sides), to read an untoned query's
    triggers (`_read_otherwise`)."""
    exact = [exact_form(w) for w in words]
    folded = [folded_form(w) for w in words]
    toned = any(fold_plain(w) != w.lower() for w in words)
    index = _by_first_word()
    table = qualifiers()
    out = []
    text = f" {' '.join(folded)} "
    for at, word in enumerate(folded):
        for i, t_exact, t_folded, needs in index.get(word, ()):
            n = len(t_folded)
            if t_exact and at and folded[at - 1] in table[i].not_after:
                continue  # a trigger (not a name phrase) the word before says otherwise
            if needs and not any(f" {' '.join(p)} " in text for p in needs):
                continue  # a trigger that says the case only beside words the query lacks
            if toned and t_exact:
                if tuple(exact[at : at + n]) == t_exact:
                    out.append((i, at, at + n))
            elif tuple(folded[at : at + n]) == t_folded:
                if not toned and t_exact and sides is not None and _read_otherwise(t_exact, at, folded, sides):
                    continue
                out.append((i, at, at + n))
    return out


def held(name_words: list[str], sector: str = "", spelt: list[str] | None = None) -> tuple[int, ...]:
    """The qualifiers (by position) a name (folded words) holds, or its sector (a sector serving only
    the special case: "Chính sách" holds the armed forces' own procedures, whatever their names).
    `spelt`: the name's words with their tones (exact forms), when known: a phrase then compares
    with its tones ("cấp Bộ" is no "Cấp bổ sung", though both fold to "cap bo")."""
    text = f" {' '.join(name_words)} "
    toned = f" {' '.join(spelt)} " if spelt is not None else ""
    field = " ".join(_words(sector)[1]) if sector else ""
    return tuple(
        i
        for i, q in enumerate(qualifiers())
        if any(
            _phrase_in(n, text, q.name_not_after) and (not toned or f" {' '.join(e)} " in toned)
            for n, e in zip(q.names, q.spelt, strict=True)
        )
        or (field and field in q.sectors and not any(f" {' '.join(n)} " in text for n in q.sector_except))
    )


def _phrase_in(phrase: tuple[str, ...], text: str, not_after: tuple[tuple[str, ...], ...]) -> bool:
    """The folded `phrase` is in `text` (" "-padded folded words) at least once where no phrase of
    `not_after` ends right before it."""
    needle = f" {' '.join(phrase)} "
    at = text.find(needle)
    while at >= 0:
        if not any(text[: at + 1].endswith(f" {' '.join(n)} ") for n in not_after):
            return True
        at = text.find(needle, at + 1)
    return False


JOINED_SKIP = frozenset(folded_form(w) for w in ("đăng", "ký", "cấp", "thủ", "tục", "làm"))  # bare actions


def joined(name_words: list[str], holds: tuple[int, ...], vocabulary: set[str]) -> set[int]:
    """The joining qualifiers a name (folded words) holds whose both sides the query names: the
    word before the phrase and the first word after it that is no bare action ("đăng ký") are in
    the query's vocabulary (folded). "làm khai sinh và nhận cha cùng lúc" asks for "đăng ký khai
    sinh kết hợp đăng ký nhận cha, mẹ, con"."""
    table = qualifiers()
    out = set()
    for i in holds:
        if not table[i].joins:
            continue
        for phrase in table[i].names:
            n = len(phrase)
            for at in range(1, len(name_words) - n):
                if tuple(name_words[at : at + n]) != phrase:
                    continue
                after = next((w for w in name_words[at + n :] if w not in JOINED_SKIP), "")
                if name_words[at - 1] in vocabulary and after in vocabulary:
                    out.add(i)
    return out


# how a name's special case stands to the query (`_standings`), and what each costs or earns it
ASKED, GENERAL, ALSO_LISTED_COUNTRY, UNASKED = "asked", "general", "also listed", "unasked"
CHANGE = {ASKED: PROMOTE, GENERAL: 0.0, ALSO_LISTED_COUNTRY: -(DEMOTE * ALSO_LISTED), UNASKED: -DEMOTE}


def adjustment(holds: tuple[int, ...], wanted: set[int]) -> float:
    """Score change of a name holding these qualifiers: promoted for one the query asks for,
    demoted for one it does not."""
    return sum(CHANGE[standing] for standing in _standings(holds, wanted))


def _standings(holds: tuple[int, ...], wanted: set[int]) -> list[str]:
    """For each qualifier the name holds, in order: asked for by the query; general (never
    demoted); another country listed beside the one asked for; or a special case not asked for."""
    table = qualifiers()
    other_country = any(table[i].country for i in wanted)
    # a name listing the asked country among others ("sang Cuba, Lào, Trung Hoa") serves it: the
    # other countries cost it only a little (one naming the asked country alone goes first)
    serves = any(table[i].country and i in wanted for i in holds)
    return [
        ASKED
        if i in wanted
        else GENERAL
        if _general(table[i], other_country)
        else ALSO_LISTED_COUNTRY
        if serves and table[i].country
        else UNASKED
        for i in holds
    ]


def _general(case: Qualifier, other_country: bool) -> bool:
    """A case never demoted: both cases general (ages), or a country when the query names none."""
    return case.promote_only or (case.country and not other_country)


def unasked(holds: tuple[int, ...], wanted: set[int]) -> bool:
    """A name holding these qualifiers holds a special case the query does not ask for (one that
    `adjustment` demotes), whatever else it holds that the query asks for: "khai tử có yếu tố nước
    ngoài tại khu vực biên giới" for a French husband who died in Đà Nẵng holds the foreign party
    asked for and the border area not asked for."""
    return UNASKED in _standings(holds, wanted)
