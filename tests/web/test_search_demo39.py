"""The shipped demo searched for events it does not handle (session 39): the notice names the event the
query says, on both engines (the Whoosh index of the service, the memory engine)."""

import pytest

from tests.support.search_engines import both_answers


def test_asking_for_a_birth_certificate_names_the_birth_not_its_loss(service, demo_memory):
    # the demo holds no civil status; "chưa bao giờ có giấy khai sinh" of the lost-certificate event
    # is no phrasing of a plain request for one
    for result in both_answers(service, demo_memory, "làm giấy khai sinh"):
        assert result.event == {"slug": "khai-sinh", "title": "Sinh con", "matched": False}, result.engine
        assert result.nothing_fits, result.engine


@pytest.mark.parametrize("text", ["mở văn phòng luật sư", "thành lập văn phòng luật sư"])
def test_opening_a_law_office_is_not_answered_by_the_legal_aid_contract(service, demo_memory, text):
    # the demo holds legal aid, not the lawyers' own procedures: the contract with a lawyer holds
    # "luật sư" only, so it is the closest name, after the notice, never the answer
    for result in both_answers(service, demo_memory, text):
        assert result.event is not None and result.event["slug"] == "luat-su", result.engine
        assert not result.event["matched"] and result.nothing_fits, result.engine
        assert not any(h["matched"] for h in result.hits), result.engine
