"""Drafting core: drafts, entries that store only what differs, agency scope, checks, submission."""

import datetime as dt

import pytest
from sqlalchemy import select

from tests.support.review import AMENDING_ACT
from tthc.decisions import drafting as core
from tthc.decisions import policy
from tthc.decisions.checks import check_decision, working_days_between
from tthc.decisions.legacy_encoding import convert_legacy, legacy_offer
from tthc.models.accounts import AuditLog, User

AGENCY = "Sở Tư pháp"
OWN_CODE = "1.001233"  # executed by Sở Tư pháp in the sample, free of charge, with legal bases
NO_METHODS_CODE = "1.003160"  # Sở Tư pháp, the sample gives no methods: a mandatory part is missing
OTHER_CODE = "2.001263"  # executed by UBND xã


@pytest.fixture
def drafter(demo, make_user, session):
    make_user("soan", "drafter", AGENCY)
    return session.scalar(select(User).where(User.username == "soan"))


@pytest.fixture
def draft(session, drafter):
    decision = core.create_draft(
        session,
        drafter,
        title="Công bố thủ tục sửa đổi lĩnh vực nuôi con nuôi",
        issuer="UBND tỉnh Quảng Trị",
        effective_date=dt.date(2027, 3, 1),
    )
    session.commit()
    return decision


def _problems(report, entry):
    return {(p.field, p.severity) for p in report.for_entry(entry)}


def test_amended_entry_starts_from_version_in_force_and_stores_only_changes(session, drafter, draft):
    entry = core.add_entry(session, draft, drafter, "amended", code=OWN_CODE)
    record = core.full_record(session, draft, entry)
    assert record["name"].startswith("Thủ tục thay đổi nội dung")
    record["methods"][0]["fee"] = "50.000 đồng"
    core.save_entry(session, draft, entry, drafter, record=record)
    session.commit()
    assert set(entry.record) == {"methods"}
    merged = core.full_record(session, draft, entry)
    assert merged["methods"][0]["fee"] == "50.000 đồng"
    assert merged["steps"] == record["steps"]
    # The amending act is required: the check names the field until the drafter gives it.
    [missing] = [p for p in check_decision(session, draft).errors if p.field == "basis"]
    assert "Văn bản quy phạm pháp luật quy định nội dung sửa đổi, bổ sung" in missing.message
    core.save_entry(session, draft, entry, drafter, record=record, basis=AMENDING_ACT)
    report = check_decision(session, draft)
    assert not report.has_errors, report.as_dict()


def test_amended_identical_to_version_in_force_is_an_error(session, drafter, draft):
    entry = core.add_entry(session, draft, drafter, "amended", code=OWN_CODE)
    assert ("record", "error") in _problems(check_decision(session, draft), entry)


def test_drafter_only_drafts_for_their_agency(session, drafter, draft, make_user):
    with pytest.raises(core.DraftingError, match="không thuộc cơ quan"):
        core.add_entry(session, draft, drafter, "abolished", code=OTHER_CODE, basis=["Nghị định 1/2027"])
    make_user("khac", "drafter", "Sở Công Thương")
    other = session.scalar(select(User).where(User.username == "khac"))
    with pytest.raises(policy.NotVisible):
        core.get_decision(session, other, draft.id)
    assert core.decisions_for(session, other) == []
    make_user("quantri", "admin")
    admin = session.scalar(select(User).where(User.username == "quantri"))
    assert core.get_decision(session, admin, draft.id) is draft
    assert core.add_entry(session, draft, admin, "abolished", code=OTHER_CODE, basis=["Nghị định 1/2027"])


def test_abolished_entry_names_the_legal_act(session, drafter, draft):
    entry = core.add_entry(session, draft, drafter, "abolished", code=OWN_CODE)
    assert ("basis", "error") in _problems(check_decision(session, draft), entry)
    core.save_entry(session, draft, entry, drafter, basis="Nghị định số 10/2027/NĐ-CP")
    assert entry.basis == ["Nghị định số 10/2027/NĐ-CP"]
    assert entry.record["name"].startswith("Thủ tục thay đổi")
    assert not check_decision(session, draft).for_entry(entry)


