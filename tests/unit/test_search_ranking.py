"""How citizens write, class by class (small fixtures, no database): i/y spellings, typos on short
syllables, everyday phrasing, the general procedure before its special cases, honest answers when
nothing fits. The full measure is tests/search_eval/run.py over 3,065 real procedures."""

from __future__ import annotations

import pytest

from tthc.search.analysis import exact_form, folded_form
from tthc.search.documents import SearchDocument
from tthc.search.memory import MemoryEngine
from tthc.search.query import SearchQuery
from tthc.search.stopwords import is_stop_word as is_intent

OTHERS = [  # real names that share incidental words with the queries below
    "Trợ cấp tiền tuất, tai nạn cho lực lượng xung kích phòng chống thiên tai cấp xã",
    "Đăng ký thường trú",
    "Đăng ký tạm trú",
    "Cấp giấy thông hành biên giới Việt Nam – Lào cho công dân Việt Nam",
    "Đăng ký khai thác nước mặt, nước biển",
    "Khai thuế đối với hộ kinh doanh, cá nhân kinh doanh",
    "Thông báo địa điểm kinh doanh của hộ kinh doanh, cá nhân kinh doanh",
]


def engine(*names: str) -> MemoryEngine:
    docs = [
        SearchDocument(
            code=f"T{i:02d}", name=name, level="xa", sector="", agency="", status="in_force", valid_from="2025-01-01"
        )
        for i, name in enumerate(list(names) + OTHERS)
    ]
    return MemoryEngine(docs, "test")


def ask(engine: MemoryEngine, text: str):
    return engine.search(SearchQuery(text, explain=True).normalized())


def first(engine: MemoryEngine, text: str) -> str:
    hits = ask(engine, text).hits
    return hits[0]["name"] if hits else ""


# 1. i/y spellings are one word -------------------------------------------------------------------
def test_i_and_y_spellings_are_the_same_word():
    assert folded_form("kí") == folded_form("ký") and exact_form("kí") == exact_form("ký")
    assert folded_form("lí") == folded_form("lý") and exact_form("mĩ") == exact_form("mỹ")
    assert folded_form("huy") != folded_form("hui") and folded_form("tay") != folded_form("tai")  # other words
    assert folded_form("y") == "y"


@pytest.mark.parametrize("text", ["đăng kí kết hôn", "dang ki ket hon", "đăng ký kết hôn"])
def test_i_y_variant_finds_the_official_spelling(text):
    found = engine("Thủ tục đăng ký kết hôn", "Thủ tục đăng ký khai tử")
    assert first(found, text) == "Thủ tục đăng ký kết hôn"
    result, official = ask(found, text), ask(found, "đăng ký kết hôn")
    assert result.matched_all_words and result.total == official.total  # the same word, not a near miss
    assert all(m["how"] != "sửa lỗi gõ" for m in result.hits[0]["explain"]["matches"])


def test_i_y_variant_inside_a_longer_name():
    found = engine("Chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật", "Chứng thực di chúc")
    assert first(found, "chứng thực chữ kí người dịch").startswith("Chứng thực chữ ký người dịch")


# 2. typos: only for words no name holds, agreeing with the rest of the query ----------------------
def test_a_known_short_word_is_never_turned_into_another():
    found = engine(
        "Cấp tài khoản định danh điện tử mức độ 01 cho công dân Việt Nam", "Thủ tục hải quan đối với tàu biển quá cảnh"
    )
    result = ask(found, "tài khoản định danh")
    assert result.hits[0]["name"].startswith("Cấp tài khoản định danh")
    assert all("tàu" not in h["name"] for h in result.hits)  # tài is a word: never read as tàu
    mixed = ask(found, "tài khoản hải quan")
    assert mixed.corrections == {} and all(
        m["how"] != "sửa lỗi gõ" for h in mixed.hits for m in h["explain"]["matches"]
    )


def test_typo_corrected_to_the_word_the_query_agrees_with():
    found = engine("Chứng thực di chúc", "Cấp giấy phép nhập khẩu thuốc thú y")
    result = ask(found, "chung thuc di chuk")
    assert result.hits[0]["name"] == "Chứng thực di chúc" and result.corrections == {"chuk": "chuc"}


def test_typo_only_match_never_outranks_a_name_with_the_other_words():
    found = engine("Đăng ký khai sinh", "Đăng ký kinh doanh xăng dầu")
    # "sinnh" is one letter from "sinh"; the name holding the other words wins anyway
    assert first(found, "đăng ký khai sinnh") == "Đăng ký khai sinh"
    assert ask(found, "đăng ký khai sinnh").corrections == {"sinnh": "sinh"}


