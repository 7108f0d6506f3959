"""The versioned catalogue: loading the real sample, applying decisions, point-in-time queries, invariants."""

import datetime as dt
import json

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from tthc.catalogue.apply import DecisionConflict, apply_decision
from tthc.catalogue.io import export_catalogue, import_baseline
from tthc.catalogue.queries import catalogue_on, history, latest_version, version_in_force
from tthc.db import transaction
from tthc.decisions.importing import import_decisions
from tthc.models.catalogue import CatalogueRevision, Procedure, ProcedureVersion
from tthc.models.decisions import Decision, DecisionEntry
from tthc.records.flat import read_jsonl

BASELINE_DATE = dt.date(2025, 1, 1)
DAY_BEFORE_2715 = dt.date(2025, 11, 18)  # 2715/QĐ-UBND takes effect 19/11/2025, 2682/QĐ-UBND on 20/11/2025


def codes(versions):
    return {v.code for v in versions}


def sample_codes(sample_dir):
    lines = (sample_dir / "procedures.jsonl").read_text(encoding="utf-8").splitlines()
    return {json.loads(line)["code"] for line in lines if line.strip()}


def sample_decisions(sample_dir):
    return {row["number"]: row for _, row in read_jsonl(sample_dir / "decisions.jsonl")}


@pytest.fixture
def baseline(session_factory, sample_dir):
    with transaction(session_factory) as session:
        import_baseline(session, sample_dir / "procedures.jsonl", BASELINE_DATE, actor="test")
    return session_factory


def signed_decision(session, number, effective, entries):
    decision = Decision(
        number=number,
        title="Thử nghiệm",
        issuer="UBND tỉnh",
        status="signed",
        signed_date=effective,
        effective_date=effective,
    )
    decision.entries = [DecisionEntry(position=i, **e) for i, e in enumerate(entries)]
    session.add(decision)
    session.flush()
    return decision


def snapshot(session):
    """Everything a refused decision must leave untouched."""
    return (
        session.scalar(select(func.count(ProcedureVersion.id))),
        session.scalar(select(func.count(CatalogueRevision.id))),
        session.scalar(select(func.count(Procedure.id))),
        export_catalogue(session, "jsonl", dt.date(2030, 1, 1))[0],
    )


def test_sample_loads_then_both_decisions_give_expected_counts_and_past_dates(demo, sample_dir, session):
    decisions = sample_decisions(sample_dir)
    new_2715 = {e["code"] for e in decisions["2715/QĐ-UBND"]["entries"] if e["action"] == "new"}
    abolished_2715 = {e["code"] for e in decisions["2715/QĐ-UBND"]["entries"] if e["action"] == "abolished"}
    baseline = sample_codes(sample_dir)

    assert len(catalogue_on(session, dt.date(2026, 1, 1))) == 36
    assert codes(catalogue_on(session, DAY_BEFORE_2715)) == baseline and len(baseline) == 34
    assert codes(catalogue_on(session, dt.date(2025, 11, 19))) == (baseline | new_2715) - abolished_2715
    assert codes(catalogue_on(session, dt.date(2025, 11, 20))) == (baseline | new_2715 | {"3.000527"}) - abolished_2715
    assert catalogue_on(session, dt.date(2024, 12, 31)) == []  # before the baseline took effect


def test_catalogue_at_a_revision_is_a_query_not_a_copy(demo, session):
    assert len(catalogue_on(session, at_revision=1)) == 34
    assert len(catalogue_on(session, at_revision=2)) == 35
    assert len(catalogue_on(session, at_revision=3)) == 36


def test_abolished_procedure_keeps_its_history_and_stays_findable(demo, session):
    code = "2.001561"
    assert version_in_force(session, code, dt.date(2026, 1, 1)) is None
    versions = history(session, code)
    assert [v.state for v in versions] == ["in_force", "abolished"]
    assert versions[1].entry.decision.number == "2715/QĐ-UBND"
    assert versions[1].record == versions[0].record  # what disappeared stays readable
    assert version_in_force(session, code, DAY_BEFORE_2715).record["name"].startswith("Cấp giấy phép hoạt động tư vấn")


