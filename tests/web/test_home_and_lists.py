"""The landing page stays small at a real catalogue's size; the whole catalogue is a paginated, sortable
list; a 304 and a page served again cost no database round trip."""

import datetime as dt
import re

from sqlalchemy import event


def test_home_page_at_3000_procedures_stays_under_60_kb(large_catalogue, client):
    count = large_catalogue
    assert count >= 3000
    page = client.get("/").get_data(as_text=True)
    assert len(page.encode()) <= 60 * 1024, len(page.encode())
    assert f"{count} thủ tục" in page and 'role="search"' in page
    assert page.count('href="/thu-tuc/') == 0  # browse and search, not the catalogue
    listing = client.get("/danh-muc?sap_xep=ten&trang=3").get_data(as_text=True)
    assert listing.count('href="/thu-tuc/') == 50 and f"trang 3/{-(-count // 50)}" in listing


def test_home_is_a_landing_page_with_browse_counts_latest_and_upcoming(client, demo, session_factory):
    from tthc.db import transaction
    from tthc.models.decisions import Decision, DecisionEntry

    effective = dt.date.today() + dt.timedelta(days=10)
    with transaction(session_factory) as session:
        decision = Decision(
            number="15/QĐ-UBND",
            title="Công bố thủ tục mới",
            issuer="UBND tỉnh",
            status="signed",
            signed_date=dt.date.today(),
            effective_date=effective,
        )
        decision.entries = [DecisionEntry(position=0, action="new", code="1.999777", record={"name": "Thủ tục mới"})]
        session.add(decision)
    page = client.get("/").get_data(as_text=True)
    assert "36 thủ tục" in page and "/tim-kiem?cap=xa" in page and "/api/v1/catalogue.csv" in page
    upcoming = page.split('id="sap-thay-doi"')[1].split("</section>")[0]
    assert "15/QĐ-UBND" in upcoming and f"Từ ngày {effective:%d/%m/%Y}" in upcoming
    latest = page.split('id="quyet-dinh-moi"')[1].split("</section>")[0]
    assert latest.count('href="/quyet-dinh/') >= 2  # the sample's two decisions in force
    assert "/danh-muc" in page


def test_the_list_sorts_pages_and_keeps_its_filters(client, demo):
    by_code = client.get("/danh-muc?sap_xep=ma").get_data(as_text=True)
    codes = re.findall(r'<span class="code">([^<]+)</span>', by_code)
    assert len(codes) == 36 and codes == sorted(codes)
    by_name = client.get("/danh-muc?sap_xep=ten").get_data(as_text=True)
    names = re.findall(r'<li><a href="/thu-tuc/[^"]+">([^<]+)</a>', by_name)
    from tthc.text import sort_key

    assert names == sorted(names, key=sort_key)
    xa = client.get("/danh-muc?cap=xa").get_data(as_text=True)
    assert re.search(r"(\d+) thủ tục", xa).group(1) != "36" and 'id="cap-tinh"' not in xa
    old = client.get("/?danh_muc=on_the_spot&noi=")
    assert old.status_code == 302 and old.headers["Location"].startswith("/danh-muc?")


def test_a_304_and_a_page_served_again_ask_nothing_of_the_database(app, client, demo):
    app.testing = False  # the production path: the catalogue state kept in memory for a second
    first = client.get("/thu-tuc/1.001233")
    tag = first.headers["ETag"]
    statements = []
    engine = app.extensions["tthc"].engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get("/thu-tuc/1.001233", headers={"If-None-Match": tag}).status_code == 304
        again = client.get("/thu-tuc/1.001233")
        assert again.status_code == 200 and again.data == first.data and again.headers["ETag"] == tag
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert statements == []


def test_a_procedure_page_takes_few_round_trips(app, client, demo):
    app.testing = False
    client.get("/")  # the catalogue state is read (once a second at most)
    statements = []
    engine = app.extensions["tthc"].engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        page = client.get("/thu-tuc/1.001233?ngay=2025-12-01")
        page = client.get("/thu-tuc/2.000840?ngay=2025-12-01")
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert page.status_code == 200 and "Lịch sử thay đổi" in page.get_data(as_text=True)
    assert len([s for s in statements if not s.startswith(("BEGIN", "SAVEPOINT"))]) <= 2 + 2 + 2, statements


def test_a_message_flashed_to_one_browser_is_never_served_to_another(app, demo):
    app.testing = False
    first, second = app.test_client(), app.test_client()
    with first.session_transaction() as browser:
        browser["_flashes"] = [("message", "Đã đăng xuất.")]
    assert "Đã đăng xuất." in first.get("/danh-muc").get_data(as_text=True)
    assert "Đã đăng xuất." not in second.get("/danh-muc").get_data(as_text=True)
