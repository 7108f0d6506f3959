"""The province's draft decision made from a ministry's source (issue 26): entries pre-filled, the source
cited, what the province must fill marked; the checks pass once those are filled; once the decision is in
force the entries it covers are done."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.support.sources import FILLED, USERS, draft_whole_and_sign, ministry_source
from tthc.decisions.checks import check_decision
from tthc.decisions.drafting import save_entry
from tthc.decisions.effect import apply_due
from tthc.decisions.starting_point import full_record
from tthc.decisions.workflow import approve, sign, submit
from tthc.models.accounts import User
from tthc.models.decisions import Decision
from tthc.records import normalize_record
from tthc.sources.drafting import draft_from_source, source_of
from tthc.sources.reading import import_source, read_source_bytes
from tthc.sources.service import SourceError, get_source, meaning_of

SETTINGS = {"AUTHORITY_LEVELS": "tinh,xa", "SOURCE_DEADLINE_DAYS": 5}


@pytest.fixture
def source_id(demo):
    flat, doubts = read_source_bytes(ministry_source(), "3120_QĐ-BTP.docx")
    with demo() as session:
        source = import_source(session, flat, doubts=doubts, actor="test")
        session.commit()
        return source.id


def _user(session, name):
    return session.scalar(select(User).where(User.username == name))


def _ids(source, *codes):
    return [e.id for e in source.entries if e.code in codes]


def test_a_draft_from_three_entries_cites_the_source_and_marks_what_to_fill(demo, source_id, make_user):
    make_user("soan", "drafter", agency="Sở Tư pháp")
    with demo() as session:
        source = get_source(session, source_id)
        decision = draft_from_source(
            session, source, _ids(source, "1.013500", "2.000587", "2.000840"), _user(session, "soan"), SETTINGS
        )
        session.commit()
        decision_id = decision.id
    with demo() as session:
        decision = session.get(Decision, decision_id)
        assert decision.status == "draft" and decision.effective_date == dt.date(2026, 1, 1)
        assert decision.legal_acts[-1].startswith("Căn cứ Quyết định số 3120/QĐ-BTP ngày 10/11/2025 của Bộ Tư pháp")
        by_code = {e.code: e for e in decision.entries}
        assert {c: e.action for c, e in by_code.items()} == {
            "1.013500": "new",
            "2.000587": "amended",
            "2.000840": "abolished",
        }
        new = normalize_record(by_code["1.013500"].record)
        assert new["agencies"]["executing"] == ["Sở Tư pháp"] and new["sector"] == "Trợ giúp pháp lý"
        assert by_code["2.000587"].record["fee"] == "50.000 đồng/thẻ"  # only what differs is stored
        marks = source_of(decision)["to_fill"]
        assert marks[str(by_code["1.013500"].id)] == ["agencies.executing", "place"]
        assert marks[str(by_code["2.000840"].id)] == []
        # the new entry's Phần II gave steps, methods, dossier and applicants: nothing mandatory missing
        errors = {p.field for p in check_decision(session, decision).errors}
        assert not errors, errors
        # the source's entries now point at the draft: a second draft of the same entries is refused
        source = get_source(session, source_id)
        with pytest.raises(SourceError):
            draft_from_source(session, source, _ids(source, "1.013500"), _user(session, "soan"), SETTINGS)


def test_marked_fields_filled_the_draft_passes_the_checks_and_in_force_the_entries_are_done(demo, source_id, make_user):
    make_user("soan", "drafter", agency="Sở Tư pháp")
    make_user("kiemsoat", "reviewer")
    make_user("lanhdao", "signer")
    flat = {
        "number": "3121/QĐ-BTP",
        "date": "2025-11-10",
        "effective_date": "2025-12-15",
        "issuer": "Bộ Tư pháp",
        "entries": [
            {
                "action": "new",
                "code": "1.013700",
                "name": "Thủ tục công nhận tổ chức tham gia trợ giúp pháp lý",
                "level": "tinh",
                "field": "Trợ giúp pháp lý",
            }
        ],
    }
    with demo() as session:
        bare = import_source(session, flat, actor="test")
        decision = draft_from_source(session, bare, [bare.entries[0].id], _user(session, "soan"), SETTINGS)
        entry = decision.entries[0]
        marked = source_of(decision)["to_fill"][str(entry.id)]
        assert set(marked) == {"steps", "methods", "dossier", "applicants", "agencies.executing", "place"}
        assert {p.field for p in check_decision(session, decision).errors} >= {
            "steps",
            "methods",
            "dossier",
            "applicants",
        }
        record = normalize_record(entry.record)
        record.update(FILLED)
        record["methods"] = [{"channel": "truc_tiep", "time_limit": "05 ngày làm việc", "fee": "Không"}]
        save_entry(session, decision, entry, _user(session, "soan"), record=record)
        decision.number = "45/QĐ-UBND"
        assert not check_decision(session, decision, today=dt.date(2025, 12, 1)).errors
        submit(session, decision, _user(session, "soan"))
        approve(session, decision, _user(session, "kiemsoat"))
        sign(
            session,
            decision,
            _user(session, "lanhdao"),
            number="45/QĐ-UBND",
            signed_date=dt.date(2025, 12, 5),
            signer="Lê Đức Tiến",
            effective_date=dt.date(2025, 12, 15),
            today=dt.date(2025, 12, 5),
        )
        session.commit()
        source_id_bare = bare.id
    apply_due(demo, today=dt.date(2025, 12, 15), actor="test")
    with demo() as session:
        meaning = meaning_of(session, get_source(session, source_id_bare), SETTINGS, dt.date(2025, 12, 16))
        assert [(m.state, m.for_us) for m in meaning.entries] == [("done", "in_step")]
        assert meaning.counts() == {"done": 1, "pending": 0, "not_applied": 0}


def test_an_entry_in_step_or_at_another_level_is_not_drafted(demo, source_id, make_user):
    make_user("soan", "drafter", agency="Sở Tư pháp")
    with demo() as session:
        source = get_source(session, source_id)
        for code in ("2.000596", "1.013501"):
            with pytest.raises(SourceError):
                draft_from_source(session, source, _ids(source, code), _user(session, "soan"), SETTINGS)


def test_once_assigned_only_the_agencys_drafters_draft_from_the_source(demo, source_id, make_user):
    from tthc.catalogue.agencies import find_agency
    from tthc.sources.service import assign_agency

    make_user("soan", "drafter", agency="Sở Tư pháp")
    make_user("soan-ct", "drafter", agency="Sở Công Thương")
    with demo() as session:
        source = get_source(session, source_id)
        assign_agency(session, source, find_agency(session, "Sở Tư pháp").id)
        with pytest.raises(SourceError, match="đã giao cho Sở Tư pháp"):
            draft_from_source(session, source, _ids(source, "1.013500"), _user(session, "soan-ct"), SETTINGS)
        decision = draft_from_source(session, source, _ids(source, "1.013500"), _user(session, "soan"), SETTINGS)
        assert decision.drafting_agency.name == "Sở Tư pháp"


def test_the_provinces_agencies_and_service_points_are_proposed_from_the_catalogue(demo, source_id, make_user):
    make_user("soan", "drafter", agency="Sở Tư pháp")
    replacing = {
        "number": "16/QĐ-BTP",
        "date": "2025-11-01",
        "issuer": "Bộ Tư pháp",
        "entries": [
            {
                "action": "replaced",
                "code": "1.013600",
                "replaces": "2.000518",
                "name": "Thủ tục cấp lại thẻ cộng tác viên trợ giúp pháp lý bị mất, hư hỏng",
                "level": "tinh",
                "field": "Trợ giúp pháp lý",
                "agency": "Bộ Tư pháp",
            }
        ],
    }
    with demo() as session:
        soan = _user(session, "soan")
        source = get_source(session, source_id)
        new = draft_from_source(session, source, _ids(source, "1.013500"), soan, SETTINGS).entries[0]
        # a provincial procedure: the counters whose rules receive provincial procedures (the demo's centre)
        assert normalize_record(new.record)["place"] == "Trung tâm Phục vụ hành chính công tỉnh (ví dụ)"
        other = import_source(session, replacing, actor="test")
        replaced = draft_from_source(session, other, [other.entries[0].id], soan, SETTINGS).entries[0]
        record = full_record(session, replaced.decision, replaced)  # stored: what differs from 2.000518
        # the agencies of the procedure it replaces, as the catalogue holds them, not the sector's proposal
        assert (replaced.action, replaced.replaces_code) == ("replaced", "2.000518")
        assert record["agencies"]["executing"] == ["Giám đốc Trung tâm trợ giúp pháp lý, Giám đốc Sở Tư pháp"]
        assert record["place"] == "Trung tâm Phục vụ hành chính công tỉnh (ví dụ)"
        # both still marked for the province to confirm
        for decision, entry in ((new.decision, new), (replaced.decision, replaced)):
            assert {"agencies.executing", "place"} <= set(source_of(decision)["to_fill"][str(entry.id)])


def _source_head(demo, source_id, today: dt.date) -> dict:
    with demo() as session:
        return meaning_of(session, get_source(session, source_id), SETTINGS, today).as_dict()["source"]


def test_the_ministry_form_source_drafted_whole_passes_the_checks_once_filled_and_in_force_is_done(
    demo, source_id, make_user
):
    """Done means of issue 26: the draft made from the ministry-form source passes the checks once the
    marked fields are filled; signed and in force, the source is all done."""
    for name, role in USERS:
        make_user(name, role, agency="Sở Tư pháp" if role == "drafter" else None)
    draft_whole_and_sign(demo, source_id, dt.date(2025, 12, 17), SETTINGS)
    apply_due(demo, today=dt.date(2026, 1, 1), actor="test")
    assert _source_head(demo, source_id, dt.date(2026, 1, 2))["counts"] == {"done": 5, "pending": 0, "not_applied": 0}