# 3. everyday phrasing ----------------------------------------------------------------------------
def test_intent_words_do_not_decide():
    assert is_intent("làm") and is_intent("xin") and is_intent("tôi") and not is_intent("hôn")
    found = engine(
        "Thủ tục đăng ký khai sinh",
        "Thủ tục ghi vào Sổ hộ tịch việc hộ tịch khác (khai sinh; giám hộ; nhận cha, mẹ, con)",
    )
    assert first(found, "làm giấy khai sinh cho con") == "Thủ tục đăng ký khai sinh"
    assert first(found, "tôi muốn đăng ký khai sinh cho con tôi mới sinh") == "Thủ tục đăng ký khai sinh"


def test_everyday_names_map_to_official_ones():
    found = engine(
        "Đăng ký thành lập hộ kinh doanh", "Thủ tục đăng ký khai tử", "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân"
    )
    assert first(found, "mở hộ kinh doanh") == "Đăng ký thành lập hộ kinh doanh"
    assert first(found, "làm giấy chứng tử") == "Thủ tục đăng ký khai tử"
    assert first(found, "xin giấy xác nhận độc thân") == "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân"


def test_a_query_never_needs_all_its_words():
    found = engine("Tuyển sinh trung học cơ sở", "Thủ tục đăng ký khai sinh")
    assert first(found, "dang ky tuyen sinh vao lop 6") == "Tuyển sinh trung học cơ sở"


# 4. the general procedure before its special cases -----------------------------------------------
def test_general_procedure_before_special_cases():
    found = engine(
        "Cấp lại tem “AB” trong trường hợp hộ chiếu bị mất, hư hỏng ở trong nước",
        "Trình báo mất hộ chiếu phổ thông",
        "Cấp hộ chiếu phổ thông ở trong nước",
    )
    assert first(found, "hộ chiếu phổ thông") == "Cấp hộ chiếu phổ thông ở trong nước"
    assert first(found, "mất hộ chiếu phổ thông") == "Trình báo mất hộ chiếu phổ thông"  # asked for


def test_granting_before_withdrawing_unless_asked():
    found = engine(
        "Thu hồi chứng chỉ hành nghề luật sư",
        "Cấp Chứng chỉ hành nghề luật sư đối với người đạt yêu cầu kiểm tra kết quả tập sự",
    )
    assert first(found, "chứng chỉ hành nghề luật sư").startswith("Cấp Chứng chỉ")
    assert first(found, "thu hồi chứng chỉ hành nghề luật sư") == "Thu hồi chứng chỉ hành nghề luật sư"


# 5. honest answers -------------------------------------------------------------------------------
def test_nothing_fits_is_said_with_a_few_closest_and_no_false_highlights():
    found = engine(
        "Đăng ký việc nuôi con nuôi trong nước",
        "Cấp giấy phép hoạt động phát điện",
        "Cấp giấy phép kinh doanh karaoke, vũ trường",
        "Đăng ký lại việc nuôi con nuôi trong nước",
        "Thủ tục đăng ký tham gia trợ giúp pháp lý",
    )
    result = ask(found, "cap giay phep xay dung")
    assert result.nothing_fits and not result.matched_all_words and len(result.hits) <= 3
    assert result.total == len(result.hits)
    typed = {"cap", "giay", "phep", "xay", "dung"}
    marked = {folded_form(p["text"]) for h in result.hits for p in h["name_parts"] if p["mark"]}
    assert marked <= typed  # only real matches are marked (never "động" for "dung")
    assert result.suggestion == ""  # nothing invented ("cap giay phep xác dung")


def test_a_real_match_is_not_called_nothing():
    found = engine("Thủ tục đăng ký khai sinh", "Đăng ký việc nuôi con nuôi trong nước")
    result = ask(found, "đăng ký khai sinh")
    assert not result.nothing_fits and result.hits[0]["name"] == "Thủ tục đăng ký khai sinh"


def test_every_search_path_highlights_only_real_matches():
    """Code lookups, browsing and the name ranking share one highlighting: a name word one letter
    away from a query word (tài for tàu) is never marked, the same folded word is."""
    from tthc.search.query import rank_candidates

    doc = {"code": "1.000001", "name": "Cấp tài khoản định danh điện tử", "status": "in_force"}
    [hit] = rank_candidates(SearchQuery("tàu dinh danh").normalized(), [(1.0, doc)])
    assert [p["text"] for p in hit["name_parts"] if p["mark"]] == ["định", "danh"]
    assert "<mark>tài</mark>" not in str(hit["name_html"])


