"""A source's announcement deadline (issue 26): 5 working days before the legal text takes effect, the
province's decision signed by then; how early or late each source was announced, on its page, in the
list and in `tthc source show`; only sources with entries still unannounced count as overdue."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support.sources import USERS, draft_whole_and_sign, ministry_source
from tthc.sources.reading import import_source, read_source_bytes
from tthc.sources.service import get_source, meaning_of, overdue

SETTINGS = {"AUTHORITY_LEVELS": "tinh,xa", "SOURCE_DEADLINE_DAYS": 5}


@pytest.fixture
def source_id(demo, make_user):
    for name, role in USERS:
        make_user(name, role, agency="Sở Tư pháp" if role == "drafter" else None)
    flat, doubts = read_source_bytes(ministry_source(), "3120_QĐ-BTP.docx")
    with demo() as session:
        source = import_source(session, flat, doubts=doubts, actor="test")
        session.commit()
        return source.id


def _head(demo, source_id, today: dt.date) -> dict:
    with demo() as session:
        return meaning_of(session, get_source(session, source_id), SETTINGS, today).as_dict()["source"]


def test_a_source_announced_by_its_deadline_is_not_late_before_the_decision_takes_effect(
    demo, source_id, runner, client, auth
):
    """The deadline is for announcing (signing) the province's decision: a decision signed in time is not
    late while it waits for its effective date, and the pages say how early it was announced."""
    draft_whole_and_sign(demo, source_id, dt.date(2025, 12, 17), SETTINGS)
    head = _head(demo, source_id, dt.date(2025, 12, 29))
    assert (head["deadline"], head["days_left"]) == ("2025-12-24", -5)
    assert head["counts"]["pending"] == 4  # done once in force
    assert (head["announced"], head["announced_days_late"], head["late"]) == ("2025-12-17", -7, False)
    with demo() as session:
        assert overdue(session, SETTINGS, dt.date(2025, 12, 29)) == []
    shown = runner.invoke(args=["source", "show", str(source_id), "--today", "2025-12-29"])
    assert "Hạn công bố: 24/12/2025 (tỉnh công bố ngày 17/12/2025: sớm 7 ngày)" in shown.stdout
    auth.login("kiemsoat")
    assert "tỉnh công bố ngày 17/12/2025: sớm 7 ngày" in client.get("/nguon/").get_data(as_text=True)
    assert "Nguồn đã quá hạn công bố" not in client.get("/tham-dinh/").get_data(as_text=True)


def test_a_source_announced_after_its_deadline_says_by_how_many_days(demo, source_id, runner):
    before = _head(demo, source_id, dt.date(2025, 12, 26))
    assert (before["announced"], before["late"]) == (None, True)  # nothing signed, the deadline passed
    draft_whole_and_sign(demo, source_id, dt.date(2025, 12, 26), SETTINGS)
    head = _head(demo, source_id, dt.date(2025, 12, 29))
    assert (head["announced"], head["announced_days_late"], head["late"]) == ("2025-12-26", 2, False)
    shown = runner.invoke(args=["source", "show", str(source_id), "--today", "2025-12-29"])
    assert "(tỉnh công bố ngày 26/12/2025: trễ 2 ngày)" in shown.stdout
