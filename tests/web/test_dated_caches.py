"""Public answers whose cost grows with the catalogue are built once per catalogue state: searches on a
past date and the CSV/XLSX/JSON Lines downloads. The state of a date changes only on decision dates."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tthc.catalogue.queries import catalogue_on
from tthc.catalogue.state import catalogue_state
from tthc.models.search import SearchLog
from tthc.search import SearchQuery
from tthc.web.public import search_service


def test_dates_between_two_decision_dates_share_one_state(demo):
    with demo() as session:
        state = catalogue_state(session, dt.date(2025, 12, 1))
        spring, summer = state.on(dt.date(2025, 3, 1)), state.on(dt.date(2025, 8, 1))
        after = state.on(dt.date(2025, 11, 19))
        assert spring == summer and spring[1] == dt.date(2025, 1, 1)
        assert after != spring and after[1] == dt.date(2025, 11, 19)
        # The state's date shows the same catalogue as the date asked for.
        assert [v.id for v in catalogue_on(session, dt.date(2025, 8, 1))] == [
            v.id for v in catalogue_on(session, spring[1])
        ]


def test_past_date_searches_reuse_one_engine_per_state(app, demo):
    with app.test_request_context():
        service = search_service()
    query = SearchQuery(text="nuôi con nuôi")
    first = service.search(query, dt.date(2025, 2, 1))
    for day in range(2, 28):  # a new date every time, as a crawler would
        assert service.search(query, dt.date(2025, 2, day)).total == first.total
    assert len([key for key in service._memory if key[0] == "dated"]) == 1
    later = service.search(query, dt.date(2025, 12, 1))
    assert len([key for key in service._memory if key[0] == "dated"]) == 2
    assert later.state != first.state


def test_a_repeated_past_date_search_page_renders_its_facets_once_and_writes_nothing(
    client, app, demo, session_factory
):
    url = "/tim-kiem?q=nuôi+con+nuôi&ngay=2025-03-01"
    first = client.get(url).get_data(as_text=True)
    assert 'id="loc-tieu-de"' in first and "<mark>" in first
    cached = app.extensions["tthc_facets_html"]
    assert len(cached) == 1
    assert client.get(url).get_data(as_text=True) == first  # the same page, facets from the cache
    assert len(cached) == 1
    client.get("/tim-kiem?q=nuôi+con+nuôi&ngay=2025-03-02")  # another address: its own links
    client.get("/tim-kiem?q=nuôi+con+nuôi&ngay=2025-03-01&cap=xa")
    assert len(cached) == 3
    with session_factory() as session:  # reading history is not a gap in today's catalogue
        assert session.scalars(select(SearchLog)).all() == []
    client.get("/api/v1/procedures?q=nuôi+con+nuôi&ngay=2025-03-01")
    with session_factory() as session:
        assert session.scalars(select(SearchLog)).all() == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl"])
def test_downloads_are_generated_once_per_state_and_served_with_an_etag(client, demo, app, fmt, tmp_path):
    first = client.get(f"/api/v1/catalogue.{fmt}?ngay=2025-03-01")
    assert first.status_code == 200 and first.headers["ETag"]
    files = list((tmp_path / "exports" / "catalogue").iterdir())
    assert len(files) == 1
    made = files[0].stat().st_mtime_ns
    other_day = client.get(f"/api/v1/catalogue.{fmt}?ngay=2025-08-01")
    assert other_day.data == first.data and other_day.headers["ETag"] == first.headers["ETag"]
    assert files[0].stat().st_mtime_ns == made  # served from the file, not generated again
    assert 'filename="danh-muc-tthc-2025-08-01' in other_day.headers["Content-Disposition"]
    again = client.get(f"/api/v1/catalogue.{fmt}?ngay=2025-03-01", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    today = client.get(f"/api/v1/catalogue.{fmt}")
    assert today.headers["ETag"] != first.headers["ETag"]
    assert len(list((tmp_path / "exports" / "catalogue").iterdir())) == 2
