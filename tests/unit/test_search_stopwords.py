"""Words that do not say which procedure (stopwords.json, reviewed data): asking, people, time and
place are read out of a citizen's sentence; a province's name never puts a procedure naming it first;
a stop word typed without tones counts only where no name word folds to it; an everyday phrase typed
with tones matches only its own spelling."""

from __future__ import annotations

import json

from tests.support.search_engines import names_engine
from tthc.search.analysis import parse_units, tokens
from tthc.search.memory import MemoryEngine
from tthc.search.names import NameIndex
from tthc.search.query import SearchQuery
from tthc.search.stopwords import STOPWORDS_FILE, without_phrases


def engine(names: dict[str, str]) -> MemoryEngine:
    return names_engine(names)


def test_the_data_is_reviewed_words_and_phrases():
    data = json.loads(STOPWORDS_FILE.read_text(encoding="utf-8"))
    assert {"asking", "people", "time", "place", "glue"} <= set(data["words"])
    assert {"asking", "time", "place"} <= set(data["phrases"])
    for group in list(data["words"].values()) + list(data["phrases"].values()):
        assert group == [w for w in group if w == w.strip().lower()]
    # words that name procedures are never stop words: a citizen's "lại", "bảo", "họ", "nội" count
    words = {w for group in data["words"].values() for w in group}
    assert not words & {"lại", "bảo", "họ", "nội", "ngoại", "chỉ", "lần", "hết", "định", "qua"}


def test_asking_time_and_place_phrases_leave_the_query():
    words = tokens("cho tôi hỏi hôm qua ở Thanh Hóa bố tôi mất thì phải làm gì")
    assert without_phrases(words) == tokens("ở bố tôi mất thì")
    assert without_phrases(tokens("cho toi hoi o thanh hoa dang ky tam tru o dau")) == tokens("o dang ky tam tru")
    assert without_phrases(tokens("Hà Nội")) == ["hà", "nội"]  # nothing else: kept


def test_a_province_named_in_a_story_puts_no_procedure_naming_it_first():
    eng = engine(
        {
            "3.000215": "Quyết định chủ trương chuyển mục đích sử dụng rừng sang mục đích khác của Hội đồng nhân dân "
            "các tỉnh: Thanh Hóa, Nghệ An",
            "1.004194": "Đăng ký tạm trú",
        }
    )
    result = eng.search(SearchQuery("em quê Thanh Hóa vào Đồng Nai làm công nhân, cần đăng ký tạm trú").normalized())
    assert result.hits[0]["code"] == "1.004194"


def test_an_untoned_stop_word_counts_only_where_no_name_word_folds_to_it():
    care = NameIndex(["Cấp, cấp lại, điều chỉnh giấy phép hoạt động đối với cơ sở trợ giúp xã hội"])
    assert care.is_intent("cô") and not care.is_intent("co")  # "co" may be "cơ" (cơ sở), a name word
    plain = NameIndex(["Thủ tục đăng ký khai sinh"])
    assert plain.is_intent("co") and plain.is_intent("toi") and not plain.is_intent("sinh")


def test_an_everyday_phrase_typed_with_tones_matches_only_its_spelling():
    assert not parse_units(["chưa"])[0].is_synonym  # "chưa" (not yet) is no "chùa" (pagoda)
    assert parse_units(["chùa"])[0].is_synonym
    assert parse_units(["chua"])[0].is_synonym  # typed without tones: any spelling


CIVIL = {
    "1.001193": "Thủ tục đăng ký khai sinh",
    "1.004884": "Thủ tục đăng ký lại khai sinh",
    "1.000894": "Thủ tục đăng ký kết hôn",
    "1.014064": "Cấp lại thẻ căn cước",
    "1.011470": "Phê duyệt Phương án khai thác gỗ, thực vật rừng ngoài gỗ loài thông thường thuộc thẩm quyền "
    "giải quyết của Sở Nông nghiệp và Môi trường (lâm nghiệp)",
    "2.002018": "Cấp lại Giấy chứng nhận đăng ký doanh nghiệp, Giấy xác nhận về việc thay đổi nội dung đăng ký "
    "doanh nghiệp do bị mất, cháy, rách, nát hoặc bị tiêu hủy dưới hình thức khác",
    "1.013815": "Cấp, cấp lại, điều chỉnh giấy phép hoạt động đối với cơ sở trợ giúp xã hội",
}


