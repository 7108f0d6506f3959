"""Administrators edit the life events (issue 23, item 1): an edit is a proposed version, another
administrator approves it, every step is audited and append-only; the search engine and the event
pages use the set in force, the index is refreshed in the background; steps pointing at a procedure a
decision abolished are flagged from the catalogue in force (item 2)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from tthc.db import transaction
from tthc.decisions import policy
from tthc.models.accounts import AuditLog
from tthc.models.search import EventVersion
from tthc.search import SearchQuery, SearchService
from tthc.search.event_edits import (
    EventEditError,
    active_event,
    active_events,
    add_phrase,
    changes,
    event_data,
    pending,
    propose,
    review,
    step_flags,
)
from tthc.search.events import shipped_events
from tthc.search.whoosh_index import WhooshEngine

FAMILY = "nhà tôi có thêm thành viên mới"


def test_the_shipped_set_is_the_first_version(session_factory):
    with session_factory() as session:
        assert active_events(session) is shipped_events()
        assert active_event(session, "khai-sinh").title == "Sinh con"
        assert pending(session) == []


def test_a_proposal_comes_in_force_when_another_administrator_approves_it(session_factory):
    with transaction(session_factory) as session:
        proposal = add_phrase(session, "khai-sinh", "Nhà tôi  có thêm thành viên mới", actor="quan-tri")
    with session_factory() as session:
        assert FAMILY not in active_event(session, "khai-sinh").phrases  # proposed only
        assert [p.id for p in pending(session)] == [proposal.id]
    with pytest.raises(EventEditError, match="hai người"), transaction(session_factory) as session:
        review(session, proposal.id, True, actor="quan-tri")
    with transaction(session_factory) as session:
        review(session, proposal.id, True, actor="tham-dinh", note="Đúng cách người dân nói")
    with session_factory() as session:
        event = active_event(session, "khai-sinh")
        assert event.phrases[-1] == FAMILY and event.steps == next(
            e.steps for e in shipped_events() if e.slug == "khai-sinh"
        )
        assert pending(session) == []
        audit = session.execute(
            select(AuditLog.action, AuditLog.actor, AuditLog.detail).where(AuditLog.object_type == "life_event")
        ).all()
        assert [(a, who) for a, who, _d in audit] == [("event.propose", "quan-tri"), ("event.approve", "tham-dinh")]
        assert audit[1][2]["proposed_by"] == "quan-tri" and not audit[1][2]["one_person"]
    with pytest.raises(EventEditError, match="đã được xem xét"), transaction(session_factory) as session:
        review(session, proposal.id, False, actor="tham-dinh")


def test_one_person_authority_approves_its_own_edit_and_the_log_says_so(session_factory):
    policy.configure(one_person_approves_and_signs=True)
    try:
        with transaction(session_factory) as session:
            proposal = add_phrase(session, "khai-tu", "ông nội tôi vừa mất", actor="quan-tri")
            review(session, proposal.id, True, actor="quan-tri")
    finally:
        policy.configure(one_person_approves_and_signs=False)
    with session_factory() as session:
        assert "ông nội tôi vừa mất" in active_event(session, "khai-tu").phrases
        detail = session.scalar(select(AuditLog.detail).where(AuditLog.action == "event.approve"))
        assert detail["one_person"] is True


def test_a_proposal_made_before_another_approval_cannot_undo_it(session_factory):
    with transaction(session_factory) as session:
        first = add_phrase(session, "khai-sinh", FAMILY, actor="quan-tri")
        second = add_phrase(session, "khai-sinh", "bé nhà tôi vừa chào đời", actor="quan-tri")
        review(session, second.id, True, actor="tham-dinh")
    with pytest.raises(EventEditError, match="đề xuất lại"), transaction(session_factory) as session:
        review(session, first.id, True, actor="tham-dinh")
    with session_factory() as session:
        phrases = active_event(session, "khai-sinh").phrases
        assert "bé nhà tôi vừa chào đời" in phrases and FAMILY not in phrases


def test_a_rejected_proposal_changes_nothing(session_factory):
    with transaction(session_factory) as session:
        proposal = add_phrase(session, "khai-sinh", FAMILY, actor="quan-tri")
        review(session, proposal.id, False, actor="tham-dinh", note="Quá chung chung")
    with session_factory() as session:
        assert active_events(session) is shipped_events() and pending(session) == []


def test_an_edit_of_title_steps_and_conditions_is_validated_and_nfc(session_factory):
    data = event_data(next(e for e in shipped_events() if e.slug == "khai-sinh"))
    decomposed = unicodedata.normalize("NFD", "Sinh con, làm giấy khai sinh")
    with transaction(session_factory) as session:
        with pytest.raises(EventEditError, match="không phải mã thủ tục quốc gia"):
            propose(session, "khai-sinh", {**data, "steps": [{"codes": "1.00119", "title": "Khai sinh"}]})
        with pytest.raises(EventEditError, match="Cần nhập tên sự kiện"):
            propose(session, "khai-sinh", {**data, "title": "  "})
        with pytest.raises(EventEditError, match="ít nhất một bước"):
            propose(session, "khai-sinh", {**data, "steps": [{"codes": "", "title": "bỏ"}]})
        with pytest.raises(EventEditError, match="Đã có sự kiện"):
            propose(session, "khai-sinh", data, new=True)
        steps = [
            {"codes": "1.001193", "title": "Đăng ký khai sinh cho con", "logic": "or", "style": "required"},
            {
                "codes": "2.000528, 1.001193",
                "title": "Khai sinh có yếu tố nước ngoài",
                "condition": "nếu cha hoặc mẹ là người nước ngoài",
                "logic": "or",
                "style": "choice",
            },
        ]
        proposal = propose(session, "khai-sinh", {**data, "title": decomposed, "steps": steps}, actor="quan-tri")
        assert proposal.data["title"] == "Sinh con, làm giấy khai sinh"
        assert proposal.data["steps"][0]["logic"] == ""  # the first step follows nothing
        assert proposal.data["steps"][1]["codes"] == ["2.000528", "1.001193"]
        assert changes(data, proposal.data)[0] == "Tên: «Sinh con, làm giấy khai sinh» (trước: «Sinh con»)"
        review(session, proposal.id, True, actor="tham-dinh")
    with session_factory() as session:
        event = active_event(session, "khai-sinh")
        assert event.title == "Sinh con, làm giấy khai sinh" and len(event.steps) == 2
        assert event.steps[1].condition == "nếu cha hoặc mẹ là người nước ngoài"
        assert len(active_events(session)) == len(shipped_events())


def test_a_new_event_is_added_after_the_shipped_ones(session_factory):
    with transaction(session_factory) as session:
        proposal = propose(
            session,
            "cham-soc-thay-the",
            {
                "group": "Có con nhỏ",
                "title": "Nhận chăm sóc thay thế trẻ em",
                "description": "Nhận chăm sóc một trẻ em không còn người chăm sóc.",
                "source": "Luật Trẻ em 2016",
                "phrases": "muốn nhận chăm sóc thay thế\nnuôi trẻ mồ côi\nnhận nuôi bé",
                "steps": [{"codes": "1.003005", "title": "Đăng ký việc nuôi con nuôi trong nước"}],
            },
            new=True,
            actor="quan-tri",
        )
        review(session, proposal.id, True, actor="tham-dinh")
    with session_factory() as session:
        events = active_events(session)
        assert events[-1].slug == "cham-soc-thay-the" and events[-1].phrases == (
            "muốn nhận chăm sóc thay thế",
            "nuôi trẻ mồ côi",
            "nhận nuôi bé",
        )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE event_version SET status = 'approved'",
        "UPDATE event_version SET data = '{}'",
        "DELETE FROM event_version",
    ],
)
def test_database_refuses_to_rewrite_event_versions(session_factory, statement):
    with transaction(session_factory) as session:
        add_phrase(session, "khai-sinh", FAMILY, actor="quan-tri")
    with session_factory() as session, pytest.raises(DBAPIError, match="append-only"):
        session.execute(text(statement))
        session.flush()
    with session_factory() as session:
        version = session.scalars(select(EventVersion)).one()
        version.status = "approved"
        with pytest.raises(ValueError, match="không được sửa"):
            session.flush()


def test_an_approved_phrase_is_indexed_in_the_background_and_used_when_done(session_factory, births, tmp_path):  # noqa: F811
    service = SearchService(session_factory, tmp_path / "index", check_seconds=0, background=True)
    service.rebuild(wait=True)
    before = service.search(SearchQuery(FAMILY))
    assert before.nothing_fits  # no event answers it (one may be offered as a lead, below the floor)
    with transaction(session_factory) as session:
        proposal = add_phrase(session, "khai-sinh", "có thêm thành viên mới", actor="quan-tri")
        review(session, proposal.id, True, actor="tham-dinh")
    service._builder = None
    during = service.search(SearchQuery("gia đình có thêm thành viên mới"))  # the previous index answers
    assert isinstance(service._engine, WhooshEngine) and during.stale and during.nothing_fits
    service.wait_for_rebuild()
    after = service.search(SearchQuery(FAMILY))
    assert not after.stale and after.event == {"slug": "khai-sinh", "title": "Sinh con", "matched": True}
    assert after.hits[0]["code"] == "1.001193" and after.hits[0]["event"] == "khai-sinh"
    assert not after.nothing_fits


def test_the_memory_scan_uses_the_events_in_force_too(session_factory, births, tmp_path):  # noqa: F811
    with transaction(session_factory) as session:
        proposal = add_phrase(session, "khai-sinh", "có thêm thành viên mới", actor="quan-tri")
        review(session, proposal.id, True, actor="tham-dinh")
    service = SearchService(session_factory, tmp_path / "index", check_seconds=0, background=True)
    with session_factory() as session:
        from tthc.catalogue.state import catalogue_state

        engine = service._memory_engine(catalogue_state(session, dt.date.today()).key)
    answer = engine.search(SearchQuery(FAMILY))
    assert answer.event["slug"] == "khai-sinh" and answer.hits[0]["code"] == "1.001193"


def test_a_step_pointing_at_an_abolished_procedure_is_flagged_once_the_decision_takes_effect(demo):
    """The demo's second decision abolishes 2.001535 (bán lẻ điện): a step staff pointed at it is flagged
    from the day the decision took effect, computed from the catalogue in force (not stored)."""
    with transaction(demo) as session:
        data = event_data(next(e for e in shipped_events() if e.slug == "thanh-lap-cong-ty"))
        data["steps"].append({"codes": ["2.001535"], "title": "Giấy phép bán lẻ điện", "style": "optional"})
        proposal = propose(session, data["slug"], data, actor="quan-tri")
        review(session, proposal.id, True, actor="tham-dinh")
    with demo() as session:
        effective = session.execute(
            text("SELECT min(valid_from) FROM procedure_version WHERE state = 'abolished' AND code = '2.001535'")
        ).scalar()
        effective = dt.date.fromisoformat(str(effective)[:10])
        events = active_events(session)
        assert step_flags(session, events, effective - dt.timedelta(days=1)) == {}
        flags = step_flags(session, events)
        assert set(flags) == {"2.001535"}
        assert flags["2.001535"]["state"] == "abolished" and flags["2.001535"]["since"] == effective