# 8. a situation asks for an action in other words (actions.json) -----------------------------------
PAPERS = {  # national code → real name (catalogue_large): land certificates, vehicle registrations
    "1.012783": "Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
    "1.012786": "Cấp lại Giấy chứng nhận do bị mất",
    "1.012790": "Đính chính Giấy chứng nhận đã cấp.",
    "1.013080": "Cấp lại chứng nhận đăng ký xe, biển số xe thực hiện bằng dịch vụ công trực tuyến toàn trình",
    "1.013065": "Thu hồi chứng nhận đăng ký xe, biển số xe thực hiện bằng dịch vụ công toàn trình",
    "1.013079": "Đổi chứng nhận đăng ký xe, biển số xe bằng dịch vụ công trực tuyến một phần hoặc trực tiếp",
}


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("sổ đỏ bị ghi sai diện tích", "1.012790"),
        ("sổ đỏ bị rách nát", "1.012783"),
        ("so do bi that lac", "1.012786"),
        ("xe máy cũ nát bán sắt vụn rồi, giấy đăng ký xe và biển số xe thì sao", "1.013065"),
    ],
)
def test_what_happened_to_the_paper_picks_the_action(text, wanted):
    found = MemoryEngine(
        [
            SearchDocument(
                code=c, name=n, level="tinh", sector="", agency="", status="in_force", valid_from="2025-01-01"
            )
            for c, n in PAPERS.items()
        ],
        "test",
    )
    assert ask(found, text).hits[0]["code"] == wanted


def test_the_grant_itself_still_comes_first_when_nothing_happened_to_the_paper():
    found = engine("Cấp giấy chứng nhận quyền sử dụng đất lần đầu", *PAPERS.values())
    assert first(found, "giấy chứng nhận quyền sử dụng đất").startswith("Cấp giấy")


def test_the_share_a_name_holds_counts_its_own_words_not_its_documents():
    from tthc.search.names import NameIndex

    names = [  # real names (catalogue_large, Đường bộ)
        "Cấp Giấy phép kinh doanh vận tải bằng xe ô tô, bằng xe bốn bánh có gắn động cơ",
        "Cấp, cấp lại Phù hiệu cho xe ô tô, xe bốn bánh có gắn động cơ kinh doanh vận tải",
    ]
    index = NameIndex(names)
    plan = index.plan("xin giấy phép kinh doanh vận tải taxi ở đâu")
    licence, badge = index.name_share(0, plan), index.name_share(1, plan)
    assert licence > badge > 0.0  # "taxi", met only in the badge's documents, is held by neither name


def test_correcting_a_grant_comes_after_the_grant_unless_the_query_says_it_is_wrong():
    found = engine("Hiệu đính thông tin đăng ký doanh nghiệp", "Đăng ký thành lập doanh nghiệp tư nhân")
    assert first(found, "đăng ký doanh nghiệp") == "Đăng ký thành lập doanh nghiệp tư nhân"
    assert first(found, "thông tin đăng ký doanh nghiệp bị ghi sai") == "Hiệu đính thông tin đăng ký doanh nghiệp"


def test_a_name_repeating_the_query_s_words_is_not_covered_more():
    # "việc ly hôn, hủy việc kết hôn" holds "việc" and "hôn" twice: no more of it is what is asked
    divorce = (
        "Thủ tục ghi vào Sổ hộ tịch việc ly hôn, hủy việc kết hôn của công dân Việt Nam đã được giải quyết "
        "tại cơ quan có thẩm quyền của nước ngoài"
    )
    marriage = (
        "Thủ tục ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam đã được giải quyết tại cơ quan có "
        "thẩm quyền của nước ngoài"
    )
    eng = engine(divorce, marriage, "Thủ tục đăng ký kết hôn")
    story = (
        "năm ngoái tôi lấy vợ người Hàn Quốc, đã đăng ký kết hôn ở bên Hàn rồi, giờ về Việt Nam muốn ghi vào "
        "sổ hộ tịch việc kết hôn đó"
    )
    assert first(eng, story) == marriage


def test_the_cases_a_name_lists_in_parentheses_do_not_make_it_unsure():
    permit = (
        "Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV (Công trình không theo tuyến/Theo tuyến "
        "trong đô thị/Tín ngưỡng, tôn giáo/Tượng đài, tranh hoành tráng/Theo giai đoạn cho công trình không theo "
        "tuyến/Dự án) và nhà ở riêng lẻ"
    )
    eng = engine(permit, "Cấp giấy phép xây dựng, cải tạo, nâng cấp đường ngang")
    result = ask(eng, "xin giấy phép xây dựng mới cho nhà ở riêng lẻ")
    assert result.hits[0]["name"] == permit and not result.nothing_fits


def test_a_procedure_s_conditions_are_part_of_its_searched_text():
    """The conditions (requirements) a procedure sets tell who it is for as much as its documents
    do: of two procedures named alike, the one whose conditions hold the query's words comes first.
    The body is searched, never shown."""
    from tthc.search.documents import document_from_record

    def doc(code: str, requirements: str):
        record = {"code": code, "name": "Cấp chứng chỉ hành nghề hạng II", "requirements": requirements}
        return document_from_record(record, "in_force", "2025-01-01")

    other, surveying = doc("A", ""), doc("B", "Cá nhân có ít nhất 02 năm tham gia hoạt động đo đạc và bản đồ")
    assert "đo đạc và bản đồ" in surveying.body and "requirements" not in surveying.stored()
    found = MemoryEngine([other, surveying], "test")
    result = found.search(SearchQuery("chứng chỉ hành nghề đo đạc bản đồ").normalized())
    assert [h["code"] for h in result.hits][:1] == ["B"]
