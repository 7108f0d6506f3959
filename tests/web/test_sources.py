"""Sources: a ministry's decision read (Word, JSON Lines), never applied, and what it means for the
province against the demo catalogue, a test per class (issue 26)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from tests.support.sources import NEAR_NAME, ministry_source
from tthc.models.catalogue import ProcedureVersion
from tthc.models.decisions import Decision
from tthc.sources.deadline import announce_by
from tthc.sources.matching import base_code
from tthc.sources.reading import import_source, read_source_bytes
from tthc.sources.service import SourceError, get_source, meaning_of, set_not_applied

SETTINGS = {"AUTHORITY_LEVELS": "tinh,xa", "SOURCE_DEADLINE_DAYS": 5}
TODAY = dt.date(2025, 12, 1)


@pytest.fixture
def source_id(demo):
    flat, doubts = read_source_bytes(ministry_source(), "3120_QĐ-BTP.docx")
    with demo() as session:
        source = import_source(session, flat, file_name="3120_QĐ-BTP.docx", doubts=doubts, actor="test")
        session.commit()
        return source.id


def _meaning(session_factory, source_id, settings=SETTINGS):
    with session_factory() as session:
        meaning = meaning_of(session, get_source(session, source_id), settings, TODAY)
        return meaning.as_dict()


def _entry(answer, name_start):
    return next(e for e in answer["entries"] if e["name"].startswith(name_start))


def _by_code(answer, code):
    return next(e for e in answer["entries"] if e["code"] == code)


def test_a_source_never_changes_the_catalogue(demo, source_id):
    with demo() as session:
        assert session.scalar(select(func.count(Decision.id)).where(Decision.number == "3120/QĐ-BTP")) == 0
        assert session.scalar(select(func.count(ProcedureVersion.id)).where(ProcedureVersion.code == "1.013500")) == 0


def test_new_a_procedure_we_do_not_hold(demo, source_id):
    entry = _entry(_meaning(demo, source_id), "Thủ tục cấp thẻ trợ giúp viên pháp lý tập sự")
    assert (entry["for_us"], entry["procedure"], entry["state"]) == ("new", None, "pending")


def test_amend_a_held_procedure_whose_fee_the_ministry_changes(demo, source_id):
    entry = _entry(_meaning(demo, source_id), "Thủ tục cấp thẻ cộng tác viên")
    assert (entry["for_us"], entry["procedure"]) == ("amend", "2.000587")
    assert "fee" in {c["field"] for c in entry["changes"]}
    assert {c["field"] for c in entry["changes"]} <= {"fee", "methods"}  # nothing else differs


def test_in_step_a_held_procedure_with_the_same_content(demo, source_id):
    entry = _entry(_meaning(demo, source_id), "Thủ tục đăng ký tham gia")
    assert (entry["for_us"], entry["procedure"], entry["changes"], entry["state"]) == (
        "in_step",
        "2.000596",
        [],
        "done",
    )


def test_abolish_a_held_procedure(demo, source_id):
    entry = _entry(_meaning(demo, source_id), "Thủ tục chấm dứt")
    assert (entry["for_us"], entry["procedure"]) == ("abolish", "2.000840")


def test_not_our_level_a_central_procedure_shown_apart(demo, source_id):
    entry = _by_code(_meaning(demo, source_id), "1.013501")
    assert (entry["for_us"], entry["level"], entry["state"]) == ("not_our_level", "trung_uong", "not_our_level")
    # with the central level among the authority's levels it is new to us
    widened = _by_code(_meaning(demo, source_id, {**SETTINGS, "AUTHORITY_LEVELS": "trung_uong,tinh,xa"}), "1.013501")
    assert widened["for_us"] == "new"


def test_a_near_name_is_a_doubt_never_a_match(demo, source_id):
    entry = _entry(_meaning(demo, source_id), NEAR_NAME)
    assert (entry["for_us"], entry["procedure"]) == ("new", None)
    assert [d["code"] for d in entry["doubts"]] == ["2.000518"]


def test_an_uncoded_entry_matches_by_equal_folded_name(demo):
    flat = {
        "number": "15/QĐ-BTP",
        "date": "2025-11-01",
        "issuer": "Bộ Tư pháp",
        "entries": [
            {"action": "abolished", "name": "THỦ TỤC CẤP LẠI THẺ CỘNG TÁC VIÊN TRỢ GIÚP PHÁP LÝ", "level": "tinh"},
            {"action": "abolished", "code": "1.999999", "name": "Thủ tục không có ở tỉnh", "level": "tinh"},
        ],
    }
    with demo() as session:
        source = import_source(session, flat, actor="test")
        session.commit()
    answer = _meaning(demo, source.id)
    assert [(e["for_us"], e["procedure"]) for e in answer["entries"]] == [("abolish", "2.000518"), ("in_step", None)]


def test_a_replaced_entry_abolishes_the_old_and_is_new_for_the_replacement(demo):
    flat = {
        "number": "16/QĐ-BTP",
        "date": "2025-11-01",
        "issuer": "Bộ Tư pháp",
        "entries": [
            {
                "action": "replaced",
                "code": "1.013600",
                "replaces": "2.000977",
                "name": "Thủ tục lựa chọn, ký hợp đồng với luật sư thực hiện trợ giúp pháp lý",
                "level": "tinh",
            }
        ],
    }
    with demo() as session:
        source = import_source(session, flat, actor="test")
        session.commit()
    entry = _meaning(demo, source.id)["entries"][0]
    assert entry["for_us"] == "new"
    assert entry["replaced"] == {"code": "2.000977", "for_us": "abolish", "procedure": "2.000977"}


def test_counts_deadline_and_an_entry_not_applied_with_its_reason(demo, source_id):
    answer = _meaning(demo, source_id)
    head = answer["source"]
    assert head["effective_date"] == "2026-01-01"
    # five working days strictly between the deadline and 01/01/2026 (a holiday): 25, 26, 29, 30, 31/12
    assert head["deadline"] == "2025-12-24" == announce_by(dt.date(2026, 1, 1), 5).isoformat()
    assert head["days_left"] == 23
    # Tết (16–20/02/2026) is not counted: 24, 23, then 13, 12, 11/02
    assert announce_by(dt.date(2026, 2, 25), 5) == dt.date(2026, 2, 10)
    assert head["counts"] == {"done": 1, "pending": 4, "not_applied": 0}
    with demo() as session:
        source = get_source(session, source_id)
        entry = next(e for e in source.entries if e.code == "1.013500")
        with pytest.raises(SourceError):  # the reason is required
            set_not_applied(session, source, entry.id, "  ")
        set_not_applied(session, source, entry.id, "Tỉnh không có trợ giúp viên tập sự")
        session.commit()
    assert _meaning(demo, source_id)["source"]["counts"] == {"done": 1, "pending": 3, "not_applied": 1}


def test_base_codes_strip_province_suffixes():
    assert base_code("1.000494.000.00.00.H29") == "1.000494"
    assert base_code("1.014466.H05") == "1.014466"
    assert base_code("1.00O494") == "1.00O494"  # mistyped: nothing national
    assert base_code("TAM-2025-001") == "TAM-2025-001"


def test_cli_source_import_and_show_json(demo, runner, tmp_path):
    path = tmp_path / "3120_QĐ-BTP.docx"
    path.write_bytes(ministry_source())
    result = runner.invoke(args=["source", "import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert {k: summary[k] for k in ("number", "date", "issuer", "entries")} == {
        "number": "3120/QĐ-BTP",
        "date": "2025-11-10",
        "issuer": "Bộ Tư pháp",
        "entries": 6,
    }
    shown = runner.invoke(args=["source", "show", str(summary["id"]), "--json", "--today", "2025-12-01"])
    assert shown.exit_code == 0, shown.output
    answer = json.loads(shown.stdout)
    assert answer["source"]["id"] == summary["id"]
    assert sorted(e["for_us"] for e in answer["entries"]) == sorted(
        ["new", "new", "not_our_level", "amend", "in_step", "abolish"]
    )
    assert all({"action", "code", "name", "level", "for_us", "procedure"} <= set(e) for e in answer["entries"])
    again = runner.invoke(args=["source", "import", str(path)])
    assert again.exit_code == 1 and "đã được nạp" in again.stderr


def test_cli_source_import_refuses_an_unknown_file_type(demo, runner, tmp_path):
    path = tmp_path / "3120.xlsx"
    path.write_bytes(b"PK")
    result = runner.invoke(args=["source", "import", str(path)])
    assert result.exit_code == 1 and ".docx" in result.stderr


HOLDING = [  # a catalogue where names repeat across levels and a provisional code stands for a new one
    {"code": "1.009001", "name": "Thủ tục đăng ký hoạt động của câu lạc bộ trợ giúp pháp lý", "level": "tinh"},
    {"code": "1.009002", "name": "Thủ tục đăng ký hoạt động của câu lạc bộ trợ giúp pháp lý", "level": "xa"},
    {"code": "1.009003", "name": "Thủ tục xác nhận người được trợ giúp pháp lý", "level": "xa"},
    {"code": "1.009004", "name": "Thủ tục xác nhận người được trợ giúp pháp lý", "level": "xa"},
    {"code": "TAM-000001", "name": "Thủ tục công nhận cộng tác viên pháp luật", "level": "tinh"},
]


def _holding(session_factory, tmp_path, entries):
    from tthc.catalogue.io import import_baseline

    path = tmp_path / "local.jsonl"
    rows = [{**r, "field": "Trợ giúp pháp lý", "agency": "Sở Tư pháp"} for r in HOLDING]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    flat = {"number": "17/QĐ-BTP", "date": "2025-11-01", "issuer": "Bộ Tư pháp", "entries": entries}
    with session_factory() as session:
        import_baseline(session, path, dt.date(2025, 7, 1), actor="test")
        source = import_source(session, flat, actor="test")
        session.commit()
        return source.id


def test_an_equal_name_held_at_the_entrys_level_only_is_the_match(session_factory, tmp_path):
    source_id = _holding(
        session_factory,
        tmp_path,
        [{"action": "abolished", "name": "Thủ tục đăng ký hoạt động của câu lạc bộ trợ giúp pháp lý", "level": "xa"}],
    )
    entry = _meaning(session_factory, source_id)["entries"][0]
    assert (entry["for_us"], entry["procedure"]) == ("abolish", "1.009002")


def test_an_equal_name_held_twice_at_the_entrys_level_is_a_doubt_never_a_match(session_factory, tmp_path):
    source_id = _holding(
        session_factory,
        tmp_path,
        [{"action": "abolished", "name": "Thủ tục xác nhận người được trợ giúp pháp lý", "level": "xa"}],
    )
    entry = _meaning(session_factory, source_id)["entries"][0]
    assert (entry["for_us"], entry["procedure"]) == ("in_step", None)
    assert sorted(d["code"] for d in entry["doubts"]) == ["1.009003", "1.009004"]


def test_a_national_code_we_do_not_hold_named_as_a_provisional_one_is_a_doubt(session_factory, tmp_path):
    source_id = _holding(
        session_factory,
        tmp_path,
        [{"action": "new", "code": "1.013900", "name": "Thủ tục công nhận cộng tác viên pháp luật", "level": "tinh"}],
    )
    entry = _meaning(session_factory, source_id)["entries"][0]
    assert (entry["for_us"], entry["procedure"]) == ("new", None)
    assert [(d["code"], d["similarity"]) for d in entry["doubts"]] == [("TAM-000001", 1.0)]


@pytest.mark.app_config(SOURCE_DEADLINE_DAYS=0)
def test_a_deadline_of_zero_working_days_is_the_last_working_day_before_effect(demo, runner, tmp_path):
    path = tmp_path / "3120_QĐ-BTP.docx"
    path.write_bytes(ministry_source())
    source_id = json.loads(runner.invoke(args=["source", "import", str(path), "--json"]).stdout)["id"]
    shown = json.loads(runner.invoke(args=["source", "show", str(source_id), "--json", "--today", "2025-12-01"]).stdout)
    assert shown["source"]["deadline"] == "2025-12-31" == announce_by(dt.date(2026, 1, 1), 0).isoformat()


def test_cli_source_import_reads_pdf_and_json_lines(demo, runner, tmp_path):
    from pathlib import Path

    pdf = Path(__file__).parents[1] / "fixtures" / "2715_QĐ-UBND.pdf"
    result = runner.invoke(args=["source", "import", str(pdf), "--json"])
    assert result.exit_code == 0, result.output
    assert {k: json.loads(result.stdout)[k] for k in ("number", "entries")} == {"number": "2715/QĐ-UBND", "entries": 17}
    line = {
        "number": "18/QĐ-BTP",
        "date": "2025-11-01",
        "issuer": "Bộ Tư pháp",
        "entries": [{"action": "abolished", "code": "2.000840", "name": "Thủ tục chấm dứt tham gia trợ giúp pháp lý"}],
    }
    path = tmp_path / "18_QĐ-BTP.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(args=["source", "import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(runner.invoke(args=["source", "show", str(json.loads(result.stdout)["id"]), "--json"]).stdout)
    assert [(e["for_us"], e["procedure"]) for e in shown["entries"]] == [("abolish", "2.000840")]


def test_an_uncoded_replacement_named_as_the_procedure_it_replaces_is_new_not_that_one(demo):
    flat = {
        "number": "19/QĐ-BTP",
        "date": "2025-11-01",
        "issuer": "Bộ Tư pháp",
        "entries": [
            {"action": "replaced", "replaces": "2.000977", "name": "Thủ tục lựa chọn, ký hợp đồng với Luật sư"},
        ],
    }
    with demo() as session:
        source = import_source(session, flat, actor="test")
        session.commit()
    entry = _meaning(demo, source.id)["entries"][0]
    assert (entry["for_us"], entry["procedure"]) == ("new", None)
    assert entry["replaced"] == {"code": "2.000977", "for_us": "abolish", "procedure": "2.000977"}