def test_a_query_typed_without_tones_reads_its_ordinary_words_as_typed():
    eng = engine(CIVIL)
    # "lam" is "làm" beside "giấy" (the events' everyday pair), never "lại" one letter away
    result = eng.search(SearchQuery("lam giay khai sinh cho con").normalized())
    assert result.corrections == {} and result.hits[0]["code"] == "1.001193"
    # kinship words typed without tones are no typos of catalogue words ("gai" is no "lại")
    result = eng.search(SearchQuery("con gai toi moi sinh chau ngoai").normalized())
    assert "gai" not in result.corrections and "chau" not in result.corrections
    assert result.hits[0]["code"] == "1.001193"
    # "co" is "có" unless a name pairs it with its neighbour ("co so": cơ sở)
    words = ["toi", "co", "giay", "phep", "co", "so", "tro", "giup"]
    assert eng.names.intent_at(words, 1, untoned=True) and not eng.names.intent_at(words, 4, untoned=True)
    assert not eng.names.intent_at(["toi", "co"], 1, untoned=False)  # typed with tones elsewhere: level tone


VETERANS = {
    "1.010803": "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ",
    "1.010829": "Di chuyển hài cốt liệt sĩ đang an táng tại nghĩa trang liệt sĩ đi nơi khác theo nguyện vọng "
    "của đại diện thân nhân",
    "1.001280": "Cấp giấy thông hành biên giới Việt Nam – Lào cho công dân Việt Nam có hộ khẩu thường trú ở tỉnh "
    "có chung đường biên giới với Lào (thực hiện tại cấp tỉnh)",
    "1.003133": "Cấp giấy thông hành xuất, nhập cảnh vùng biên giới Việt Nam – Trung Quốc cho công dân Việt Nam "
    "thường trú tại đơn vị hành chính cấp xã tiếp giáp đường biên giới",
    "1.002438": "Cấp đổi thẻ bảo hiểm y tế (thực hiện tại cấp tỉnh)",
    "2.000639": "Cấp thẻ bảo hiểm y tế (thực hiện tại cấp tỉnh)",
    "1.014063": "Cấp đổi thẻ căn cước",
    "1.000656": "Thủ tục đăng ký khai tử",
}


def test_a_long_story_does_not_drown_what_it_asks_for():
    eng = engine(VETERANS)
    story = (
        "anh trai của bố tôi là liệt sĩ hy sinh năm 1979 ở biên giới phía Bắc, nay bà nội mất rồi, "
        "gia đình muốn làm hồ sơ nhận trợ cấp thờ cúng liệt sĩ"
    )
    plan = eng.names.plan(story)
    told = {u.typed[0] for u in plan.units if u.narrative}
    assert {"1979", "phía", "bắc", "mất"} <= told  # the story, before "muốn"
    assert not any(u.narrative for u in plan.units if "thờ" in u.typed)  # what is asked
    result = eng.search(SearchQuery(story).normalized())
    assert result.hits[0]["code"] == "1.010803" and not result.nothing_fits


def test_the_object_told_before_the_need_keeps_its_weight():
    eng = engine(VETERANS)
    # "bảo hiểm y tế" comes before "muốn", but names hold it beside "đổi thẻ": it is what is asked
    plan = eng.names.plan("thẻ bảo hiểm y tế của con tôi bị rách không đọc được mã, muốn đổi thẻ mới thì làm ở đâu")
    assert not any(u.narrative for u in plan.units if "bảo" in u.typed or "y" in u.typed)
    # a short sentence is no story: "mất" keeps its weight
    plan = eng.names.plan("thẻ căn cước bị mất giờ muốn làm lại ngay")
    assert not any(u.narrative for u in plan.units)


def test_central_and_southern_asking_words_are_read_out():
    # "mần" (làm), "rứa" (vậy), "ở mô" (ở đâu), "giấy tờ chi" (giấy tờ gì), "hông" (không), "tui" (tôi)
    words = tokens("rứa thì con cháu phải mần giấy tờ chi, nộp ở mô ạ, có được hông")
    assert without_phrases(words) == tokens("rứa thì con cháu phải mần ạ")
    index = NameIndex(
        ["Giải quyết chế độ mai táng phí đối với cựu chiến binh", "Thành lập chi nhánh", "Lễ hội quy mô cấp xã"]
    )
    assert all(index.is_intent(w) for w in ("mần", "rứa", "tui", "giùm", "hông", "nhen", "chút"))
    # "chi" and "mô" alone stay words: names hold "chi nhánh", "chi trả", "quy mô"
    assert not index.is_intent("chi") and not index.is_intent("mô")
    eng = engine({"2.002307": "Giải quyết chế độ mai táng phí đối với cựu chiến binh", "1.000656": "Đăng ký khai tử"})
    story = "ông ngoại tui là cựu chiến binh, mới mất, rứa thì nhận tiền mai táng phải mần giấy tờ chi, nộp ở mô"
    assert eng.search(SearchQuery(story).normalized()).hits[0]["code"] == "2.002307"


