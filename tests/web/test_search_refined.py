"""A search followed by another from its results page within the refine window counts as weak
(issue 23, item 5); the gaps page shows such searches with their first hit, and the log still holds
nothing that says who searched."""

from __future__ import annotations

import re

from sqlalchemy import select, update

from tthc.models.search import SearchLog
from tthc.search.gaps import gaps


def rows(session_factory) -> list[SearchLog]:
    with session_factory() as session:
        return list(session.scalars(select(SearchLog).order_by(SearchLog.id)))


def typed_on(page: str) -> str:
    """The results page's own token (the log id, signed: only a page the site made can mark a search)."""
    return re.search(r'name="tr" value="(\d+\.\w+)"', page).group(1)


def test_a_search_typed_on_a_results_page_within_the_window_marks_it_weak(client, demo, session_factory):
    page = client.get("/tim-kiem?q=nuôi+con+nuôi").get_data(as_text=True)
    first = rows(session_factory)[0]
    token = typed_on(page)
    assert token.split(".")[0] == str(first.id) and first.top_code  # the first hit shown is kept
    client.get(f"/tim-kiem?q=đăng+ký+khai+sinh&tr={first.id}")  # an unsigned id marks nothing
    client.get(f"/tim-kiem?q=đăng+ký+nuôi+con+nuôi&tr={token}")
    assert [r.refined for r in rows(session_factory)] == [True, False, False]
    with session_factory() as session:
        listed = {g["query"]: g for g in gaps(session)}
    assert listed["nuôi con nuôi"]["refined"] == 1 and listed["nuôi con nuôi"]["top"] == first.top_code


def test_after_the_window_or_for_the_same_query_it_is_not(client, demo, session_factory):
    token = typed_on(client.get("/tim-kiem?q=nuôi+con+nuôi").get_data(as_text=True))
    first = rows(session_factory)[0]
    client.get(f"/tim-kiem?q=nuôi+con+nuôi&tr={token}")  # the same query again: not a refinement
    with session_factory.begin() as session:  # the first search was made two minutes ago
        session.execute(update(SearchLog).where(SearchLog.id == first.id).values(at=first.at.replace(year=2020)))
    client.get(f"/tim-kiem?q=đăng+ký+khai+sinh&tr={token}")
    assert not any(r.refined for r in rows(session_factory))


def test_the_gaps_page_shows_the_first_hit_and_links_to_a_synonym(client, demo, session_factory, make_user, auth):
    token = typed_on(client.get("/tim-kiem?q=nuôi+con+nuôi").get_data(as_text=True))
    first = rows(session_factory)[0]
    client.get(f"/tim-kiem?q=xin+con+nuôi&tr={token}")
    make_user("quan-tri", "admin")
    auth.login("quan-tri")
    page = client.get("/quan-tri/tim-kiem").get_data(as_text=True)
    assert "Tìm lại ngay" in page and f"/thu-tuc/{first.top_code}" in page
    assert "Thêm đồng nghĩa" in page
