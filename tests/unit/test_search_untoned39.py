"""A query typed without any tones: each folded word read by the spellings the life events' texts
give it beside its neighbours (pass untone39). One-word situations ("mờ", "ố", "cong": a worn
card), one-word everyday phrases (the boat "xuồng", "VAT") and stop words ("mợ", "chắt") are met
only where that reading allows them; a query typed with tones is read as before."""

from __future__ import annotations

from tests.support.search_engines import names_engine, whole_engine
from tthc.search.query import SearchQuery

WORN = ("cap", "doi")  # the action a worn or damaged paper asks for (actions.json)


def small():
    return names_engine(
        {
            "1.014063": "Cấp đổi thẻ căn cước",
            "1.001193": "Thủ tục đăng ký khai sinh",
            "3.000275": "Mở khóa tài khoản định danh điện tử (thực hiện tại cấp tỉnh)",
            "1.002693": "Cấp giấy phép chặt hạ, dịch chuyển cây xanh",
        }
    )


def test_the_events_texts_tell_how_an_untoned_word_reads_in_its_place():
    names = small().names
    assert "mơ2" in names.spelt_beside(["muon", "mo", "quan"], 1)  # "muốn mở"
    assert "mơ1" in names.spelt_beside(["the", "bi", "mo"], 2)  # "bị mờ"
    # no neighbour tells: the spelling the texts use most, unless asked for neighbours only
    assert names.spelt_beside(["gam", "rach", "te"], 1) == {"rach4"}
    assert not names.spelt_beside(["gam", "rach", "te"], 1, commonest=False)


def test_a_one_word_situation_typed_without_tones_needs_its_reading():
    # "mờ", "ố", "cong" (a worn card) folded met "mở", "ở", "công" in every other untoned query:
    # "toi dinh mo quan karaoke o thi tran" asked to renew (cấp đổi) a security licence
    names = small().names
    assert WORN not in names.plan("toi dinh mo quan karaoke o thi tran").actions
    assert WORN not in names.plan("mua can ho o du an, chu dau tu ban giao nha").actions
    assert WORN not in names.plan("truoc cong chua").actions
    assert WORN in names.plan("the can cuoc bi mo").actions
    assert WORN in names.plan("the can cuoc bi cong").actions
    assert WORN in names.plan("so do bi chuot gam rach te tua").actions  # no neighbour tells: rách
    # typed with tones: compared by spelling, as before
    assert WORN in names.plan("thẻ căn cước bị mờ").actions
    assert WORN not in names.plan("tôi định mở quán karaoke").actions


def test_a_one_word_everyday_phrase_is_not_met_where_the_word_reads_otherwise():
    names = small().names

    def phrases(text: str) -> list[list[str]]:
        return [[" ".join(a.words) for a in u.alternatives] for u in names.plan(text).units]

    # "xuống cấp" is no boat (xuồng), "vật liệu" no VAT: their untoned words met both groups
    assert all(len(p) == 1 for p in phrases("muon xay lai can nha cap bon da xuong cap"))
    assert all(len(p) == 1 for p in phrases("cho vat lieu xay dung"))
    # where the texts read the word so, or nothing tells, the phrase is met as before
    assert any("gtgt" in p for p in phrases("nop thue vat"))
    assert any("thuyen" in p for p in phrases("chiec xuong bi chim"))


def test_an_untoned_stop_word_the_events_spell_as_another_word_beside_it_is_content():
    # "mo" folds from mợ (a person: a stop word) and mở; "chat" from chắt and chặt. No name pairs
    # them with "muon", but the events write "muốn mở", "muốn chặt", never with the person
    names = small().names
    assert not names.intent_at(["muon", "mo", "truong", "mam", "non"], 1, untoned=True)
    assert not names.intent_at(["muon", "chat", "cay"], 1, untoned=True)
    # a word the texts use most as the stop word stays one ("chồng", "thì"), and one typed with
    # tones elsewhere in the query is read as typed
    assert names.intent_at(["chong", "toi", "mat"], 0, untoned=True)
    assert names.intent_at(["chong", "toi", "mat"], 1, untoned=True)
    assert names.intent_at(["lich", "thi", "xin"], 1, untoned=True)


def test_untoned_everyday_queries_on_the_whole_catalogue():
    eng = whole_engine()

    def first(text: str) -> str:
        result = eng.search(SearchQuery(text, per_page=5).normalized())
        return "" if result.nothing_fits or not result.hits else result.hits[0]["code"]

    assert first("muon mo truong mam non tu thuc") == "1.012961"
    assert first("toi dinh mo quan karaoke o thi tran") in {"2.001478", "1.003204"}
    assert first("tôi định mở quán karaoke ở thị trấn") in {"2.001478", "1.003204"}