HOUSEHOLD = [
    "Tách hộ",
    "Đăng ký thường trú",
    "Đăng ký tạm trú",
    "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
    "Chứng thực di chúc",
    "Thành lập Văn phòng công chứng",
    "Đăng ký biến động quyền sử dụng đất do chuyển nhượng, thừa kế, tặng cho quyền sử dụng đất",
]


def test_a_request_stated_first_is_not_read_as_the_story():
    index = NameIndex(HOUSEHOLD)
    plan = index.plan(
        "Xin hỏi thủ tục tách hộ khẩu. Vợ chồng tôi đang ở chung với bố mẹ chồng, nay đã xây nhà riêng "
        "cùng thửa đất, được không"
    )
    asked = [u for u in plan.units if u.typed[0] in ("tách", "hộ", "khẩu") or "tách" in u.typed]
    assert asked and not any(u.narrative for u in asked)
    assert any(u.narrative for u in plan.units if "xây" in u.typed or "thửa" in u.typed)


def test_a_question_phrase_opens_the_need_and_common_words_of_the_need_keep_no_story_word():
    index = NameIndex(HOUSEHOLD)
    plan = index.plan(
        "Ba má tui mất không để lại di chúc, miếng đất ruộng ở quê giờ mấy chị em thống nhất để cho thằng út "
        "đứng tên, vậy làm sao sang tên sổ đỏ cho nó, có phải ra công chứng trước không?"
    )
    # "làm sao" opens the need; "di chúc" shares only "chứng" (in "Chứng thực di chúc") with it:
    # no name answering the need holds it, it is the story
    assert any(u.narrative for u in plan.units if "chúc" in u.typed)
    assert not any(u.narrative for u in plan.units if "sổ" in u.typed)


def test_a_need_phrase_is_held_only_with_its_words_side_by_side():
    # "giấy chứng tử" is not in a name holding "giấy", "chứng thư" and "điện tử" apart: that name does
    # not answer the need, and the story's "trạm y tế" it holds stays the story
    index = NameIndex(
        [
            "Thủ tục đăng ký khai tử",
            "Cấp giấy phép sử dụng chứng thư chữ ký điện tử cho trạm y tế xã",
            "Cấp phép bay đi cho trực thăng của trạm y tế",
            "Di chuyển hài cốt liệt sĩ đi nơi khác",
            "Cấp phép cho tàu biển đi qua vùng nước cảng",
            "Đăng ký thường trú",
            "Đăng ký tạm trú",
        ]
    )
    plan = index.plan(
        "ba em mất hồi tháng trước ở nhà, trong nhà còn giữ giấy báo tử của trạm y tế, mấy anh em muốn "
        "đi làm giấy chứng tử cho ba"
    )
    assert all(u.narrative for u in plan.units if u.typed[0] in ("trạm", "y", "tế"))
    assert not any(u.narrative for u in plan.units if "báo" in u.typed)  # the same paper: the object


def test_a_question_naming_one_everyday_phrase_is_what_is_asked():
    # "xin hỏi có phải xin giấy phép xây dựng": the question's clause holds one phrase of four words;
    # the plot, its size and its town are the story ("thị trấn" is a place, like "thành phố")
    assert without_phrases(tokens("ở thị trấn")) == ["ở"]
    index = NameIndex(HOUSEHOLD)
    plan = index.plan(
        "Gia đình tôi có mảnh đất thổ cư 80 mét vuông ở thị trấn, đã có sổ đỏ, năm nay tính xây nhà ba tầng "
        "để ở, xin hỏi có phải xin giấy phép xây dựng không?"
    )
    assert all(u.narrative for u in plan.units if u.typed[0] in ("80", "mét", "tầng"))
    assert not any(u.narrative for u in plan.units if "phép" in u.typed)


def test_a_spouse_typed_short_and_a_weekday_say_nothing_of_the_procedure():
    # "ck"/"vk" (chồng/vợ as typed on a phone) are people; "hôm thứ hai" a time, not a second child
    assert without_phrases(tokens("ck mình mất hôm thứ hai")) == tokens("ck mình mất")
    eng = engine({"1.000656": "Thủ tục đăng ký khai tử", "1.000001": "Hỗ trợ khi sinh con thứ hai"})
    result = eng.search(SearchQuery("ck mình mới mất hôm thứ hai, lên xã báo thì làm giấy gì").normalized())
    assert result.event and result.event["slug"] == "khai-tu"
    assert result.hits[0]["code"] == "1.000656" and result.hits[0]["matched"]


