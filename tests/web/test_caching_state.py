"""One catalogue state every cache keys on (tthc.catalogue.state), and the web layer's memos of it:
bounded however many dates a visitor asks, holding plain data a thread may share after its session closed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tthc.catalogue.agencies import RegisteredAgency
from tthc.catalogue.designations import LinkedGroup
from tthc.catalogue.state import catalogue_state
from tthc.models.decisions import Decision
from tthc.web.caching import MEMO_ENTRIES, BoundedMemo, current_state, per_state, plain
from tthc.web.public import search_service

ELECTRICITY = "1.013401"  # new in 2715/QĐ-UBND (19/11/2025): Cấp giấy phép hoạt động phát điện
BASELINE_CODE = "2.001263"  # in the baseline of 1/1/2025
BEFORE, AFTER = dt.date(2025, 11, 18), dt.date(2025, 11, 19)


def memos(app) -> dict[str, BoundedMemo]:
    return {name: memo for name, memo in app.extensions.items() if name.startswith("tthc_memo:")}


def test_one_state_names_each_date_and_the_whole_catalogue(demo, app):
    with demo() as session:
        state = catalogue_state(session, dt.date(2025, 12, 1))
        number = session.scalar(select(Decision.number).where(Decision.effective_date == AFTER))
    assert number == "2715/QĐ-UBND"
    # Every date between two decision dates shows the same catalogue: one key, and since when it stands.
    assert state.on(dt.date(2025, 3, 1)) == state.on(BEFORE)
    assert state.on(BEFORE)[1] == dt.date(2025, 1, 1)
    assert state.on(AFTER) != state.on(BEFORE) and state.on(AFTER)[1] == AFTER
    assert state.on(dt.date(1995, 1, 1)) == (f"r0.0{state.names}", None)  # before the baseline: nothing
    # 2682/QĐ-UBND (20/11/2025) is one more date: 2715/QĐ-UBND's procedures stand on it unchanged in count.
    assert state.on(dt.date(2025, 11, 20))[1] == dt.date(2025, 11, 20)
    # The whole state names the latest revision and the last date in force.
    assert state.key.startswith(f"{state.timeline[-1].newest}-2025-11-20")
    # The search index and the ETags of pages read the same state.
    with app.test_request_context("/"):
        assert current_state().key == state.key == search_service()._current_state()


def test_a_past_date_before_its_effective_day_is_another_state(demo):
    with demo() as session:
        before = catalogue_state(session, BEFORE)
        after = catalogue_state(session, AFTER)
    # 2715/QĐ-UBND is applied in both (revision written), but in force only from 19/11/2025.
    assert before.key != after.key
    assert before.on(AFTER) == after.on(AFTER)  # what a date shows does not depend on the day asked
    assert before.key.split("-")[0] == after.key.split("-")[0]


def test_three_hundred_dates_keep_every_memo_within_its_bound(client, demo, app):
    start = dt.date(2025, 1, 1)
    for n in range(300):  # a crawler walking the dates of a procedure page
        answer = client.get(f"/thu-tuc/{BASELINE_CODE}?ngay={start + dt.timedelta(days=n)}")
        assert answer.status_code == 200
    kept = memos(app)
    assert {"tthc_memo:groups", "tthc_memo:designations", "tthc_memo:agency register"} <= set(kept)
    for name, memo in kept.items():
        assert len(memo) <= memo.entries <= MEMO_ENTRIES, name
    assert len(kept["tthc_memo:designations"]) == MEMO_ENTRIES  # full: one answer per date, the oldest out
    assert sum(len(memo) for memo in kept.values()) <= len(kept) * MEMO_ENTRIES
    # The page after the decision's date shows the procedure; the memo still answers it.
    page = client.get(f"/thu-tuc/{ELECTRICITY}?ngay=2025-12-01").get_data(as_text=True)
    assert "Cấp giấy phép hoạt động phát điện" in page


def test_memos_hold_plain_data_after_the_pages_that_fill_them(client, demo, app):
    for url in (
        "/",
        "/danh-muc",
        f"/thu-tuc/{ELECTRICITY}",
        f"/api/v1/procedures/{ELECTRICITY}",
        "/su-kien/",
        "/thong-ke/",
    ):
        assert client.get(url).status_code == 200, url
    kept = memos(app)
    assert {"tthc_memo:agency register", "tthc_memo:groups", "tthc_memo:stats"} <= set(kept)
    for name, memo in kept.items():
        for value in memo._values.values():
            plain(value, name)  # raises on any ORM object
    (register,) = kept["tthc_memo:agency register"]._values.values()
    assert register.agencies and all(isinstance(a, RegisteredAgency) for a in register.agencies.values())
    for groups in kept["tthc_memo:groups"]._values.values():
        assert all(isinstance(g, LinkedGroup) for g in groups)


def test_a_memo_refuses_an_orm_object(demo, app):
    with app.test_request_context("/"):
        from tthc.web import db_session

        decision = db_session().scalar(select(Decision).where(Decision.number == "2715/QĐ-UBND"))
        with pytest.raises(TypeError, match="ORM object"):
            per_state("a decision", lambda: {"latest": [decision]})
        assert per_state("a number", lambda: {"latest": (decision.number,)}) == {"latest": ("2715/QĐ-UBND",)}


def test_a_memo_answers_once_per_state_and_moves_on_with_it(demo, app):
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    with app.test_request_context("/"):
        assert per_state("counted", compute) == per_state("counted", compute) == 1
    with demo() as session:  # an agency added to the register moves the state on
        from tthc.catalogue.agencies import register_agency

        register_agency(session, "Sở Khoa học và Công nghệ tỉnh Quảng Trị", actor="test")
        session.commit()
    with app.test_request_context("/"):
        assert per_state("counted", compute) == 2


def _revision_reads(app):
    """Counts the statements that read the catalogue's revisions (the state's first query)."""
    from sqlalchemy import event

    reads = []
    engine = app.extensions["tthc"].engine
    event.listen(engine, "before_cursor_execute", lambda *a: reads.append(1) if "catalogue_revision" in a[2] else None)
    return reads


def test_a_request_reads_the_state_once_and_again_after_its_own_change(demo, app):
    from tthc.search.gaps import save_group
    from tthc.web import run_change

    reads = _revision_reads(app)
    with app.test_request_context("/thu-tuc/1.013401"):
        first = current_state()
        assert current_state() is first and current_state() is first  # the validator, then each memo
        assert len(reads) == 1
        run_change(lambda session: save_group(session, "giấy khai sinh\nkhai sinh", actor="quan-tri"))
        after = current_state()  # the request's own change is seen: a new transaction, read afresh
    assert after.key != first.key and "-s" in after.key
    assert len(reads) == 2
