"""Schools, sports, tourism, culture and science told as their people say them (branch edu36).

Real procedures of the whole catalogue (catalogue_large): the names' ranking as it is, with the
shipped events, synonyms and qualifiers. The queries were written for these tests, not taken
from the evaluation; each one's first answer was another procedure, or "nothing fits", before
the events of this branch."""

from __future__ import annotations

from tests.support.search_engines import assert_first


def test_a_martial_art_or_a_court_sport_is_told_by_its_own_licence(whole):
    # one certificate per sport (Nghị định 36/2019/NĐ-CP): the club's sport picks its step
    assert_first(
        whole,
        {
            "mở câu lạc bộ karate cho thiếu nhi ở nhà văn hóa phường, thu học phí hàng tháng": "1.000904",
            "dạy vovinam cho học sinh có thu tiền thì xin giấy gì": "1.000544",
            "cho thuê sân quần vợt theo giờ cần giấy gì": "1.000501",
        },
    )


def test_a_boat_taking_tourists_asks_for_the_tourist_boat_sign(whole):
    # the first sign, not its swap: "chủ" (the owner) is no word of the swap's condition
    assert_first(
        whole,
        {"chủ thuyền rồng chở du khách nghe ca Huế trên sông muốn được đón khách du lịch thì xin giấy gì": "1.014190"},
    )


def test_a_print_shop_and_a_private_high_school_have_their_events(whole):
    assert_first(
        whole,
        {
            "nhà in nhỏ muốn nhận in sách, truyện tranh thì xin giấy phép ở đâu": "2.001594",
            "xin phép mở trường cấp 3 tư thục": "1.012944",
        },
    )


def test_a_suspended_kindergarten_asks_to_reopen(whole):
    assert_first(whole, {"trường mầm non tư thục bị đình chỉ, đã khắc phục xong, xin hoạt động lại": "1.006444"})


def test_a_research_body_registers_and_a_finished_topic_registers_its_results(whole):
    # the first registration is told by "mới thành lập", not the change's "hoạt động"; the results
    # of a topic paid by the company itself are their own event, not a decayed last step
    assert_first(
        whole,
        {
            "viện nghiên cứu tư nhân mới thành lập đăng ký hoạt động ở sở khoa học": "1.001786",
            "đề tài doanh nghiệp tự bỏ tiền làm đã xong, đăng ký kết quả ở đâu": "1.011820",
        },
    )


def test_a_multiplayer_game_needs_the_g1_licence(whole):
    # games have their own event: "game" is no longer a word of the websites' event itself
    assert_first(whole, {"game đối kháng nhiều người chơi qua máy chủ cần giấy phép gì": "1.002044"})


def test_a_singer_s_recording_is_a_related_right(whole):
    assert_first(whole, {"ca sĩ muốn đăng ký quyền của mình với bản ghi âm bài hát": "1.001709"})


def test_a_vocational_centre_registers_its_training_not_a_foreign_partnership(whole):
    # the partnership's name holds "đào tạo … trung tâm" as every centre's query does: not a step
    assert_first(whole, {"mở trung tâm dạy nghề may": "2.000189"})
