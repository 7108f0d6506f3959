"""A procedure's variant told by an everyday cue (actions.json, branch act41): an action asked only
of a thing none of whose names starts with the group's own actions («otherwise»: a paper washed
blank is exchanged, or reissued where nothing exchanges it), a word typed with other tones than a
one-word situation's, and the variants an event does not list."""

from __future__ import annotations

from tests.support.search_engines import assert_first, assert_first_but_doubted, whole_engine
from tthc.search.actions import asked, thing
from tthc.search.analysis import folded_form, tokens


def _folded(text: str) -> list[str]:
    return [folded_form(w) for w in tokens(text)]


def test_a_damaged_paper_asks_for_the_reissue_otherwise() -> None:
    said = asked(tokens("thẻ bị mờ hết chữ"))
    assert ("cap", "doi") in said.actions and ("cap", "lai") not in said.actions
    assert (("cap", "lai"), frozenset({("cap", "doi"), ("doi",)})) in said.otherwise


def test_a_word_typed_with_other_tones_is_no_one_word_situation() -> None:
    # "hụ" is no syllable the dictionary knows: the reading drops its tone, "hu", folded as "hư"
    assert not asked(["xin", "gắn", "còi", "hu"], typed=["xin", "gắn", "còi", "hụ"]).actions
    assert asked(["thẻ", "bị", "hư"], typed=["thẻ", "bị", "hư"]).actions


def test_names_of_one_thing() -> None:
    assert thing(_folded("Thủ tục cấp đổi giấy phép kinh doanh dịch vụ lữ hành quốc tế")) == tuple(
        _folded("giấy phép kinh doanh dịch vụ lữ hành quốc tế")
    )
    assert thing(_folded("Cấp lại, sửa đổi, bổ sung giấy phép hoạt động hỗ trợ nạn nhân")) == thing(
        _folded("Cấp giấy phép hoạt động hỗ trợ nạn nhân")
    )
    assert thing(_folded("Xóa đăng ký thường trú")) == ("thuong", "tru")  # a thing, though actions.json's


def test_the_variant_a_damaged_paper_asks_for() -> None:
    eng = whole_engine()
    assert_first(
        eng,
        {
            # the event lists the teacher's first certificate; the story asks for the reissue
            "giấy chứng nhận giáo viên dạy thực hành lái xe bị rách": "1.004993",
            # a card that has an exchange is still exchanged
            "thẻ căn cước bị mờ hết chữ": "1.014063",
            # "còi hụ" is no damage
            "xin gắn còi hụ cho xe cứu thương": "3.000400",
        },
    )
    # no exchange of the notary's card: its reissue
    assert_first_but_doubted(eng, {"thẻ công chứng viên bị ướt nhòe hết": "1.013830"})


def test_a_first_grant_said_new_is_of_the_same_thing() -> None:
    # "Cấp giấy phép xây dựng mới đối với …": "mới" says the first grant, not another thing
    assert thing(_folded("Cấp giấy phép xây dựng mới đối với công trình cấp III")) == thing(
        _folded("Gia hạn giấy phép xây dựng đối với công trình cấp III")
    )


def test_a_situation_words_tell_a_familys_variants_apart() -> None:
    # "tăng vốn" asks for the amendment: its words are held by "Điều chỉnh …", ranked after "Cấp …"
    # on the documents' words, but no further than just before it
    assert_first(
        whole_engine(),
        {"công ty vốn Nhật muốn tăng vốn cho dự án, giấy chứng nhận đầu tư làm sao": "1.009647"},
    )


def test_cues_for_a_variant() -> None:
    eng = whole_engine()
    # no longer able to supervise: the supervision ends (not "theo dõi" read as taking it up)
    # and the papers all lost, the register gone: the marriage registered again, though the plain
    # registration's documents hold more of the story
    assert_first(
        eng,
        {
            "tôi làm người giám sát việc giám hộ cho cháu ngoại, nay đi làm xa không theo dõi được nữa": "3.000322",
            "cưới chồng Hàn Quốc ở tỉnh năm 2000, giờ giấy tờ mất hết mà sở cũng không còn hồ sơ": "2.000513",
        },
    )


def test_a_permit_already_held_asks_for_its_adjustment() -> None:
    # "xin phép … rồi": the thing between the verb and "rồi", as before "nữa" and "luôn"
    assert ("cap", "dieu", "chinh") in asked(tokens("xin phép xây 2 tầng rồi giờ muốn lên thêm tầng")).actions
    assert ("cap", "dieu", "chinh") not in asked(tokens("nhà phố hai tầng muốn đổ thêm một tầng nữa")).actions
    eng = whole_engine()
    assert_first(eng, {"nhà cấp 4 đang ở muốn đổ thêm một tầng lầu": "1.013229"})  # no permit held: repair
    assert_first_but_doubted(eng, {"đã xin phép xây nhà 3 tầng rồi, giờ muốn làm thêm tầng tum": "1.013226"})


def test_a_lost_paper_is_registered_again_only_where_nothing_reissues_it() -> None:
    said = asked(tokens("giấy đăng ký mô tô nước bị mất"))
    assert ("cap", "lai") in said.actions and ("dang", "ki", "lai") not in said.actions
    assert any(action == ("dang", "ki", "lai") for action, _instead in said.otherwise)
    # the register gone asks for it outright
    assert ("dang", "ki", "lai") in asked(tokens("giấy khai sinh bị cháy mất, xã cũng không còn sổ")).actions


def test_a_paper_torn_to_pieces_is_no_scrapped_vehicle() -> None:
    # "nát hết" is said of a paper ("ướt rách nát hết"): exchanged or reissued, not struck off
    torn = asked(tokens("giấy đăng ký tàu ướt rách nát hết"))
    assert ("xoa", "dang", "ki") not in torn.actions and ("cap", "doi") in torn.actions
    # scrapping is stronger than the wear the story also tells: struck off, not exchanged
    scrapped = asked(tokens("chiếc ca nô hỏng nặng bỏ luôn không chạy nữa"))
    assert ("xoa", "dang", "ki") in scrapped.actions
    assert ("cap", "doi") not in scrapped.actions and not scrapped.otherwise
