"""What a query tells as done already (branch step42): the part of a story that happened before
the question (`tthc.search.done`), and the first step of a leading event that part holds, which
is behind the person and gives way to the step asked about (`query._behind`).

The queries were written for these tests, not taken from the evaluation."""

from __future__ import annotations

from tests.support.search_engines import assert_first
from tthc.search.actions import follows_up
from tthc.search.analysis import folded_form, tokens
from tthc.search.done import done_positions, done_units


def told_done(text: str) -> str:
    """The words of the text told as done, joined."""
    return " ".join(w for w, done in zip(tokens(text), done_positions(text), strict=True) if done)


def test_a_part_starting_with_da_runs_to_xong_or_roi():
    assert told_done("ông nội mất, đã làm giấy báo tử xong rồi, gia đình đưa đi hỏa táng") == "đã làm giấy báo tử xong"
    assert told_done("bé đã làm khai sinh rồi giờ làm thẻ bảo hiểm") == "đã làm khai sinh rồi"


def test_a_part_stops_at_a_word_turning_to_what_is_wanted():
    assert told_done("đã thôi quốc tịch giờ muốn có lại") == "đã thôi quốc tịch"
    assert told_done("đã nộp hồ sơ mà chưa thấy trả lời") == "đã nộp hồ sơ"


def test_a_part_ending_in_xong_or_roi_starts_after_the_last_turning_word():
    assert told_done("giấy báo tử làm xong rồi, giờ đưa đi hỏa táng") == "giấy báo tử làm xong"
    assert told_done("xin phep xay 2 tang roi gio muon len them 1 tang") == "phep xay 2 tang roi"


def test_a_question_or_a_not_yet_is_never_done():
    assert told_done("đã có sổ đỏ chưa") == ""
    assert told_done("đã làm khai sinh cho con được không") == ""
    assert told_done("mẹ tôi mất hôm qua, làm giấy báo tử ở đâu") == ""


def test_untoned_da_says_nothing():
    # "da" may be skin, stone or a "đà"; only "xong" and "rồi" tell an untoned part
    assert told_done("da lam giay bao tu o dau") == ""


def test_units_are_found_in_order_among_the_tokens():
    text = "mẹ mất, đã làm giấy báo tử xong, giờ hỏa táng"
    units = [("mẹ",), ("mất",), ("đã",), ("làm",), ("giấy", "báo", "tử"), ("xong",), ("hỏa",), ("táng",)]
    assert done_units(text, units) == frozenset({2, 3, 4, 5})
    # a unit split across a done part and the rest is not done
    assert done_units("làm giấy xong rồi báo tử", [("giấy",), ("xong", "rồi", "báo")]) == frozenset({0})


def test_a_name_acting_on_a_thing_already_there_follows_up():
    def name(text: str) -> list[str]:
        return [folded_form(w) for w in tokens(text)]

    assert follows_up(name("Điều chỉnh giấy phép xây dựng"))
    assert follows_up(name("Ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam"))
    assert follows_up(name("Thủ tục cấp lại giấy chứng nhận"))
    assert not follows_up(name("Cấp giấy phép xây dựng mới"))
    assert not follows_up(name("Đăng ký khai tử"))


def test_a_death_told_as_registered_puts_the_later_step_first(whole):
    # the death event lists the registration first and the cremation support last; a story telling
    # the registration as done asks for what comes after it
    assert_first(
        whole,
        {
            "ông ngoại mất, nhà đã làm giấy báo tử xong, con cháu đưa ông đi hỏa táng có được hỗ trợ không": "1.006869",
            "ba em mất, giấy báo tử làm xong rồi, gia đình đưa đi hỏa táng có được hỗ trợ không": "1.006869",
            "bà mất, đã làm giấy chứng tử xong, gia đình đi hỏa táng có được hỗ trợ gì không": "1.006869",
        },
    )


def test_a_death_not_yet_registered_keeps_the_registration_first(whole):
    assert_first(whole, {"bố tôi mất tuần trước, làm giấy báo tử ở đâu": "1.000656"})


def test_no_step_telling_the_choices_apart_the_names_choice_leads(whole):
    # the nationality event lists acquiring it abroad before getting it back abroad; no step's own
    # words hold the story's "có lại", the names rank the return above the acquisition
    assert_first(
        whole,
        {
            "mẹ tôi sang Pháp, đã bỏ quốc tịch Việt Nam lâu rồi, giờ muốn có lại quốc tịch Việt, "
            "bà vẫn sống ở Pháp": "1.004757"
        },
    )


def test_choices_the_names_rank_below_keep_the_listed_order(whole):
    assert_first(whole, {"tôi đang ở Mỹ, muốn nhập quốc tịch Việt Nam": "2.002797"})


def test_a_part_wanted_or_followed_by_moi_is_a_plan_not_done():
    assert told_done("công ty muốn nghỉ kinh doanh một năm rồi mới làm lại") == ""
    assert told_done("cong ty muon nghi kinh doanh mot nam roi moi lam lai") == ""
    assert told_done("nghỉ kinh doanh một năm rồi, giờ muốn làm lại") == "nghỉ kinh doanh một năm rồi"