def test_refused_conflicting_decision_names_entries_and_changes_nothing(baseline, session_factory):
    with session_factory() as session:
        before = snapshot(session)
    with pytest.raises(DecisionConflict) as refused, transaction(session_factory) as session:
        decision = signed_decision(
            session,
            "01/QĐ-UBND",
            dt.date(2025, 6, 1),
            [
                {"action": "amended", "code": "1.001233", "record": {"fee": "Không"}},  # fine on its own
                {"action": "new", "code": "1.000532", "record": {"name": "Trùng mã"}},  # code in force
                {"action": "amended", "code": "9.999999", "record": {"fee": "Không"}},  # unknown code
                {"action": "abolished", "code": "1.001233"},  # second entry, same code
            ],
        )
        apply_decision(session, decision)
    problems = [p.message for p in refused.value.problems]
    assert any(p.startswith("Mục 2 (mới ban hành 1.000532") and "đã có trong danh mục" in p for p in problems)
    assert any(p.startswith("Mục 3 (sửa đổi, bổ sung 9.999999") and "không có trong danh mục" in p for p in problems)
    assert any(p.startswith("Mục 4 (bãi bỏ 1.001233") and "Mục 1" in p for p in problems)
    with session_factory() as session:
        assert snapshot(session) == before
        assert session.scalar(select(func.count(Decision.id))) == 1  # the refused one rolled back too


def test_crash_in_the_middle_of_apply_leaves_the_catalogue_as_it_was(baseline, session_factory, monkeypatch):
    import tthc.catalogue.apply as apply_module

    with session_factory() as session:
        before = snapshot(session)
    calls = {"n": 0}
    real_write = apply_module._write_version

    def crash_on_second(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("power cut")
        return real_write(*args, **kwargs)

    monkeypatch.setattr(apply_module, "_write_version", crash_on_second)
    with pytest.raises(RuntimeError), transaction(session_factory) as session:
        decision = signed_decision(
            session,
            "02/QĐ-UBND",
            dt.date(2025, 6, 1),
            [{"action": "abolished", "code": "1.001233"}, {"action": "abolished", "code": "1.003005"}],
        )
        apply_decision(session, decision)
    with session_factory() as session:
        assert snapshot(session) == before


def test_amended_entry_changes_only_given_fields_and_empty_level_carries_over(baseline, session_factory):
    with transaction(session_factory) as session:
        before = version_in_force(session, "1.001233", dt.date(2025, 5, 31)).record
        decision = signed_decision(
            session,
            "03/QĐ-UBND",
            dt.date(2025, 6, 1),
            [{"action": "amended", "code": "1.001233", "record": {"fee": "Không thu phí", "level": ""}}],
        )
        apply_decision(session, decision)
    with session_factory() as session:
        after = version_in_force(session, "1.001233", dt.date(2025, 6, 1)).record
        assert after["fee"] == "Không thu phí"
        assert {m["fee"] for m in after["methods"]} == {"Không thu phí"}  # the new fee reaches each channel
        assert [m["channel"] for m in after["methods"]] == [m["channel"] for m in before["methods"]]
        untouched = lambda record: {k: v for k, v in record.items() if k not in ("fee", "methods")}  # noqa: E731
        assert untouched(after) == untouched(before)
        assert after["level"] == before["level"] == "tinh"
        # Point in time: the day before still shows the old fee.
        assert version_in_force(session, "1.001233", dt.date(2025, 5, 31)).record == before


def test_replaced_procedure_points_to_its_successor(baseline, session_factory, client):
    with transaction(session_factory) as session:
        decision = signed_decision(
            session,
            "04/QĐ-UBND",
            dt.date(2025, 7, 1),
            [
                {
                    "action": "replaced",
                    "code": "1.999001",
                    "replaces_code": "1.003005",
                    "record": {"name": "Thủ tục thay thế (thử nghiệm)"},
                }
            ],
        )
        apply_decision(session, decision)
    with session_factory() as session:
        old = latest_version(session, "1.003005", dt.date(2025, 7, 1))
        assert old.state == "abolished" and old.replaced_by_code == "1.999001"
        new = version_in_force(session, "1.999001", dt.date(2025, 7, 1))
        assert new.record["name"] == "Thủ tục thay thế (thử nghiệm)"
        assert new.record["sector"] == old.record["sector"]  # carried over from the replaced record
    page = client.get("/thu-tuc/1.003005").get_data(as_text=True)
    assert "Thủ tục đã bị bãi bỏ" in page and 'href="/thu-tuc/1.999001"' in page


def test_new_procedure_without_code_gets_a_visibly_provisional_code(baseline, session_factory):
    with transaction(session_factory) as session:
        decision = signed_decision(
            session,
            "05/QĐ-UBND",
            dt.date(2025, 8, 1),
            [{"action": "new", "code": None, "record": {"name": "Thủ tục chưa có mã"}}],
        )
        apply_decision(session, decision)
        assert decision.entries[0].code == "TAM-000001"
    with session_factory() as session:
        procedure = session.scalar(select(Procedure).where(Procedure.code == "TAM-000001"))
        assert procedure.provisional


def test_every_version_has_exactly_one_source_entry_that_describes_it(demo, session):
    for version in session.scalars(select(ProcedureVersion)):
        entry = version.entry
        assert entry is not None and entry.decision.revision.id == version.revision_id
        assert version.code in (entry.code, entry.replaces_code)
    produced = session.execute(
        select(ProcedureVersion.entry_id, func.count()).group_by(ProcedureVersion.entry_id)
    ).all()
    entries = {e.id: e for e in session.scalars(select(DecisionEntry))}
    for entry_id, count in produced:
        entry = entries[entry_id]
        expected = 2 if entry.action == "replaced" and entry.code != entry.replaces_code else 1
        assert count == expected


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE procedure_version SET name = 'sửa lén'",
        "DELETE FROM procedure_version",
        "DELETE FROM catalogue_revision",
        "UPDATE audit_log SET actor = 'ai đó'",
    ],
)
def test_database_refuses_to_rewrite_published_history(demo, session_factory, statement):
    with session_factory() as session, pytest.raises(DBAPIError, match="append-only"):
        session.execute(text(statement))
        session.flush()


