"""Civil status and residence told in citizens' own words (branch civ35).

Real procedures of the whole catalogue (catalogue_large): the names' ranking as it is, with the
shipped events, synonyms and qualifiers."""

from __future__ import annotations

from tests.support.search_engines import assert_first, assert_first_but_doubted, large_rows
from tthc.search.events import shipped_events
from tthc.search.memory import MemoryEngine
from tthc.search.qualifiers import asked, qualifiers
from tthc.search.query import SearchQuery

FIELDS = ("Hộ tịch", "Đăng ký, quản lý cư trú")


def answer(eng: MemoryEngine, text: str):
    return eng.search(SearchQuery(text, per_page=5).normalized())


def test_every_procedure_of_civil_status_and_residence_is_a_step_of_some_event():
    # the two fields citizens ask about most: each of their procedures is reached by a life event
    stepped = {code for event in shipped_events() for step in event.steps for code in step.codes}
    missing = sorted(r["code"] for r in large_rows() if r["field"] in FIELDS and r["code"] not in stepped)
    assert missing == []


def test_a_foreign_nationality_named_with_quoc_tich_asks_for_the_foreign_case():
    foreign = next(i for i, q in enumerate(qualifiers()) if ("co", "yeu", "to", "nuoc", "ngoai") in q.names)
    assert foreign in asked("chú nó quốc tịch Mỹ đang làm giám hộ")
    assert foreign in asked("bà nội tôi quốc tịch Pháp mất ở Sài Gòn")
    assert foreign not in asked("xin nhập quốc tịch Mỹ cho con")
    assert foreign in asked("nhận nuôi một bé gái bên Đức")


def test_splitting_a_household_staying_guests_and_removing_a_registration(whole):
    # Tách hộ, Thông báo lưu trú, Xóa đăng ký thường trú: no event reached the first two, and
    # "tách hộ khẩu" sat in the moving event whose steps hold no Tách hộ
    assert_first(
        whole,
        {
            "ra riêng muốn tách sổ hộ khẩu khỏi nhà ba má": "1.010038",
            "cưới vợ rồi muốn tách hộ ra riêng": "1.010038",
            "bạn ở quê lên ngủ lại nhà mấy đêm có phải báo công an không": "2.001159",
            "nhà có khách ngủ lại qua đêm thì báo lưu trú ở đâu": "2.001159",
            "con đi định cư bên Mỹ luôn rồi, xóa hộ khẩu cho nó ở đâu": "1.003197",
            "nhà bán rồi mà chủ cũ vẫn chưa cắt hộ khẩu": "1.003197",
            "ở nhờ nhà người quen muốn nhập hộ khẩu, công an đòi xác nhận diện tích đủ 8m2 một người, xin ở đâu": (
                "1.013314"
            ),
        },
    )


def test_guardianship_and_the_foreign_variants_of_civil_status(whole):
    assert_first(
        whole,
        {
            "ba má thằng nhỏ mất hết trong tai nạn, tôi là dì ruột muốn đứng ra nuôi và lo giấy tờ cho nó": "1.004837",
            "chau toi du 18 tuoi roi, nguoi giam ho la chu no quoc tich My, muon thoi giam ho thi lam gi": "2.000756",
            "bà nội tôi quốc tịch Pháp mất ở Sài Gòn năm 1995, đã khai tử rồi nhưng sổ ở phường mất hết, "
            "giờ làm lại giấy chứng tử": "2.000497",
            "người Lào làm thuê ở xã biên giới bên này bị bệnh mất, gia đình bên kia muốn làm giấy báo tử": "1.004827",
            "bố đứa bé muốn nhận con, hai người chưa cưới": "1.001022",
            "cuoi vo cung xa thi can mang giay to gi len uy ban": "1.000894",
            # doubted by the model of session 39, no longer by the one reading the query's length (conf40)
            "cháu tôi quốc tịch Mỹ, năm sinh trong giấy khai sinh làm ở Việt Nam bị ghi sai, muốn sửa lại": "2.000748",
        },
    )


def test_step_conditions_in_everyday_words_do_not_pull_the_general_case_away(whole):
    # a condition naming the loss ("mất", "cháy") or the country would draw the queries of the
    # neighbouring steps: these stay where they were
    assert_first(
        whole,
        {
            "giấy đăng ký kết hôn bị cháy, ở xã cũng không còn sổ lưu": "1.004746",
            "làm mất giấy khai sanh, xin bản sao ở đâu": "2.000635",
            "con trai tôi sắp lấy vợ người Nhật": "2.000806",
            "xin giấy xác nhận cư trú": "1.010041",
        },
    )
    # right first, on the edge of the confidence floor: doubted by the models of session 38 and of
    # the end of session 39, sure by the one fitted between (see assert_first_but_doubted)
    assert_first_but_doubted(
        whole,
        {"chồng tôi người Úc, hai vợ chồng vừa sinh con ở Việt Nam, cần làm giấy khai sinh cho cháu": "2.000528"},
    )


def test_a_case_the_event_s_title_names_is_the_event_s_own(whole):
    # (pass ht35) the events of acts done abroad: their names say "… tại cơ quan có thẩm quyền của
    # nước ngoài", no phrase of the foreign case, yet the country the query names is that case; the
    # foreign marriage registration no longer takes the answer from the event
    for text in (
        "chúng tôi đăng ký kết hôn bên Nhật, về Việt Nam xã bảo chưa có trong sổ",
        "chúng tôi cưới ở Đài Loan, giờ về Việt Nam sống",
    ):
        hits = answer(whole, text).hits
        assert (hits[0]["code"], hits[0].get("event")) == ("2.002189", "ho-tich-o-nuoc-ngoai"), text


def test_a_special_step_not_asked_for_tells_its_general_sibling(whole):
    # (pass ht35) the foreign end of guardianship's condition holds "cháu đã đủ 18 tuổi": for a
    # query naming no foreign party its words tell the general end of guardianship, not the
    # registration of a guardian listed first
    assert_first(
        whole,
        {
            "em tôi giờ đã đủ 18 tuổi, tôi xin chấm dứt giám hộ": "1.004845",
            "cháu đủ 18 tuổi rồi, tôi muốn dứt việc giám hộ cho cháu": "1.004845",
        },
    )
    # a foreign guardian still gets the foreign end
    hits = answer(whole, "chồng tôi người Hàn là giám hộ của cháu, nay cháu đã đủ 18 tuổi, muốn chấm dứt").hits
    assert hits[0]["code"] == "2.000756"


def test_border_and_abroad_cases_told_by_the_country(whole):
    # (pass ht35) the border variants of civil status named by the neighbouring country and the
    # border commune: the border-pass event, which held every "Campuchia", no longer takes them;
    # a marriage made in Korea is recorded at home, not registered again as a foreign marriage
    assert_first(
        whole,
        {
            "chồng người Campuchia, ở xã giáp biên, con mới sinh": "1.000110",
            "cưới ở Hàn Quốc rồi, về nước giấy kết hôn có giá trị không": "2.002189",
        },
    )


def test_ong_xa_and_ba_xa_are_a_husband_and_a_wife_not_a_commune(whole):
    # (pass ht35) "xã" of "ông xã", "bà xã" read as a commune drew the border-commune variants
    assert_first(
        whole,
        {
            "bà xã tôi người Nhật, mới sinh con ở Hà Nội": "2.000528",
        },
    )
    # right first; conf40's model doubted so short a story, the refit of session 41 no longer does
    assert_first(whole, {"ông xã tôi mới mất tuần trước": "1.000656"})
