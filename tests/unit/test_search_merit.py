"""People with merit and social-insurance benefits told in citizens' own words (branch merit34).

Real procedures of the whole catalogue (catalogue_large): the names' ranking as it is, with the
shipped events, synonyms and qualifiers."""

from __future__ import annotations

from tests.support.search_engines import assert_first, large_rows
from tthc.search.analysis import folded_form, tokens
from tthc.search.memory import MemoryEngine
from tthc.search.qualifiers import held, qualifiers
from tthc.search.query import SearchQuery


def first(eng: MemoryEngine, text: str) -> str:
    hits = eng.search(SearchQuery(text, per_page=5).normalized()).hits
    return hits[0]["code"] if hits else ""


def test_the_armed_forces_sector_s_procedures_for_civilians_are_no_special_case():
    # "Chính sách" serves the armed forces, but its one-off allowance for state workers and youth
    # volunteers of the border wars, and its benefits for the local security force, are civilians'
    armed = next(i for i, q in enumerate(qualifiers()) if ("luc", "luong", "vu", "trang") in q.names)

    def holds(name: str) -> bool:
        return armed in held([folded_form(w) for w in tokens(name)], "Chính sách")

    assert holds("Cấp thẻ bảo hiểm y tế (thực hiện tại cấp tỉnh)")
    assert not holds(
        "Giải quyết chế độ, chính sách cho người tham gia lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở "
        "chưa tham gia bảo hiểm xã hội mà bị tai nạn, chết khi thực hiện nhiệm vụ"
    )
    assert not holds(
        "Thủ tục giải quyết chế độ trợ cấp một lần đối với công nhân viên chức nhà nước, chuyên gia các ngành; "
        "cán bộ xã, phường, thị trấn; công an xã; thanh niên xung phong trực tiếp tham gia chiến tranh"
    )


def test_a_veteran_who_went_as_a_soldier_gets_the_civilian_agent_orange_benefit(whole):
    # "đi bộ đội" in the war says a veteran now at home, not the police's own benefit (1.004205)
    assert first(whole, "bố tôi hồi trước đi bộ đội ở Quảng Trị bị nhiễm chất độc da cam, giờ làm chế độ") == "1.010816"


def test_a_martyr_s_family_and_a_pensioner_told_in_everyday_words(whole):
    # "hy sinh" for a martyr, "nhang khói" for worship, "lãnh dùm" for collecting in one's place,
    # "dân công" for the front-line porters, "mất sức" for the old invalidity allowance
    cases = {
        "anh trai tôi hy sinh hồi chiến tranh chưa vợ con, giờ tôi lo nhang khói cho anh": "1.010803",
        "ông ngoại đi dân công thời chống Pháp vừa mất, nhà xin tiền lo đám": "1.014359",
        "thương binh đang lãnh trợ cấp mất sức lao động thì hưởng chế độ gì": "1.010809",
        # doubted until "ra bưu điện" was read as where to file (stopwords.json «offices», off41)
        "má yếu quá đi không nổi, nhờ thằng út ra bưu điện lãnh lương hưu dùm": "1.001601",
    }
    assert_first(whole, cases)


def test_hurt_or_killed_on_duty_in_the_local_forces_without_insurance(whole):
    # a new event: the local security team, the disaster-response squad and people called to fight a
    # fire, none of them insured, each with the procedure of their force
    cases = {
        "đội xung kích phòng chống thiên tai của xã đi chống lũ bị thương, chưa có bảo hiểm": "1.010091",
        "dân phòng được huy động chữa cháy bị tai nạn gãy chân, chưa có bảo hiểm gì": "3.000509",
        "tổ bảo vệ an ninh trật tự đi tuần bị ốm nằm viện, chưa có thẻ bảo hiểm y tế": "1.012537",
    }
    assert_first(whole, cases)


def test_a_death_while_insured_and_a_bill_paid_without_the_card(whole):
    cases = {
        "chồng tôi đang đóng bảo hiểm xã hội thì mất, vợ con được nhận tiền tuất hằng tháng không": "2.000821",
        "đi cấp cứu quên mang thẻ bảo hiểm y tế phải tự trả hết tiền, xin bảo hiểm trả lại": "1.001656",
        "chồng tôi đi bộ đội hồi chống Mỹ bị nhiễm chất độc da cam, con gái sinh ra bị dị tật": "1.010817",
    }
    assert_first(whole, cases)


def test_a_martyr_s_file_missing_a_relative_is_no_benefit_of_the_wounded(whole):
    # the papers of people with merit (certificates, files, copies) are their own event: in the
    # wounded veterans' twelve steps, the relatives' step listed tenth never led
    assert first(whole, "hồ sơ của chú liệt sĩ ghi thiếu anh em ruột, phải làm gì để được ghi thêm") == "1.010825"
    assert first(whole, "bố tôi là thương binh, cả nhà chuyển vào Đà Nẵng sống") == "1.010827"


def test_a_choice_listed_late_in_a_long_event_still_leads_when_its_words_tell(whole):
    # relatives' benefits listed together (a remarried widow after the survivor's allowance), the
    # resistance's honours right after the general resistance step, the police's own last
    cases = {
        "chồng em hy sinh ở biên giới năm 1984, sau đó em đi bước nữa mà vẫn nuôi mẹ chồng": "1.010802",
        "ông tôi có bằng khen của tỉnh thời kháng chiến chống Pháp, chưa được hưởng gì": "1.001257",
    }
    assert_first(whole, cases)


def test_incense_and_a_lump_sum_reach_the_names_without_an_event():
    # synonym groups: "nhang khói" / "hương khói" is worship (thờ cúng), "một cục" is "một lần"
    from tthc.catalogue.io import to_record
    from tthc.search.documents import IN_FORCE, document_from_record

    plain = MemoryEngine(
        [document_from_record(to_record(r), IN_FORCE, "2025-01-01") for r in large_rows()], "test", events=[]
    )
    assert first(plain, "hương khói cho anh liệt sĩ") == "1.010803"
    assert first(plain, "đang lãnh lương hưu đi Úc ở luôn nhận 1 cục được không") == "2.000755"


def test_a_martyr_s_family_asking_what_it_receives_is_not_sent_to_the_graves(whole):
    assert first(whole, "chú tôi hy sinh năm 1968, gia đình được hưởng gì") == "1.010801"


def test_a_wrong_decision_and_collecting_for_a_parent_are_told_by_their_own_words(whole):
    cases = {
        "quyết định lương hưu của mẹ ghi sai số năm đóng, xin sửa lại": "1.001710",
        "nhờ con lãnh thay lương hưu": "1.001601",
        "hồ sơ người có công của ba ghi sai năm sinh": "1.010826",
    }
    assert_first(whole, cases)
