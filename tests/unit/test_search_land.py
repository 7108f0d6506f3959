"""Land and attestation told in citizens' own words (branch land35).

Real procedures of the whole catalogue (catalogue_large): the names' ranking as it is, with the
shipped events, synonyms and qualifiers."""

from __future__ import annotations

from tests.support.search_engines import assert_first, large_rows
from tthc.search.events import shipped_events
from tthc.search.memory import MemoryEngine
from tthc.search.qualifiers import asked, qualifiers
from tthc.search.query import SearchQuery


def answer(eng: MemoryEngine, text: str):
    return eng.search(SearchQuery(text, per_page=5).normalized())


def test_every_attestation_procedure_a_citizen_files_in_the_commune_is_a_step_of_some_event():
    stepped = {code for event in shipped_events() for step in event.steps for code in step.codes}
    commune = sorted(r["code"] for r in large_rows() if r["field"] == "Chứng thực" and r.get("level") == "xa")
    assert [c for c in commune if c not in stepped] == []


def test_a_real_estate_project_is_a_special_case_the_query_must_ask_for():
    project = next(i for i, q in enumerate(qualifiers()) if ("du", "an", "bat", "dong", "san") in q.names)
    assert project in asked("mua căn hộ chung cư của chủ đầu tư, bao giờ có sổ hồng")
    assert project not in asked("sang tên sổ đỏ cho con gái")


def test_a_sure_name_for_a_special_case_not_asked_gives_way_to_the_event(whole):
    # "sang tên sổ đỏ" is word for word the buyer's certificate in a real-estate project, but the
    # query asks for no project: the sale-and-gift event's registration of the transfer comes first
    assert_first(whole, {"sang tên sổ đỏ cho con gái": "1.013831", "sang ten so do cho con": "1.013831"})


def test_a_certified_contract_amended_corrected_or_copied(whole):
    assert_first(
        whole,
        {
            "hợp đồng tặng cho đất đã chứng thực ở xã bị đánh máy sai tên người nhận": "2.000927",
            "hai bên muốn hủy hợp đồng ủy quyền đã chứng thực ở phường": "2.000913",
        },
    )


def test_farm_land_whose_term_ends_and_an_heir_giving_up_a_share(whole):
    assert_first(
        whole,
        {
            "ruộng của nhà tôi hết hạn 50 năm rồi, có được tiếp tục trồng lúa không": "1.013947",
            "tôi không muốn nhận phần đất ba để lại, nhường cho em gái": "2.001016",
        },
    )


def test_the_communes_translator(whole):
    assert_first(whole, {"cộng tác viên dịch thuật của xã dịch học bạ, chứng thực chữ ký người dịch": "2.000992"})
