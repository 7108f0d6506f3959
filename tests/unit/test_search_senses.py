"""How the query's words are read (pass sense35): what the story negates
("không ai tranh chấp", "không trục vớt được") asks for no procedure, what it says is missing
("không có giấy khai sinh") may be the need; "không dùng … nữa" ends a use. Real names (catalogue)
and queries written for the tests."""

from __future__ import annotations

from tests.support.search_engines import names_engine
from tthc.search.actions import implied, starts_with
from tthc.search.analysis import folded_form, tokens
from tthc.search.memory import MemoryEngine
from tthc.search.names import NameIndex
from tthc.search.query import SearchQuery

CASES = (  # the construction permits' cases, as the catalogue lists them
    "(Công trình Không theo tuyến/Theo tuyến trong đô thị/Tín ngưỡng, tôn giáo/Tượng đài, tranh hoành tráng/"
    "Theo giai đoạn cho công trình không theo tuyến/Theo giai đoạn cho công trình theo tuyến trong đô thị/"
    "Dự án) và nhà ở riêng lẻ"
)
NAMES = {
    "1.013225": "Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV " + CASES,
    "1.013228": "Cấp lại giấy phép xây dựng đối với công trình cấp III, cấp IV " + CASES.lower(),
    "3.000348": "Cấp lại giấy phép lái xe",
    "1.004333": "Trả lại khu vực biển",
    "1.004884": "Thủ tục đăng ký lại khai sinh",
    "1.001193": "Thủ tục đăng ký khai sinh",
    "1.003681": "Xóa đăng ký tàu cá, tàu phục vụ nuôi trồng thủy sản",
    "1.002771": "Phê duyệt phương án trục vớt tài sản chìm đắm",
    "1.003650": "Cấp giấy chứng nhận đăng ký tàu cá, tàu phục vụ nuôi trồng thủy sản",
    "2.000992": "Chứng thực chữ ký người dịch mà người dịch không phải là cộng tác viên dịch thuật",
    "1.013967": "Hòa giải tranh chấp đất đai",
}


def index() -> NameIndex:
    return NameIndex(list(NAMES.values()), list(NAMES))


def content(idx: NameIndex, text: str) -> dict[str, bool]:
    """Each typed unit of the query → read as a content word."""
    return {" ".join(u.typed): u.content for u in idx.plan(text).units}


def engine() -> MemoryEngine:
    return names_engine(NAMES)


def first(eng: MemoryEngine, text: str) -> str:
    hits = eng.search(SearchQuery(text).normalized()).hits
    return hits[0]["code"] if hits else ""


def test_what_the_story_negates_asks_for_no_procedure():
    idx = index()
    told = content(idx, "đất đo lại rộng hơn sổ, hàng xóm không ai tranh chấp")
    assert told["tranh"] is False and told["chấp"] is False
    told = content(idx, "ghe bị chìm ngoài biển, không trục vớt được")
    assert told["trục"] is False and told["vớt"] is False
    assert first(engine(), "tàu cá bị chìm ngoài biển, không trục vớt được") == "1.003681"


def test_what_the_story_says_is_missing_or_a_case_names_tell_is_kept():
    idx = index()
    # missing: the need or the case (a word of possession after the negation)
    assert content(idx, "con tôi không có giấy khai sinh")["giấy khai sinh"] is True
    assert content(idx, "ba mất không để lại di chúc")["di chúc"] is True
    # a case names tell with the negation ("không phải là cộng tác viên")
    assert content(idx, "chứng thực chữ ký người dịch không phải là cộng tác viên")["cộng"] is True
    # "chưa" tells a state, not a negated procedure
    assert content(idx, "đất chưa có sổ, hàng xóm chưa tranh chấp")["tranh"] is True


def test_no_longer_used_ends_the_use_with_the_thing_between():
    words = tokens("không dùng cái giếng khoan nữa, muốn trả giấy phép")
    assert ("thu", "hoi") in implied(words)
    assert implied(tokens("không dùng giếng khoan")) == frozenset()


def test_a_registered_ending_starts_with_its_action():
    name = [folded_form(w) for w in tokens("Đăng ký chấm dứt giám sát việc giám hộ")]
    assert starts_with(name, frozenset({("cham", "dut")})) == ("cham", "dut")
    thu_tuc = [folded_form(w) for w in tokens("Thủ tục đăng ký chấm dứt giám hộ")]
    assert starts_with(thu_tuc, frozenset({("cham", "dut")})) == ("cham", "dut")
    assert starts_with(name, frozenset({("giam", "sat")})) is None
