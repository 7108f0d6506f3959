"""Social insurance, social work and people with merit in citizens' words (branch ins35).

Real procedures of the whole catalogue (catalogue_large): the names' ranking as it is, with the
shipped events, synonyms and qualifiers."""

from __future__ import annotations

import pytest

from tests.search_eval.sampling import SOCIAL_FIELDS
from tests.support.search_engines import large_rows
from tthc.search.events import event_by_slug, events_of_code
from tthc.search.memory import MemoryEngine
from tthc.search.query import SearchQuery

# what no citizen, family or small employer files: hospitals' contracts and payments with the
# insurer, founding and licensing care homes, the province's announcement decisions
NOT_A_CITIZENS = {"1.001798", "1.001909", "1.013814", "1.013815", "1.013820"}


@pytest.fixture(scope="module")
def rows() -> tuple[dict, ...]:
    return large_rows()


def answer(eng: MemoryEngine, text: str):
    return eng.search(SearchQuery(text, per_page=5).normalized())


def test_every_citizens_procedure_of_the_fields_is_a_step_of_some_event(rows):
    left = {
        r["code"]
        for r in rows
        if r["field"] in SOCIAL_FIELDS
        and r["code"] not in NOT_A_CITIZENS
        and not r["name"].startswith("Công bố Danh mục")
        and not events_of_code(r["code"])
    }
    assert left == set()


@pytest.mark.parametrize(
    ("text", "code", "slug"),
    [
        (
            "học xong ngành công tác xã hội, cần giấy xác nhận đã đi thực hành ở trung tâm để sau này xin hành nghề",
            "1.012990",
            "hanh-nghe-cong-tac-xa-hoi",
        ),
        ("sổ bhxh ghi sai ngày sinh, sửa sao", "1.002759", "so-bhxh-the-bhyt-sai-mat"),
        ("mất sổ bảo hiểm xã hội ở công ty cũ, xin cấp lại", "1.002759", "so-bhxh-the-bhyt-sai-mat"),
        ("chủ tịch xã sắp nghỉ hưu làm hồ sơ lương hưu", "2.000605", "can-bo-xa-nghi-huu"),
    ],
)
def test_new_events_answer_their_procedures_without_doubt(whole, text, code, slug):
    result = answer(whole, text)
    assert result.hits[0]["code"] == code
    assert result.event["slug"] == slug
    assert not result.nothing_fits


def test_a_martyrs_grave_moves_out_of_or_into_a_cemetery(whole):
    out = answer(whole, "xin đưa mộ liệt sĩ đang nằm ở nghĩa trang liệt sĩ tỉnh khác về quê cho gia đình tiện chăm sóc")
    into = answer(whole, "mộ liệt sĩ chôn trong vườn nhà từ hồi chiến tranh, muốn đưa vào nghĩa trang liệt sĩ")
    assert out.hits[0]["code"] == "1.010829"
    assert into.hits[0]["code"] == "1.010830"


def test_the_heroic_mothers_benefit_once_awarded_before_the_title(whole):
    for text in (
        "bà ngoại đã được truy tặng Bà mẹ Việt Nam anh hùng, giờ gia đình làm hồ sơ hưởng trợ cấp ưu đãi thế nào",
        "bà nội được phong mẹ anh hùng thì có tiền hàng tháng không",
    ):
        assert answer(whole, text).hits[0]["code"] == "1.010804", text


def test_the_unpaid_months_of_a_pensioner_who_died(whole):
    text = (
        "Mẹ tôi hưởng lương hưu, mất hồi tháng trước mà mấy tháng cuối chưa kịp đi lãnh tiền hưu ở bưu"
        " điện. Anh em tôi muốn lãnh phần tiền còn lại của mẹ thì phải làm giấy tờ gì, nộp ở bảo hiểm"
        " xã hội quận hay ở đâu?"
    )
    assert answer(whole, text).hits[0]["code"] == "2.000717"
    # the pension moved to the home province still leads when that is the case told
    assert answer(whole, "ông bà già hưu về quê ở chuyển chỗ lãnh lương").hits[0]["code"] == "1.001742"


def test_the_two_re_examinations_of_a_war_invalid_are_apart():
    steps = event_by_slug("thuong-binh-nguoi-co-cong").steps
    assert ("1.010807",) in [s.codes for s in steps]
    assert ("1.013748",) in [s.codes for s in steps]
    assert not steps[0].logic


def test_a_war_invalid_on_the_old_incapacity_allowance(whole):
    text = (
        "ba tôi bị thương ở chiến trường, nghỉ việc năm 1990 vì yếu không làm nổi, đang lãnh tiền hằng"
        " tháng, có được hưởng thêm gì không"
    )
    assert answer(whole, text).hits[0]["code"] == "1.010809"