def test_chat_abbreviations_are_asking_and_glue_not_words_to_match():
    # ko/hok (không), đc (được), j (gì), ntn (như thế nào), bn (bao nhiêu), mn (mọi người), ad (admin)
    eng = engine({"1.013225": "Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV và nhà ở riêng lẻ"})
    for text in ("xây nhà cấp 4 có cần xin phép ko ad", "mn ơi xin phép xây dựng ntn, mất bn ngày, cần j"):
        hit = eng.search(SearchQuery(text).normalized()).hits[0]
        assert hit["code"] == "1.013225" and hit["matched"], text


def test_a_stop_word_typed_without_tones_is_never_corrected_into_a_name_word():
    # mech33: "duoc" (được) folds like "dược" of a name, so it was no sure stop word, and "nước",
    # one letter away, goes with both neighbours in names ("kiểm toán nước ngoài", "ngân sách nhà
    # nước chi"): "hạch toán được chi phí" read "hạch toán nước chi phí"
    eng = engine(
        {
            "1.007026": "Khai thuế thu nhập doanh nghiệp tính theo tỷ lệ % trên doanh thu.",
            "1.007637": "Thủ tục Đăng ký cấp Giấy chứng nhận đủ điều kiện kinh doanh dịch vụ kiểm toán cho chi "
            "nhánh doanh nghiệp kiểm toán nước ngoài tại Việt Nam",
            "1.000642": "Thủ tục đăng ký xét duyệt hỗ trợ kinh phí từ ngân sách nhà nước chi sự nghiệp KH&CN đối "
            "với dự án đầu tư sản xuất sản phẩm quốc gia.",
            "1.002549": "Cấp Giấy chứng nhận đủ điều kiện sản xuất thuốc thú y (trừ sản xuất thuốc thú y dạng dược "
            "phẩm, vắc xin)",
        }
    )
    result = eng.search(SearchQuery("cong ty khong hach toan duoc chi phi thi khai thue theo ty le").normalized())
    assert "duoc" not in result.corrections, result.corrections
    assert result.hits[0]["code"] == "1.007026"


def test_an_untoned_stop_word_beside_another_is_no_name_pair():
    # mech33: typed without tones, "vo" and "chong" (vợ chồng: kinship, stop words) counted as
    # content because a name holds "vợ, chồng" side by side; a name's pair tells a content word only
    # where the name spells that word as no stop word ("co so": cơ sở)
    eng = engine(
        {
            "1.003144": "Cấp giấy miễn thị thực cho người Việt Nam định cư ở nước ngoài và người nước ngoài là vợ, "
            "chồng, con của người Việt Nam định cư ở nước ngoài hoặc của công dân Việt Nam",
            "1.014064": "Cấp lại thẻ căn cước",
            "1.001193": "Thủ tục đăng ký khai sinh",
            # "vo" and "chong" fold from content words of names too (võ, chống): no sure stop words
            "1.000544": "Thủ tục cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao đối với môn Võ cổ "
            "truyền, Vovinam",
            "1.014783": "Cấp giấy phép lưu thông vật liệu, cấu kiện ngăn cháy, chống cháy",
        }
    )
    words = ["vo", "chong", "toi", "vua", "sinh", "con"]
    assert eng.names.intent_at(words, 0, untoned=True) and eng.names.intent_at(words, 1, untoned=True)
    result = eng.search(SearchQuery("vo chong toi vua sinh con, lam giay khai sinh").normalized())
    assert result.hits[0]["code"] == "1.001193"
    # "chong chay" (chống cháy) is a name's pair with "chống" spelt so: content
    assert not eng.names.intent_at(["vat", "lieu", "chong", "chay"], 2, untoned=True)


def test_an_untoned_word_is_content_by_a_name_s_pair_only_where_the_name_spells_it_so():
    # mech33: "lam" typed without tones is "làm" (a stop word) or "lâm"; a name holding "làm mất"
    # made "lam mat" a name's pair and "lam" content, though that name spells it "làm" too
    eng = engine(
        {
            "1.013439": "Đề nghị làm mất tính năng, tác dụng và xác nhận tình trạng vũ khí, công cụ hỗ trợ đã mất "
            "tính năng, tác dụng được sử dụng để triển lãm, trưng bày hoặc làm đạo cụ trong hoạt động văn hóa, "
            "nghệ thuật",
            "1.000045": "Xác nhận bảng kê lâm sản",
        }
    )
    assert eng.names.intent_at(["lam", "mat", "giay", "phep"], 0, untoned=True)
    assert not eng.names.intent_at(["bang", "ke", "lam", "san"], 2, untoned=True)
