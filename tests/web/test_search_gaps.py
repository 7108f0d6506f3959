"""Search gaps: public searches logged without identity, bounded retention, opened results, the
administrator's synonym groups (validated, audited, append-only versions, in force after the index
refresh), `tthc search gaps --json` and `tthc search QUERY --explain`."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from tests.support.auth import csrf_token
from tthc.db import transaction
from tthc.models.accounts import AuditLog
from tthc.models.search import SearchLog, SynonymVersion
from tthc.search import SearchQuery, SearchService
from tthc.search.gaps import (
    SynonymError,
    current_groups,
    database_synonyms,
    gaps,
    mark_opened,
    record_search,
    save_group,
)


def logs(session_factory) -> list[SearchLog]:
    with session_factory() as session:
        return list(session.scalars(select(SearchLog).order_by(SearchLog.id)))


def test_the_log_holds_no_identity():
    assert set(SearchLog.__table__.columns.keys()) == {
        "id",
        "at",
        "query",
        "results",
        "nothing_fits",
        "opened",
        "refined",
        "top_code",
    }


def test_public_search_is_logged_and_an_opened_result_is_marked(client, demo, session_factory):
    page = client.get("/tim-kiem?q=Nuôi  con nuôi").get_data(as_text=True)
    [entry] = logs(session_factory)
    assert (entry.query, entry.opened) == ("nuôi con nuôi", False) and entry.results >= 1
    link = re.search(r'href="(/thu-tuc/[^"]+tk=\d+\.[0-9a-f]+[^"]*)"', page).group(1).replace("&amp;", "&")
    assert client.get(link).status_code == 200
    assert logs(session_factory)[0].opened
    client.get("/tim-kiem?q=nuôi+con+nuôi&trang=2")  # later pages and browsing are not new searches
    client.get("/tim-kiem?cap=xa")
    client.get("/api/v1/procedures?q=nu&facets=0")  # results as you type: not logged
    assert len(logs(session_factory)) == 1
    client.get("/api/v1/procedures?q=nuôi+con+nuôi")
    assert len(logs(session_factory)) == 2


def test_nothing_fits_page_says_so_and_points_elsewhere(client, demo, session_factory):
    page = client.get("/tim-kiem?q=cap+giay+phep+xay+dung").get_data(as_text=True)
    assert "Không tìm thấy thủ tục nào khớp với «cap giay phep xay dung»" in page
    assert "https://dichvucong.gov.vn" in page
    # building a house is a life event none of whose procedures the demo authority handles: it says
    # so and offers no unrelated procedure (issue 23)
    assert "không giải quyết thủ tục nào của sự kiện này" in page and "Các thủ tục gần nhất" not in page
    assert "Có phải bạn muốn tìm" not in page
    assert logs(session_factory)[0].nothing_fits


def test_retention_is_bounded_and_configurable(session_factory, monkeypatch):
    # The web door passes the setting SEARCH_LOG_DAYS (tests/web/test_config_settings.py); here it is 30.
    from tthc.search import gaps as gaps_module

    monkeypatch.setattr(gaps_module, "_pruned_at", float("-inf"))  # as in a process that has not pruned yet
    with transaction(session_factory) as session:
        session.add(
            SearchLog(
                query="cũ",
                results=0,
                nothing_fits=True,
                opened=False,
                at=dt.datetime.now(dt.UTC) - dt.timedelta(days=31),
            )
        )
        session.add(
            SearchLog(
                query="còn",
                results=0,
                nothing_fits=True,
                opened=False,
                at=dt.datetime.now(dt.UTC) - dt.timedelta(days=29),
            )
        )
    with transaction(session_factory) as session:
        record_search(session, "mới", 0, True, log_days=30)
    assert [e.query for e in logs(session_factory)] == ["còn", "mới"]
    with transaction(session_factory) as session:  # within PRUNE_SECONDS: written, nothing more deleted
        session.add(
            SearchLog(
                query="cũ nữa",
                results=0,
                nothing_fits=True,
                opened=False,
                at=dt.datetime.now(dt.UTC) - dt.timedelta(days=40),
            )
        )
        record_search(session, "mới nữa", 0, True, log_days=30)
    assert [e.query for e in logs(session_factory)] == ["còn", "mới", "cũ nữa", "mới nữa"]


def test_gaps_lists_frequent_weak_queries(session_factory):
    with transaction(session_factory) as session:
        for _ in range(3):
            record_search(session, "Làm thẻ thư viện", 0, True)
        opened = record_search(session, "đăng ký khai sinh", 12, False)  # found and opened: not a gap
        mark_opened(session, opened)
        record_search(session, "xin visa", 2, False)
        rows = gaps(session)
    assert [(r["query"], r["searches"]) for r in rows] == [("làm thẻ thư viện", 3), ("xin visa", 1)]


def test_synonym_groups_are_validated_versioned_and_audited(session_factory):
    with transaction(session_factory) as session:
        with pytest.raises(SynonymError):
            save_group(session, "chỉ một cụm", actor="quan-tri")
        with pytest.raises(SynonymError):
            save_group(session, "cai nghiện\nCai  nghiện", actor="quan-tri")  # the same phrase twice
        first = save_group(session, "cai thuốc phiện\ncai nghiện ma túy", actor="quan-tri")
        save_group(session, "cai thuốc phiện, cai nghiện ma túy, cai nghiện", group_id=first.group_id, actor="quan-tri")
    with session_factory() as session:
        versions = session.scalars(select(SynonymVersion).order_by(SynonymVersion.id)).all()
        assert [v.phrases for v in versions] == [
            ["cai thuốc phiện", "cai nghiện ma túy"],
            ["cai thuốc phiện", "cai nghiện ma túy", "cai nghiện"],
        ]
        assert database_synonyms(session) == [["cai thuốc phiện", "cai nghiện ma túy", "cai nghiện"]]
        actions = session.scalars(select(AuditLog.action).where(AuditLog.object_type == "synonym_group")).all()
        assert actions == ["search.synonyms", "search.synonyms"]
    with transaction(session_factory) as session:
        save_group(session, "", group_id=first.group_id, active=False, actor="quan-tri")
        assert database_synonyms(session) == [] and not current_groups(session)[0]["active"]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE synonym_version SET phrases = '[\"sửa lén\", \"sửa lén nữa\"]'",
        "UPDATE synonym_version SET active = false",
        "DELETE FROM synonym_version",
    ],
)
def test_database_refuses_to_rewrite_synonym_versions(session_factory, statement):
    with transaction(session_factory) as session:
        save_group(session, "cai thuốc phiện\ncai nghiện ma túy", actor="quan-tri")
    with session_factory() as session, pytest.raises(DBAPIError, match="append-only"):
        session.execute(text(statement))
        session.flush()
    with session_factory() as session:  # and the ORM says so before the database does
        version = session.scalars(select(SynonymVersion)).one()
        version.active = False
        with pytest.raises(ValueError, match="không được sửa"):
            session.flush()
        session.rollback()
        session.delete(session.scalars(select(SynonymVersion)).one())
        with pytest.raises(ValueError, match="không được xóa"):
            session.flush()


def test_a_database_group_works_after_the_index_refresh(demo, tmp_path):
    service = SearchService(demo, tmp_path / "index", check_seconds=0, background=False)
    before = service.search(SearchQuery("cai thuốc phiện"))
    assert before.nothing_fits
    with transaction(demo) as session:
        save_group(session, "cai thuốc phiện\ncai nghiện ma túy", actor="quan-tri")
    # the catalogue state now names the synonym version: the next search finds the index stale and
    # refreshes it (the CLI and tests inline, the web in the background)
    after = service.search(SearchQuery("cai thuốc phiện  ", explain=True))
    assert after.hits[0]["code"] == "3.000527" and not after.nothing_fits
    assert after.hits[0]["explain"]["matches"][0]["how"] == "đồng nghĩa"


def test_admin_page_lists_gaps_and_adds_a_group(client, make_user, demo, session_factory, auth):
    client.get("/tim-kiem?q=cai+thuốc+phiện")
    make_user("soan", "reviewer")
    auth.login("soan")
    assert client.get("/quan-tri/tim-kiem").status_code == 403
    auth.logout()
    make_user("quan-tri", "admin")
    auth.login("quan-tri")
    page = client.get("/quan-tri/tim-kiem").get_data(as_text=True)
    assert "cai thuốc phiện" in page
    token = csrf_token(client, "/quan-tri/tim-kiem")
    bad = client.post("/quan-tri/tim-kiem", data={"phrases": "một cụm", "csrf_token": token})
    assert bad.status_code == 400 and "ít nhất hai cụm" in bad.get_data(as_text=True)
    done = client.post(
        "/quan-tri/tim-kiem", data={"phrases": "cai thuốc phiện\ncai nghiện ma túy", "csrf_token": token}
    )
    assert done.status_code == 302
    client.post("/quan-tri/tim-kiem/lam-moi", data={"csrf_token": token})
    found = client.get("/api/v1/procedures?q=cai+thuốc+phiện&facets=0").get_json()
    assert found["hits"][0]["code"] == "3.000527" and not found["nothing_fits"]


def test_cli_gaps_json_and_explain(runner, demo, session_factory):
    with transaction(session_factory) as session:
        record_search(session, "làm thẻ thư viện", 0, True)
    result = runner.invoke(args=["search", "gaps", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["query"] == "làm thẻ thư viện"
    explained = runner.invoke(args=["search", "nuoi con nuoi trong nuoc", "--explain", "--limit", "2"])
    assert explained.exit_code == 0, explained.output
    assert "1. 2.001263" in explained.output and "cùng từ" in explained.output and "coverage=" in explained.output
    as_json = json.loads(runner.invoke(args=["search", "nuôi con nuôi", "--json", "--explain"]).output)
    assert {"code", "name", "level", "sector", "explain"} <= as_json[0].keys()
