"""Statistics that were silently zero, and slow (issue 24, item 5).

On-the-spot designations at commune centres of procedures those centres do not receive counted as 0 %
with no word anywhere: drafting and review now say "… không tiếp nhận thủ tục này", the statistics page
explains every centre whose count is zero, and list decisions have their place in the quarterly table.
The figures, their lists and the workbook are computed once per catalogue state and date and kept in a
bounded memo (the timing is benchmarks/stats.py's; here: how many times the figures are computed)."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.support.designations import COMMUNE, PROVINCE, import_and_apply, list_decision
from tests.support.phone import BROKEN_WORDS, fits
from tests.support.review import user
from tthc.catalogue.service_points import create_service_point, update_service_point
from tthc.db import transaction
from tthc.decisions import listings
from tthc.decisions.checks import check_decision
from tthc.models.catalogue import ServicePoint
from tthc.web import stats as stats_view

# Provincial procedures: the commune centre (commune procedures + 2.000829) receives none of them.
PROVINCIAL = ["1.001233", "2.000840", "2.000954"]
NOT_RECEIVED = "không tiếp nhận thủ tục này"
NEW_CENTRE = "Trung tâm Phục vụ hành chính công xã Triệu Phong"


@pytest.fixture
def commune_designations(demo):
    """The mistake as officials made it: 321/QĐ-UBND (10/01/2026) lists three provincial procedures
    on the spot "at every commune centre" and nothing at the provincial centre."""
    import_and_apply(
        demo,
        list_decision(
            "321/QĐ-UBND",
            "2026-01-10",
            [{"action": "listed", "code": c, "designation": "on_the_spot", "point_kind": "xa"} for c in PROVINCIAL],
        ),
        today="2026-01-10",
    )
    return demo


def test_a_designation_where_the_point_does_not_receive_is_a_problem_at_drafting_and_review(
    demo, make_user, auth, client, session
):
    make_user("soan", "drafter", "Sở Tư pháp")
    drafter = user(session, "soan")
    commune = session.scalar(select(ServicePoint).where(ServicePoint.name == COMMUNE))
    decision = listings.create_list_draft(
        session, drafter, title="Danh mục thủ tục giải quyết tại chỗ cấp xã", effective_date=dt.date(2026, 3, 1)
    )
    add = lambda code, names, **where: listings.add_listing(  # noqa: E731
        session, decision, drafter, action="listed", code=code, designations=names, **where
    )
    add("1.001233", ["on_the_spot"], point_kind="xa")  # provincial: no commune centre receives it
    add("2.000954", ["on_the_spot"], service_point_id=commune.id)  # provincial, at the commune centre itself
    add("1.003005", ["on_the_spot"], service_point_id=commune.id)  # a commune procedure: as it should be
    session.commit()

    report = check_decision(session, decision)
    problems = {p.field: p for p in report.decision if NOT_RECEIVED in p.message}
    assert set(problems) == {"designations.0", "designations.1"}
    assert all(p.severity == "error" for p in problems.values())  # the designation would count nowhere
    assert "1.001233" in problems["designations.0"].message and COMMUNE in problems["designations.0"].message

    auth.login("soan")
    drafting = client.get(f"/soan-thao/{decision.id}").get_data(as_text=True)
    assert drafting.count(NOT_RECEIVED) == 2 and "Mục danh mục 1: Thủ tục mã 1.001233" in drafting
    review = client.get(f"/tham-dinh/{decision.id}").get_data(as_text=True)
    assert f"{COMMUNE} {NOT_RECEIVED}" in review and review.count(NOT_RECEIVED) == 2

    # Listing it "received" at the commune centres in the same decision makes the designation count.
    add("1.001233", ["received"], point_kind="xa")
    session.commit()
    left = [p.field for p in check_decision(session, decision).decision if NOT_RECEIVED in p.message]
    assert left == ["designations.1"]


def test_every_centre_whose_count_is_zero_is_explained(commune_designations, runner, client):
    with transaction(commune_designations) as session:  # a new centre whose rules are not set yet
        create_service_point(session, NEW_CENTRE, kind="xa", rules={}, actor="test")
    result = runner.invoke(args=["stats", "--json", "--at", "2026-02-01"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    centres = {c["name"]: c for c in figures["on_the_spot"]["centres"]}
    commune, province = centres[COMMUNE], centres[PROVINCE]
    assert commune["on_the_spot"] == 0 and commune["on_the_spot_not_received"] == 3
    assert sorted(figures["lists"][commune["not_received_key"]]) == PROVINCIAL
    assert "3 thủ tục được công bố giải quyết tại chỗ" in commune["note"] and "không tiếp nhận" in commune["note"]
    assert province["on_the_spot"] == 0 and "Chưa có quyết định danh mục" in province["note"]
    assert all(c["note"] for c in centres.values() if c["on_the_spot"] == 0)
    new = centres[NEW_CENTRE]
    assert new["received"] == 0 and new["share"] is None and new["met"] is False
    assert new["note"].startswith("Trung tâm không tiếp nhận thủ tục nào")
    # Its share is missing, never drawn or written as 0 %.
    page = client.get("/thong-ke/?ngay=2026-02-01").get_data(as_text=True)
    assert f"{NEW_CENTRE}: chưa có tỷ lệ (chỉ tiêu 50%, chưa đạt)" in page
    text = runner.invoke(args=["stats", "--at", "2026-02-01"]).output
    assert f"{NEW_CENTRE}: giải quyết tại chỗ 0/0 (—)" in text and "Lưu ý: Trung tâm không tiếp nhận" in text


@pytest.mark.browser
def test_a_citizen_reads_why_a_commune_centre_counts_zero(phone_page, live_server, commune_designations):
    phone_page.set_viewport_size({"width": 320, "height": 740})
    phone_page.goto(live_server + "/thong-ke/?ngay=2026-02-01")
    assert fits(phone_page)
    assert phone_page.evaluate(BROKEN_WORDS, phone_page.locator("main").element_handle()) == []
    notes = phone_page.locator("li.centre-note")
    commune_note = notes.filter(has_text=COMMUNE)
    assert commune_note.is_visible()
    assert "3 thủ tục được công bố giải quyết tại chỗ" in commune_note.inner_text()
    assert notes.filter(has_text=PROVINCE).is_visible()  # nothing listed there at all: said too
    commune_note.get_by_role("link", name="Xem 3 thủ tục không được tính").click()
    assert (
        phone_page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Công bố giải quyết tại chỗ nhưng không tiếp nhận tại")
    )
    assert phone_page.locator("ol.figure-list li").count() == 3
    # Each of them says on its own page that the commune centres' listing does not apply.
    phone_page.locator("ol.figure-list li a").first.click()
    listing = phone_page.locator("ul.designations li", has_text="Giải quyết tại chỗ")
    assert "các Trung tâm Phục vụ hành chính công cấp xã" in listing.inner_text()
    assert "các nơi này không tiếp nhận thủ tục này" in listing.inner_text()


def test_list_decisions_appear_in_the_quarterly_table_and_the_workbook(commune_designations, client):
    page = client.get("/thong-ke/?ngay=2026-02-01").get_data(as_text=True)
    assert "Quyết định danh mục" in page
    row = page[page.index("2026-Q1") : page.index("</tr>", page.index("2026-Q1"))]
    assert "(3 mục)" in row and "quarter-lists:2026-Q1" in row
    listed = client.get("/thong-ke/danh-sach?chi_so=quarter-lists:2026-Q1&ngay=2026-02-01").get_data(as_text=True)
    assert all(f"/thu-tuc/{code}" in listed for code in PROVINCIAL)
    book = load_workbook(io.BytesIO(client.get("/thong-ke/bao-cao.xlsx?ngay=2026-02-01").data))
    sheet = book["Quyết định theo quý"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][2] == "Quyết định danh mục"
    assert next(r for r in rows if r[0] == "2026-Q1")[1:4] == [0, 1, 3]
    assert any(r[0] == "321/QĐ-UBND" for r in rows)
    notes = [r[7] for r in book["Giải quyết tại chỗ"].iter_rows(min_row=2, values_only=True)]
    assert all(notes)  # both centres count zero, and the workbook says why


@pytest.fixture
def counted(monkeypatch):
    """How many times the web computed the figures and built the workbook (the real functions run)."""
    calls = {"figures": 0, "workbook": 0}
    compute, report = stats_view.compute_stats, getattr(stats_view, "stats_report", None)

    def counting_compute(*args, **kwargs):
        calls["figures"] += 1
        return compute(*args, **kwargs)

    def counting_report(*args, **kwargs):
        calls["workbook"] += 1
        return report(*args, **kwargs)

    monkeypatch.setattr(stats_view, "compute_stats", counting_compute)
    monkeypatch.setattr(stats_view, "stats_report", counting_report, raising=False)
    return calls


def test_the_figures_are_computed_once_per_state_and_date(commune_designations, client, counted, session_factory):
    day = "ngay=2026-02-01"
    for url in (
        "/thong-ke/?" + day,
        "/thong-ke/danh-sach?chi_so=total&" + day,
        "/thong-ke/danh-sach?chi_so=online:full&" + day,
        "/thong-ke/bao-cao.xlsx?" + day,
        "/thong-ke/bao-cao.xlsx?" + day,
    ):
        assert client.get(url).status_code == 200
    assert counted == {"figures": 1, "workbook": 1}
    client.get("/thong-ke/?ngay=2026-01-01")
    assert counted["figures"] == 2

    # A service point's rules change what a centre receives: the figures are counted again.
    with transaction(session_factory) as session:
        commune = session.scalar(select(ServicePoint).where(ServicePoint.name == COMMUNE))
        update_service_point(
            session,
            commune,
            name=commune.name,
            kind=commune.kind,
            address=commune.address,
            feedback_contact=commune.feedback_contact,
            rules={**commune.rules, "levels": ["xa", "tinh"]},
            actor="test",
        )
    page = client.get("/thong-ke/?" + day).get_data(as_text=True)
    assert counted["figures"] == 3 and "Xem 3 thủ tục không được tính" not in page

    # A new decision moves the catalogue state on: counted again.
    import_and_apply(
        session_factory,
        list_decision(
            "322/QĐ-UBND",
            "2026-01-20",
            [{"action": "delisted", "code": "1.001233", "designation": "on_the_spot", "point_kind": "xa"}],
        ),
        today="2026-01-20",
    )
    client.get("/thong-ke/?" + day)
    assert counted["figures"] == 4


def test_many_dates_do_not_grow_the_memo_and_parallel_downloads_compute_once(commune_designations, app, counted):
    from tthc.web.caching import BoundedMemo

    memo = app.extensions["tthc_memo:stats"] = BoundedMemo(2)
    client = app.test_client()
    for day in ("2026-01-15", "2026-01-20", "2026-01-25"):
        client.get(f"/thong-ke/?ngay={day}")
    assert len(memo) == 2 and counted["figures"] == 3
    # The oldest went out first (another address: the page itself is kept rendered, apart).
    client.get("/thong-ke/danh-sach?chi_so=total&ngay=2026-01-15")
    assert counted["figures"] == 4

    # Four officials download the workbook of a new date at once: one computation serves them all.
    answers: list[int] = []

    def download():
        answers.append(app.test_client().get("/thong-ke/bao-cao.xlsx?ngay=2026-02-01").status_code)

    threads = [threading.Thread(target=download) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert answers == [200] * 4
    assert counted["figures"] == 5 and counted["workbook"] == 1