def test_missing_mandatory_part_blocks_submission_until_fixed(session, drafter, draft):
    entry = core.add_entry(session, draft, drafter, "amended", code=NO_METHODS_CODE)
    with pytest.raises(core.DraftingError) as refused:
        core.submit_draft(session, draft, drafter)
    assert any(p.field == "methods" for p in refused.value.problems)
    record = core.full_record(session, draft, entry)
    record["methods"] = [
        {
            "channel": "truc_tiep",
            "time_limit": "20 ngày làm việc",
            "time_limit_value": 20,
            "time_limit_unit": "ngay_lam_viec",
            "fee": "Không",
        }
    ]
    core.save_entry(session, draft, entry, drafter, record=record, basis="Nghị định số 15/2026/NĐ-CP")
    report = core.submit_draft(session, draft, drafter)
    session.commit()
    assert draft.status == "submitted" and draft.submitted_by_id == drafter.id
    assert report.warnings == []  # the amending act given: nothing to warn about
    assert (
        session.scalar(
            select(AuditLog).where(AuditLog.action == "decision.submit", AuditLog.object_id == str(draft.id))
        )
        is not None
    )
    with pytest.raises(core.DraftingError, match="không sửa được"):
        core.add_entry(session, draft, drafter, "abolished", code=OWN_CODE)


def test_checks_fee_without_basis_time_unit_and_mojibake(session, drafter, draft):
    entry = core.add_entry(session, draft, drafter, "new", code="1.999001")
    core.save_entry(
        session,
        draft,
        entry,
        drafter,
        record={
            "name": "Thñ tôc ®¨ng ký khai sinh",
            "applicants": "Công dân",
            "steps": ["Nộp hồ sơ"],
            "agencies": {"executing": [AGENCY]},
            "dossier": [{"case": "", "documents": [{"name": "Tờ khai", "originals": 1, "copies": 0}]}],
            "methods": [{"channel": "truc_tiep", "time_limit": "15", "time_limit_value": 15, "fee": "100.000 đồng"}],
        },
    )
    problems = _problems(check_decision(session, draft), entry)
    assert ("methods.0.fee", "error") in problems  # a fee with no legal basis at all
    assert ("methods.0.time_limit_unit", "error") in problems
    assert ("name", "warning") in problems  # TCVN3: offered, not converted
    assert core.full_record(session, draft, entry)["name"] == "Thñ tôc ®¨ng ký khai sinh"
    assert core.convert_field(session, draft, entry, drafter, "name") == "Thủ tục đăng ký khai sinh"
    assert core.full_record(session, draft, entry)["name"] == "Thủ tục đăng ký khai sinh"


def test_catalogue_conflicts_come_from_plan_decision(session, drafter, draft):
    new = core.add_entry(session, draft, drafter, "new", code=OWN_CODE, record={"name": "Trùng mã"})
    twice = core.add_entry(session, draft, drafter, "abolished", code=OWN_CODE, basis=["Nghị định 1/2027"])
    report = check_decision(session, draft)
    assert any("đã có trong danh mục" in p.message for p in report.for_entry(new))
    assert any(p.field == "code" and "một mục" in p.message for p in report.for_entry(twice))


def test_decision_number_and_working_days(session, drafter, draft):
    for number, ok in (
        ("123/QĐ-UBND", True),
        ("05/QĐ-UBND", True),
        ("5/QĐ-UBND", False),
        ("123/qđ-ubnd", False),
        ("123 /QĐ-UBND", False),
        ("123/QD-UBND", False),
    ):
        core.update_decision(session, draft, drafter, number=number)
        fields = {p.field for p in check_decision(session, draft).decision}
        assert ("number" not in fields) is ok, number
    core.update_decision(session, draft, drafter, signed_date=dt.date(2026, 2, 13), effective_date=dt.date(2026, 2, 23))
    warning = [p for p in check_decision(session, draft).decision if p.field == "effective_date"]
    assert warning and warning[0].severity == "warning" and "0 ngày làm việc" in warning[0].message
    # Tết 2026 (16–20/2) and the weekends leave no working day between 13/2 and 23/2.
    assert working_days_between(dt.date(2026, 2, 13), dt.date(2026, 2, 23)) == 0
    assert working_days_between(dt.date(2026, 3, 2), dt.date(2026, 3, 9)) == 4


def test_entries_reorder_and_remove(session, drafter, draft):
    first = core.add_entry(session, draft, drafter, "amended", code=OWN_CODE)
    second = core.add_entry(session, draft, drafter, "amended", code=NO_METHODS_CODE)
    core.move_entry(session, draft, second, drafter, -1)
    assert (second.position, first.position) == (0, 1)
    core.remove_entry(session, draft, second, drafter)
    session.commit()
    assert [e.id for e in draft.entries] == [first.id] and first.position == 0


