"""What search keeps between reads to answer faster (branch perf40): each cache gives the answers
it replaced, and a plan weighed by one index is weighed anew by another (a refreshed index)."""

from tthc.search.names import NameIndex

NAMES = [  # real names (catalogue_large, Đường bộ)
    "Cấp Giấy phép kinh doanh vận tải bằng xe ô tô, bằng xe bốn bánh có gắn động cơ",
    "Cấp, cấp lại Phù hiệu cho xe ô tô, xe bốn bánh có gắn động cơ kinh doanh vận tải",
]
QUERY = "xin giấy phép kinh doanh vận tải taxi ở đâu"


def test_a_plan_weighed_by_one_index_is_weighed_again_by_a_refreshed_one():
    old = NameIndex(NAMES)
    plan = old.plan(QUERY)
    units, total = old.content_weights(plan)
    assert total == sum(old.unit_weight(u) for u in plan.units if u.content) > 0
    # the refreshed catalogue holds more names with "vận tải": the word weighs less there
    new = NameIndex([*NAMES, *(f"Cấp giấy phép vận tải hàng hóa loại {i}" for i in range(8))])
    new_units, new_total = new.content_weights(plan)
    assert [u for u, _w in new_units] == [u for u, _w in units]
    assert new_total == sum(new.unit_weight(u) for u in plan.units if u.content)
    assert new_total != total
    assert old.content_weights(plan)[1] == total  # and the first index its own again


def test_the_share_a_name_holds_is_the_same_read_once_or_twice():
    index = NameIndex(NAMES)
    plan = index.plan(QUERY)
    first = [index.name_share(doc, plan) for doc in range(len(NAMES))]
    assert first == [index.name_share(doc, plan) for doc in range(len(NAMES))]
    words = set(index.words[0])
    held = sum(index.unit_weight(u) for u in plan.units if u.content and u.held_by(words))
    assert first[0] == held / sum(index.unit_weight(u) for u in plan.units if u.content)
