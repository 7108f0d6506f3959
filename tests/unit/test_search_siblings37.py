"""Siblings told apart by their telling words (pass sib37): two names alike but for a few words
(lữ hành quốc tế / nội địa) are ordered by the query's rare units only one of them holds. Real
catalogue (catalogue_large); queries written for these tests, not taken from the evaluation."""

from __future__ import annotations

from tests.support.search_engines import assert_first, whole_engine
from tthc.search.query import _units_held

DOMESTIC_TOURS = "2.001628"  # Thủ tục cấp giấy phép kinh doanh dịch vụ lữ hành nội địa
WORK_PERMIT = "1.014199"  # Cấp giấy phép lao động đối với người lao động nước ngoài làm việc tại Việt Nam
WORK_PERMIT_RENEWAL = "1.014201"  # Gia hạn giấy phép lao động …


def test_a_sibling_holding_the_rare_unit_the_first_lacks_goes_first():
    # "trong nước" is "nội địa" (synonyms.json): the international licence, first before, lacks it
    assert_first(
        whole_engine(),
        {
            "công ty tôi chuyên đưa khách đi tour trong nước, cần giấy phép gì": DOMESTIC_TOURS,
            "công ty du lịch muốn đưa khách đi tour trong nước, xin giấy phép ở đâu": DOMESTIC_TOURS,
        },
    )


def test_a_word_typed_with_tones_is_not_held_by_a_name_spelling_it_otherwise():
    # "người Hàn" (a Korean) is not the "hạn" of "Gia hạn": the renewal holds no unit the grant lacks
    eng = whole_engine()
    index = eng.names
    plan = index.plan("thuê anh thợ người Hàn sang làm việc, xin giấy phép lao động")
    renewal = _units_held(index, index.code_docs[WORK_PERMIT_RENEWAL], plan)
    grant = _units_held(index, index.code_docs[WORK_PERMIT], plan)
    assert set(renewal) <= set(grant)
    assert_first(eng, {"thuê anh thợ người Hàn sang làm việc, xin giấy phép lao động": WORK_PERMIT})
