"""Situations that imply a procedure's variant without naming it (actions.json, branch act37):
moving out asks to delete a residence registration, keeping an eye on a guardian asks for the
supervision of guardianship, a passport found again after reporting it lost asks to restore it."""

from __future__ import annotations

from tests.support.search_engines import assert_first, whole_engine


def test_moving_out_and_watching_a_guardian_pick_the_variant() -> None:
    assert_first(
        whole_engine(),
        {
            "sinh viên trả phòng trọ về quê thì chủ nhà phải báo gì": "1.010028",
            "phòng trọ cho thuê, khách dọn đi rồi mà còn tên tạm trú ở nhà mình": "1.010028",
            "chú ruột muốn đăng ký theo dõi việc bà ngoại làm giám hộ cho cháu": "3.000323",
        },
    )


def test_a_passport_found_again_is_restored_not_reported_lost() -> None:
    # Ranked first since act37 (before: the report of a lost passport); doubted by the confidence
    # model until its refit of session 41.
    assert_first(
        whole_engine(),
        {"hộ chiếu tưởng mất đã trình báo công an, nay kiếm lại được thì xin dùng tiếp": "1.010384"},
    )
