"""Questions of session 40 (branch q40): an event for a special case the query says one of whose
phrasings whole is what is asked (see docs/search.md, pass q40).

The whole catalogue (catalogue_large) with the shipped events; the queries were written for these
tests, not taken from the evaluation."""

from __future__ import annotations

from tests.support.search_engines import assert_first


def test_a_phrasing_said_whole_keeps_the_special_event_it_names(whole):
    # the visa exemption is the overseas Vietnamese' own paper (their event is a special case the
    # query does not name): the APEC card's event, reached through "miễn visa", must not lead when
    # the query says "giấy miễn thị thực hết hạn" whole, one of the overseas event's phrasings
    assert_first(
        whole,
        {
            "giấy miễn thị thực hết hạn rồi xin lại chỗ nào": "1.000807",
            "mất giấy miễn thị thực cấp lại mất bao lâu": "1.000807",
        },
    )


def test_the_apec_card_and_the_general_birth_keep_their_events(whole):
    # the waiver needs the special event's phrasing said whole, and no other event phrased whole:
    # the APEC card's own loss, and a birth with no foreign parent, stay where they were
    assert_first(
        whole,
        {
            "thẻ apec bị mất thì làm sao": "2.000293",
            "vừa sinh con xong làm giấy khai sinh ở đâu": "1.001193",
        },
    )
