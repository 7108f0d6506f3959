"""Queries typed without tones on a phone (pass untone36): a folded syllable that is a person word
(stopwords.json «people») and also another word ("chat": chắt / chặt, "mo": mợ / mở, "trai": con trai
/ trang trại) is a person only where its neighbours say so, elsewhere the content word, so the
untoned situation gets the answer its toned form gets."""

from __future__ import annotations

from tests.support.search_engines import whole_engine
from tthc.search.query import SearchQuery
from tthc.text import fold


def untoned(text: str) -> str:
    return "".join(fold(ch).upper() if ch.isupper() else fold(ch) for ch in text)


def first_code(text: str) -> str:
    hits = whole_engine().search(SearchQuery(text, per_page=5).normalized()).hits
    return hits[0]["code"] if hits else ""


def content_words(text: str) -> set[str]:
    plan = whole_engine().names.plan(text)
    return {w for unit in plan.units if unit.content for w in unit.typed}


def test_untoned_situations_get_the_toned_first_answer():
    stories = [
        "cây xà cừ trước nhà nghiêng sắp đổ, tôi muốn chặt bỏ",
        "mở trại nuôi gà thịt cần giấy gì",
        "mẹ tôi muốn mở tiệm thuốc",
    ]
    got = {s: (first_code(s), first_code(untoned(s))) for s in stories}
    assert all(toned == bare and toned for toned, bare in got.values()), got


def test_a_person_only_form_is_the_content_word_away_from_people():
    assert {"chat", "mo"} <= content_words("muon chat cay, mo cua hang")
    assert "trai" in content_words("mo trai nuoi ga")


def test_a_person_only_form_beside_a_person_stays_a_person():
    assert not {"trai", "chau"} & content_words("em trai toi va chau noi bi mat giay to")
    assert "ong" not in content_words("xin che do cho ong")
    assert "ba" not in content_words("ba bi nhiem chat doc")


def test_toned_queries_read_as_before():
    # typed with tones a word is compared with them: "chắt" is a person, "chặt" is not
    assert "chắt" not in content_words("con cháu chắt tôi")
    assert "chặt" in content_words("muốn chặt cây")
