"""Queries typed without tone marks from the start (pass untone40): the short forms a phone keyboard
leaves ("đk"/"dk" = đăng ký, "tthn" = tình trạng hôn nhân, "mk"/"mik" = mình, "bik" = biết) are
written out before reading (synonyms.json «abbreviations», a short form of two words too: "đủ đk"
= đủ điều kiện), and a word typed in Telex with the keyboard off ("dduowcj" = được, "lafm" = làm,
"giaays" = giấy) is read as the syllable it spells, unless a procedure name spells it as typed."""

from __future__ import annotations

from tests.support.search_engines import names_engine
from tthc.search.analysis import expand_abbreviations, untelex
from tthc.search.query import SearchQuery

NAMES = {
    "1.001193": "Thủ tục đăng ký khai sinh",
    "1.004884": "Thủ tục đăng ký lại khai sinh",
    "1.000656": "Thủ tục đăng ký khai tử",
    "1.005461": "Đăng ký lại khai tử",
    "1.004873": "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
    "2.002516": "Thủ tục xác nhận thông tin hộ tịch",
    "1.013066": "Đăng ký xe lần đầu trực tuyến toàn trình đối với xe nhập khẩu thực hiện tại cấp tỉnh, cấp xã",
    "1.013083": "Đăng ký xe tạm thời thực hiện bằng dịch vụ công trực tuyến toàn trình",
    "1.014779": "Gia hạn Giấy chứng nhận đủ điều kiện buôn bán thuốc thú y",
    "1.000001": "Cấp giấy phép kinh doanh khí dầu mỏ hóa lỏng (gas)",
}


def first(engine, text: str) -> tuple[str, bool]:
    hit = engine.search(SearchQuery(text).normalized()).hits[0]
    return hit["code"], hit["matched"]


def test_phone_short_forms_are_written_out():
    assert expand_abbreviations("dk khai sinh cho con") == "đăng ký khai sinh cho con"
    assert expand_abbreviations("Đk xe") == "đăng ký xe"
    assert expand_abbreviations("xac nhan tthn") == "xac nhan tình trạng hôn nhân"
    # two words: "đk" after "đủ" is điều kiện, not đăng ký
    assert expand_abbreviations("giay cn du dk ban thuoc") == "giay cn đủ điều kiện ban thuoc"
    assert expand_abbreviations("mk chua bik") == "mình chua biết"
    # "hk" alone is không, after a word of residence hộ khẩu
    assert expand_abbreviations("nhap hk cho vk hk bik") == "nhập hộ khẩu cho vk không biết"
    assert expand_abbreviations("dky thuong tru") == "đăng ký thuong tru"
    # in a query typed without tones the words written out carry none either
    assert expand_abbreviations("mk chua bik", untoned=True) == "minh chua biet"
    assert expand_abbreviations("dk khai sinh", untoned=True) == "dang ki khai sinh"


def test_telex_leftovers_read_as_the_syllable_they_spell():
    assert untelex("dduowcj") == "được"
    assert untelex("lafm") == "làm"
    assert untelex("giaays") == "giấy"
    assert untelex("nhaf") == "nhà"
    # marks typed without a tone: the tones were left out, the word reads untoned ("đang" ≠ "đăng")
    assert untelex("ddang") == "dang" and untelex("ddawng") == "dang"
    # not Telex: plain untoned words, loanwords, short forms, a Telex reading that is no syllable
    for word in ("duoc", "visa", "online", "cccd", "ntn", "r", "j", "gplx", "sodo"):
        assert untelex(word) == word, word


def test_untoned_phone_queries_find_the_procedure_and_say_it_matches():
    eng = names_engine(NAMES)
    for text, code in (
        ("dk khai sinh cho con", "1.001193"),
        ("mk muon lam giay khai sinh cho con", "1.001193"),
        ("lam khai sinh cho con r ma chua bik lam ntn", "1.001193"),
        ("con ms sinh lm khai sinh o dau", "1.001193"),
        ("ba ms mat trc tet lm giay chung tu sao z", "1.000656"),
        ("dk khai tu cho ba", "1.000656"),
        ("xin xac nhan tthn", "1.004873"),
        ("dduowcj cap giay khai tu ko", "1.000656"),
        ("lafm giaays khai tu", "1.000656"),
        ("dk xe nhap khau lan dau tren dich vu cong", "1.013066"),
        ("gia han giay chung nhan du dk buon ban thuoc thu y", "1.014779"),
    ):
        assert first(eng, text) == (code, True), text


def test_two_words_typed_without_the_space_are_split_where_names_pair_them():
    eng = names_engine(NAMES)
    assert eng.names.retyped("dangky khaisinh") == "dang ky khai sinh"
    assert eng.names.retyped("xin giay cn tthn") == "xin giay cn tthn"  # a short form stays whole
    assert eng.names.retyped("ck mình mới mất") == "ck mình mới mất"  # so does a stop word typed short
    assert first(eng, "dangky khaisinh cho con") == ("1.001193", True)


def test_a_name_spelling_the_word_as_typed_keeps_it():
    # "gas" is a name's word: not Telex for "gá"
    eng = names_engine(NAMES)
    assert eng.names.retyped("xin phep kinh doanh gas") == "xin phep kinh doanh gas"
    assert eng.names.retyped("lafm giaays khai tu") == "làm giấy khai tu"
    assert first(eng, "xin giay phep kinh doanh gas") == ("1.000001", True)
