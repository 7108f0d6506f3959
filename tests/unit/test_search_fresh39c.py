"""Citizens' commune-level procedures (branch fresh39c): a step holding the case the query asks
for as much as the first step may lead; the events' steps and phrasings written for what people
say of a denunciation, a boat moved with its owner and a household-business filing withdrawn.

The whole catalogue (catalogue_large) with the shipped events; the queries were written for these
tests, not taken from the evaluation."""

from __future__ import annotations

from tests.support.search_engines import assert_first
from tthc.search.query import SearchQuery


def test_a_denunciation_of_the_police_is_not_the_first_complaint(whole):
    # every step of the police's complaints and denunciations names "Công an nhân dân", the case
    # the query asks for: the first step holding it no longer keeps back the denunciation whose own
    # words ("tố", "đánh người") the query holds
    assert_first(whole, {"muốn tố công an phường đánh người": "1.004327"})


def test_a_boat_moved_with_its_owner_to_another_province(whole):
    # not the other registry's boat (1.004036: a fishing, sea-going or army boat moving to the
    # inland registry), though "đăng ký lại" and "chuyển" are in both names
    assert_first(whole, {"dọn nhà từ Long An lên Tây Ninh, chiếc ghe máy phải đăng ký lại không": "1.006391"})


def test_a_household_business_filing_withdrawn_is_reached_by_its_event(whole):
    result = whole.search(
        SearchQuery("nộp hồ sơ đăng ký hộ kinh doanh rồi nhưng không mở nữa, muốn rút lại").normalized()
    )
    assert result.hits[0]["code"] == "1.014035"
    assert result.hits[0]["event"] == "mo-ho-kinh-doanh"