def test_legacy_encodings_convert_back_to_unicode():
    assert convert_legacy("Céng hßa X· héi chñ nghÜa ViÖt Nam", "TCVN3") == "Cộng hòa Xã hội chủ nghĩa Việt Nam"
    vni = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam. Ñaêng kyù khai sinh"
    assert legacy_offer(vni) == ("VNI", "Cộng hòa xã hội chủ nghĩa Việt Nam. Đăng ký khai sinh")
    assert legacy_offer("Đăng ký khai sinh") is None


def test_replaced_entry_names_the_code_it_replaces_and_stores_differences(session, drafter, draft):
    entry = core.add_entry(
        session, draft, drafter, "replaced", code="1.999002", replaces_code=OWN_CODE, basis=[AMENDING_ACT]
    )
    record = core.full_record(session, draft, entry)
    assert record["code"] == "1.999002" and record["name"].startswith("Thủ tục thay đổi nội dung")
    record["name"] = "Thủ tục thay đổi nội dung đăng ký tham gia trợ giúp pháp lý (mới)"
    core.save_entry(session, draft, entry, drafter, record=record)
    assert entry.record == {"name": record["name"]} and entry.replaces_code == OWN_CODE
    events = session.scalars(select(AuditLog).where(AuditLog.action == "entry.update")).all()
    core.save_entry(session, draft, entry, drafter, record=record)  # unchanged (an autosave): no new event
    session.flush()
    assert len(session.scalars(select(AuditLog).where(AuditLog.action == "entry.update")).all()) == len(events) == 1
    assert not check_decision(session, draft).has_errors


def test_one_entry_check_agrees_with_the_whole_decision(session, drafter, draft):
    from tthc.decisions.checks import check_one_entry

    first = core.add_entry(session, draft, drafter, "amended", code=NO_METHODS_CODE)
    second = core.add_entry(session, draft, drafter, "abolished", code=NO_METHODS_CODE)
    report = check_decision(session, draft)
    for entry in (first, second):
        assert sorted(check_one_entry(session, draft, entry), key=repr) == sorted(report.for_entry(entry), key=repr)


def test_applied_decisions_are_checked_against_the_catalogue_before_them(session, demo, make_user):
    """An admin opening an applied decision sees it compared with what it changed, not with itself."""
    from tthc.models.decisions import Decision

    decision = session.scalars(select(Decision).where(Decision.number == "2715/QĐ-UBND")).one()
    assert decision.status == "in_force"
    report = check_decision(session, decision)
    assert not [
        p for _, p in report.all() if "đã có trong danh mục" in p.message or "không có trong danh mục" in p.message
    ]
    abolished = next(e for e in decision.entries if e.action == "abolished")
    assert core.starting_record(session, decision, abolished)["code"] == abolished.code


def test_a_reworded_conflict_stays_on_its_entry_and_field(session, drafter, draft, monkeypatch):
    """Where a conflict shows is its entry_id and field, never words of its message."""
    import tthc.catalogue.apply as apply
    from tthc import problems as codes

    renamed = core.add_entry(session, draft, drafter, "replaced", replaces_code=OWN_CODE, code=NO_METHODS_CODE)
    unknown = core.add_entry(session, draft, drafter, "replaced", replaces_code=NO_METHODS_CODE, code="1.999998")
    core.save_entry(session, draft, unknown, drafter, replaces_code="9.999999")
    # Labels that name the other entry's codes and say "mã mới": a message parser would misplace both.
    monkeypatch.setattr(apply, "entry_label", lambda e: f"Dòng {e.position + 1}, mã mới {NO_METHODS_CODE} / 9.999999")
    report = check_decision(session, draft)
    placed = {(entry_id, p.field, p.code) for entry_id, p in report.all() if p.code}
    assert (renamed.id, "code", codes.NEW_CODE_IN_FORCE) in placed
    assert (unknown.id, "replaces_code", codes.CODE_NOT_IN_FORCE) in placed
    assert all(p.entry_id == entry_id for entry_id, p in report.all() if p.code)
    assert not [p for p in report.decision if p.code]
    assert any(p.message.startswith("Dòng 1, mã mới") for p in report.for_entry(renamed))
