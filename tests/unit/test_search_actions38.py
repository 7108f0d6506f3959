"""Siblings told apart by what the story implies (actions.json, branch act38): a place between
"ở lại" and "luôn", a variant the name tells as its case ("… đối với trường hợp ký lại hợp đồng
thuê"), "điều chỉnh" said for a name amending by another verb, a parent taken home from a care
home, a shop moving ("dời") its address, an heir not taking their share, a register gone."""

from __future__ import annotations

from tests.support.search_engines import assert_first, assert_first_but_doubted, whole_engine
from tthc.search.actions import implied, starts_with
from tthc.search.analysis import folded_form, tokens
from tthc.search.names import _across


def _folded(text: str) -> list[str]:
    return [folded_form(w) for w in tokens(text)]


def test_a_place_may_stand_between_staying_and_for_good() -> None:
    # "ở lại luôn" (actions.json) with the place inside, as "không dùng giếng khoan nữa" has its thing
    assert ("thuong", "tru") in implied(tokens("muốn ở lại Việt Nam luôn"))
    assert ("thuong", "tru") in implied(tokens("muon o lai ben nay luon"))
    assert ("thuong", "tru") not in implied(tokens("ở lại một hai hôm rồi về, mua luôn vé"))


def test_an_action_may_start_the_names_case() -> None:
    name = _folded("Cho thuê nhà ở cũ thuộc tài sản công đối với trường hợp ký lại hợp đồng thuê")
    assert starts_with(name, frozenset({("ki", "lai")})) == ("ki", "lai")
    # an exception is no case the name serves
    exception = _folded(
        "Thủ tục đề nghị tạm ngừng giao dịch trừ trường hợp tạm ngừng giao dịch do sự kiện bất khả kháng"
    )
    assert starts_with(exception, frozenset({("tam", "ngung")})) is None


def test_a_phrase_reads_across_the_variant_asked() -> None:
    pairs = _across(_folded("Thủ tục đăng ký lại kết hôn"), ("dang", "ki", "lai"))
    assert ("ki", "ket") in pairs and ("dang", "ket") in pairs
    assert _across(_folded("Đăng ký kết hôn"), ("cap", "lai")) == set()


def test_siblings_told_apart_by_the_story() -> None:
    assert_first(
        whole_engine(),
        {
            # a foreigner staying for good: the permanent residence card, not another temporary one
            "tôi người Pháp, cưới vợ Việt đã lâu, muốn ở lại Việt Nam luôn không phải xin tạm trú nữa": "1.001010",
            # a lease signed again in the tenant's place
            "bố tôi thuê căn hộ tập thể của nhà nước từ thời bao cấp, có hợp đồng thuê đàng hoàng. Năm nay bố"
            " mất, cả nhà tôi vẫn đang ở đó, tôi muốn đứng ra tiếp tục thuê căn hộ này thay bố thì cần làm hồ sơ"
            " gì, nộp ở đâu": "1.012898",
            # "điều chỉnh" said, "Sửa đổi, bổ sung" named
            "công ty được giao khu vực biển làm khu du lịch, giờ muốn điều chỉnh diện tích trong quyết định giao": (
                "1.005400"
            ),
            # taken home from the care home: the care there stops
            "đón mẹ từ trại dưỡng lão nhà nước về nhà nuôi": "2.000477",
            # "dời" is the south's "chuyển": a change of the household business's registration
            "tiệm nail dời địa chỉ thì sửa giấy phép kinh doanh": "2.000720",
            # a new copy of a paper one holds is a reissue, the name's first grant aside
            "giấy phép lấy nước giếng khoan của trang trại bị mối ăn nát hết, cần làm lại bản mới": "1.000824",
            # not taking one's share is refusing the inheritance, not dividing it
            "ba mất để lại miếng đất, tôi không muốn lấy phần của mình để nhường hết cho em út": "2.001016",
            # untoned: "xuong" beside "cu" is the workshop (xưởng), not the boat "xuồng" (untone39:
            # right first since act38, no longer doubted once the boat's phrase left the query)
            "xuong cu muon coi noi them cai nha kho phia sau, xin phep o dau": "1.013229",
        },
    )


def test_siblings_ranked_right_but_doubted() -> None:
    # Ranked first since act38 (before: the first grant); the confidence model, refitted by the
    # lead, still doubts it.
    assert_first_but_doubted(
        whole_engine(),
        {
            "ba má cưới năm 1990 có giấy hôn thú mà thất lạc, ủy ban cũng không còn sổ": "1.004746",
        },
    )