def test_orm_refuses_to_edit_a_version(demo, session_factory):
    with session_factory() as session:
        version = session.scalars(select(ProcedureVersion)).first()
        version.name = "sửa lén"
        with pytest.raises(ValueError, match="không được sửa"):
            session.flush()


def test_applying_a_decision_twice_is_refused(demo, session_factory):
    with session_factory() as session:
        decision = session.scalar(select(Decision).where(Decision.number == "2682/QĐ-UBND"))
        assert decision.status == "in_force"
        with pytest.raises(DecisionConflict, match="chưa được ký"):
            apply_decision(session, decision)


def test_adding_under_a_later_change_is_refused(demo, session_factory):
    with pytest.raises(DecisionConflict, match="sau ngày hiệu lực"), transaction(session_factory) as session:
        decision = signed_decision(
            session,
            "06/QĐ-UBND",
            dt.date(2025, 11, 1),
            [{"action": "amended", "code": "2.001561", "record": {"fee": "Không"}}],
        )
        apply_decision(session, decision)


def test_decision_import_reports_bad_shapes_in_vietnamese(session_factory, tmp_path):
    from tthc.problems import ImportProblem

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"number": "1/QĐ-UBND", "date": "2025-13-01", "entries": []}\n', encoding="utf-8")
    with pytest.raises(ImportProblem, match="Dòng 1: ngày «2025-13-01»"), transaction(session_factory) as session:
        import_decisions(session, read_jsonl(bad), signed=True)
    bad.write_text('{"number": "1/QĐ-UBND", "date": "2025-01-01", "entries": [{"action": "sửa"}]}\n', encoding="utf-8")
    with pytest.raises(ImportProblem, match="mục 1: hình thức «sửa» không hợp lệ"):
        with transaction(session_factory) as session:
            import_decisions(session, read_jsonl(bad), signed=True)
    bad.write_text("[1, 2]\n{oops\n", encoding="utf-8")
    with pytest.raises(ImportProblem, match="Dòng 1"):
        read_jsonl(bad)
