"""General before special, by family (pass gs35): a name that is another name with a special case
added (qualifiers.json) is its special sibling; a life event's step stands for the sibling the query
asks for, though the event lists only the general procedure. Real names and codes (catalogue_large)."""

from __future__ import annotations

import json
import lzma
from pathlib import Path

from tests.support.search_engines import names_engine
from tthc.search.memory import MemoryEngine
from tthc.search.names import NameIndex
from tthc.search.query import SearchQuery

LARGE = Path(__file__).parents[1] / "search_eval" / "catalogue_large.jsonl.xz"

GUARDIANS = {  # the giam-ho event lists all but the foreign termination (2.000756)
    "1.004837": "Thủ tục đăng ký giám hộ",
    "1.001669": "Thủ tục đăng ký giám hộ có yếu tố nước ngoài",
    "1.004845": "Thủ tục đăng ký chấm dứt giám hộ",
    "2.000756": "Thủ tục đăng ký chấm dứt giám hộ có yếu tố nước ngoài",
    "3.000323": "Đăng ký giám sát việc giám hộ",
    "3.000322": "Đăng ký chấm dứt giám sát việc giám hộ",
}


def engine(codes: dict[str, str]) -> MemoryEngine:
    return names_engine(codes)


def first(eng: MemoryEngine, text: str) -> str:
    hits = eng.search(SearchQuery(text).normalized()).hits
    return hits[0]["code"] if hits else ""


def test_a_special_sibling_is_the_name_with_the_case_added_and_nothing_else():
    names = [
        "Thủ tục đăng ký chấm dứt giám hộ",
        "Thủ tục đăng ký chấm dứt giám hộ có yếu tố nước ngoài",
        "Gia hạn tạm trú",
        "Gia hạn tạm trú cho người nước ngoài tại Việt Nam (thực hiện tại cấp tỉnh)",
        "Thủ tục đăng ký khai sinh",
        "Thủ tục đăng ký lại khai sinh có yếu tố nước ngoài",
        "Thủ tục đăng ký khai tử lưu động",
    ]
    index = NameIndex(names, [f"T{i}" for i in range(len(names))])
    assert [d for d, _cases in index.special_siblings(0)] == [1]
    assert [d for d, _cases in index.special_siblings(2)] == [3]
    # "đăng ký lại … có yếu tố nước ngoài" adds an action too: another procedure, no sibling
    assert index.special_siblings(4) == []
    assert index.special_siblings(1) == []  # the special one has no sibling below it


def _civil_status() -> MemoryEngine:
    """The catalogue's civil-status and nationality names (catalogue_large), so the events lead."""
    with lzma.open(LARGE, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    words = ("giám hộ", "quốc tịch", "hộ tịch", "khai sinh", "nuôi con")
    return engine({r["code"]: r["name"] for r in rows if any(w in r["name"].lower() for w in words)})


def test_an_event_step_stands_for_the_special_sibling_the_query_asks_for():
    eng = _civil_status()
    # the giam-ho event lists "chấm dứt giám hộ" only; a foreign guardian asks for its foreign sibling
    hits = eng.search(
        SearchQuery("chồng tôi người Hàn là giám hộ của cháu, nay cháu đã đủ 18 tuổi, muốn chấm dứt").normalized()
    ).hits
    assert (hits[0]["code"], hits[0].get("event")) == ("2.000756", "giam-ho")
    hits = eng.search(
        SearchQuery("chồng tôi là giám hộ của cháu, nay cháu đã đủ 18 tuổi, muốn chấm dứt").normalized()
    ).hits
    assert hits[0]["code"] == "1.004845"
    assert "2.000756" not in [h["code"] for h in hits[:3]]


def test_a_guardian_of_another_nationality_ending_the_guardianship_gets_the_foreign_procedure():
    eng = engine(GUARDIANS)
    assert first(eng, "tôi quốc tịch Úc đang giám hộ cháu ở Việt Nam, cháu đủ tuổi rồi muốn thôi giám hộ") == "2.000756"
    assert first(eng, "cháu đủ tuổi rồi, tôi muốn thôi làm người giám hộ") == "1.004845"


def test_stopping_guardianship_is_said_thôi_as_often_as_chấm_dứt():
    eng = engine(GUARDIANS)
    assert first(eng, "thôi giám hộ cho cháu") == "1.004845"
    assert first(eng, "tôi muốn thôi giám sát việc giám hộ") == "3.000322"


def _catalogue(*words: str) -> MemoryEngine:
    with lzma.open(LARGE, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return engine({r["code"]: r["name"] for r in rows if any(w in r["name"].lower() for w in words)})


def test_a_chosen_step_whose_name_holds_the_query_leads_when_no_step_s_words_tell_them_apart():
    # the event's title holds both countries, so no step's own words tell them apart: the name does
    eng = _catalogue("liên vận", "lái xe", "mầm non", "mẫu giáo", "nhà trẻ")
    hits = eng.search(
        SearchQuery("tự lái xe ô tô nhà qua campuchia du lịch thì cần xin giấy phép gì").normalized()
    ).hits
    assert (hits[0]["code"], hits[0].get("event")) == ("1.001023", "lai-xe-rieng-sang-lao-campuchia")
    assert (
        eng.search(SearchQuery("lái xe riêng sang Lào chơi cần giấy tờ gì").normalized()).hits[0]["code"] == "1.002856"
    )
    # a private kindergarten is the school, not the independent class listed first
    hits = eng.search(SearchQuery("muốn mở trường mầm non tư thục").normalized()).hits
    assert hits[0]["code"] == "1.012961"
