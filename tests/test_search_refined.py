"""A search followed by another from its results page within the refine window counts as weak
(issue 23, item 5); the gaps page shows such searches with their first hit, and the log still holds
nothing that says who searched."""

from __future__ import annotations

import re

from sqlalchemy import select, update

from tthc.search.gaps import SearchLog, gaps


def rows(session_factory) -> list[SearchLog]:
    with session_factory() as session:
        return list(session.scalars(select(SearchLog).order_by(SearchLog.id)))


def typed_on(page: str) -> str:
    return re.search(r'name="tr" value="(\d+)"', page).group(1)


def test_a_search_typed_on_a_results_page_within_the_window_marks_it_weak(client, demo, session_factory):
    page = client.get("/tim-kiem?q=nuôi+con+nuôi").get_data(as_text=True)
    first = rows(session_factory)[0]
    assert typed_on(page) == str(first.id) and first.top_code  # the first hit shown is kept
    client.get(f"/tim-kiem?q=đăng+ký+nuôi+con+nuôi&tr={first.id}")
    assert [r.refined for r in rows(session_factory)] == [True, False]
    with session_factory() as session:
        listed = {g["query"]: g for g in gaps(session)}
    assert listed["nuôi con nuôi"]["refined"] == 1 and listed["nuôi con nuôi"]["top"] == first.top_code


def test_after_the_window_or_for_the_same_query_it_is_not(client, demo, session_factory, monkeypatch):
    client.get("/tim-kiem?q=nuôi+con+nuôi")
    first = rows(session_factory)[0]
    client.get(f"/tim-kiem?q=nuôi+con+nuôi&tr={first.id}")  # the same query again: not a refinement
    monkeypatch.setenv("TTHC_SEARCH_REFINE_SECONDS", "30")
    with session_factory.begin() as session:  # the first search was made two minutes ago
        session.execute(update(SearchLog).where(SearchLog.id == first.id).values(at=first.at.replace(year=2020)))
    client.get(f"/tim-kiem?q=đăng+ký+khai+sinh&tr={first.id}")
    assert not any(r.refined for r in rows(session_factory))


def test_the_gaps_page_shows_the_first_hit_and_links_to_a_synonym(client, demo, session_factory, make_user, auth):
    client.get("/tim-kiem?q=nuôi+con+nuôi")
    first = rows(session_factory)[0]
    client.get(f"/tim-kiem?q=xin+con+nuôi&tr={first.id}")
    make_user("quan-tri", "admin")
    auth.login("quan-tri")
    page = client.get("/quan-tri/tim-kiem").get_data(as_text=True)
    assert "Tìm lại ngay" in page and f"/thu-tuc/{first.top_code}" in page
    assert "Thêm đồng nghĩa" in page
