"""Answers given again in front of Flask (tthc.web.caching.AnswerShortcut) and kept pages sent gzip-compressed:
an anonymous repeat visit or revalidation costs a lookup, yet never outlives the catalogue state, never
reaches a logged-in visitor, and never skips a search that must be logged."""

from __future__ import annotations

import datetime as dt
import gzip
import re

import pytest
from flask import request_started
from sqlalchemy import select

from tthc.catalogue.io import import_baseline
from tthc.db import transaction
from tthc.decisions.effect import apply_due
from tthc.decisions.importing import import_decisions
from tthc.models.search import SearchLog
from tthc.records.flat import read_jsonl

PROCEDURE = "/thu-tuc/2.001263"


@pytest.fixture
def dispatched(app):
    """The requests that reached Flask (the shortcut answers before Flask's request_started)."""
    seen: list[str] = []

    def note(sender, **extra):
        from flask import request

        seen.append(request.full_path)

    request_started.connect(note, app)
    yield seen
    request_started.disconnect(note, app)


def test_a_repeat_visit_and_a_revalidation_never_reach_flask(client, demo, dispatched):
    first = client.get(PROCEDURE)
    assert first.status_code == 200 and len(dispatched) == 1
    again = client.get(PROCEDURE)
    held = client.get(PROCEDURE, headers={"If-None-Match": first.headers["ETag"]})
    assert len(dispatched) == 1, "answered in front of Flask"
    assert again.status_code == 200 and again.data == first.data
    assert held.status_code == 304 and held.data == b""
    for answer in (again, held):  # the same validators and the same security headers as Flask gave
        assert answer.headers["ETag"] == first.headers["ETag"]
        assert answer.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
        assert answer.headers["Cache-Control"] == "public, no-cache"
    assert "Content-Type" not in held.headers
    stale = client.get(PROCEDURE, headers={"If-None-Match": 'W/"not-this-one"'})
    assert stale.status_code == 200 and stale.data == first.data


def test_a_decision_taking_effect_ends_the_shortcut(client, session_factory, sample_dir, dispatched):
    with transaction(session_factory) as session:
        import_baseline(session, sample_dir / "procedures.jsonl", dt.date(2025, 1, 1), actor="test")
    before = client.get("/")
    assert client.get("/", headers={"If-None-Match": before.headers["ETag"]}).status_code == 304
    assert len(dispatched) == 1
    with transaction(session_factory) as session:
        import_decisions(session, read_jsonl(sample_dir / "decisions.jsonl"), signed=True, actor="test")
    apply_due(session_factory)
    after = client.get("/", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert len(dispatched) == 2
    assert "2715/QĐ-UBND" in after.get_data(as_text=True)  # the latest decisions, now in force


def test_a_logged_in_visitor_never_gets_the_anonymous_answer(app, client, demo, make_user, auth, dispatched):
    anonymous = client.get(PROCEDURE)
    make_user("ksthc", "reviewer")
    auth.login("ksthc")
    mine = client.get(PROCEDURE, headers={"If-None-Match": anonymous.headers["ETag"]})
    assert mine.status_code == 200 and mine.headers["Cache-Control"] == "private, no-cache"
    assert mine.headers["ETag"] != anonymous.headers["ETag"]
    assert dispatched.count(PROCEDURE + "?") == 2


def test_every_search_is_still_logged_with_its_own_id(client, demo, session_factory, dispatched):
    pages = [client.get("/tim-kiem?q=nuoi+con+nuoi").get_data(as_text=True) for _ in range(2)]
    assert len(dispatched) == 2
    with session_factory() as session:
        ids = list(session.scalars(select(SearchLog.id).order_by(SearchLog.id)))
    assert len(ids) == 2
    # The second page is the first one kept, with its own log id in every result link.
    for page, log_id in zip(pages, ids, strict=True):
        links = re.findall(r'href="/thu-tuc/[^"]*?tk=(\d*)\.[0-9a-f]+"', page)
        assert links and set(links) == {str(log_id)}
    tokens = [re.search(r"tk=([\w.]+)", page).group(1) for page in pages]
    assert pages[0].replace(tokens[0], "") == pages[1].replace(tokens[1], "")


def test_kept_pages_go_compressed_to_clients_that_take_gzip(client, demo):
    plain = client.get(PROCEDURE)
    first = client.get("/danh-muc", headers={"Accept-Encoding": "gzip, deflate, br"})
    kept = client.get(PROCEDURE, headers={"Accept-Encoding": "gzip"})
    refused = client.get(PROCEDURE, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert first.headers["Content-Encoding"] == "gzip"  # rendered now, sent compressed at once
    assert gzip.decompress(first.data) == client.get("/danh-muc").data
    assert kept.headers["Content-Encoding"] == "gzip" and gzip.decompress(kept.data) == plain.data
    assert int(kept.headers["Content-Length"]) == len(kept.data) < len(plain.data) / 3
    assert "Content-Encoding" not in refused.headers and refused.data == plain.data
    assert "Accept-Encoding" in plain.headers["Vary"] and "Accept-Encoding" in kept.headers["Vary"]
