"""Internal processes through the whole catalogue: a decision brings them, checks flag them, the
Excel annex carries them, the public page, the review diff and the decision document show them."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from tests.support.pdf import norm, pdf_text
from tests.support.processes import PROCESS_OK, PROCESS_OVER, process_decision
from tthc.annex import decision_workbook, read_decision_workbook
from tthc.catalogue.apply import apply_decision
from tthc.catalogue.queries import version_in_force
from tthc.db import transaction
from tthc.decisions.checks import check_decision
from tthc.diff.decision import diff_decision
from tthc.printing import decision_doc


def test_a_decision_brings_processes_into_force_and_checks_flag_the_long_one(demo, session_factory):
    with transaction(session_factory) as session:
        decision = process_decision(
            session, "90/QĐ-UBND", {"1.001233": PROCESS_OK, "2.000840": PROCESS_OVER}, status="draft"
        )
        report = check_decision(session, decision)
        by_code = {e.code: report.for_entry(e) for e in decision.entries}
        assert not [p for p in by_code["1.001233"] if p.field.startswith("process")]
        [over] = [p for p in by_code["2.000840"] if p.field.startswith("process")]
        assert over.severity == "error"
        assert over.message.startswith(
            "Quy trình QT.STP.02: tổng thời gian các bước 0,5 ngày + 5 ngày = 5,5 ngày làm việc, "
            "vượt thời hạn giải quyết theo quy định 3 ngày làm việc"
        )
        decision.status = "signed"
        apply_decision(session, decision)
    with session_factory() as session:
        record = version_in_force(session, "1.001233").record
        assert record["process"]["code"] == "QT.STP.01"
        assert [s["time_unit"] for s in record["process"]["cases"][0]["steps"]] == [
            "hanh_chinh",
            "ngay_lam_viec",
            "ngay_lam_viec",
            "gio",
            "ngay_lam_viec",
        ]
        assert record["steps"] and record["methods"]  # the rest carries over
        assert version_in_force(session, "2.000840").record["process"]["code"] == "QT.STP.02"


def test_the_review_diff_lists_the_steps_added(demo, session_factory):
    with transaction(session_factory) as session:
        decision = process_decision(session, "91/QĐ-UBND", {"1.001233": PROCESS_OK}, status="submitted")
        diff = diff_decision(session, decision)
    [entry] = diff["entries"]
    [change] = [c for c in entry["changes"] if c["field"] == "process"]
    assert change["counts"]["added"] == 6  # the code line and five steps
    assert "Lấy ý kiến Sở Nội vụ – Sở Nội vụ – 1/4 ngày (liên thông)" in [i["after"] for i in change["items"]]


def test_public_page_has_its_own_process_section(client, demo, session_factory):
    assert "Chưa cập nhật." in client.get("/thu-tuc/1.001233").get_data(as_text=True).split('id="quy-trinh"')[1][:400]
    with transaction(session_factory) as session:
        apply_decision(session, process_decision(session, "92/QĐ-UBND", {"1.001233": PROCESS_OK}))
    page = client.get("/thu-tuc/1.001233").get_data(as_text=True)
    section = page.split('id="quy-trinh"')[1].split('id="ho-so"')[0]
    for text in (
        "QT.STP.01",
        "Thẩm định hồ sơ",
        "Phòng Bổ trợ tư pháp",
        "1,5 ngày",
        "Giờ hành chính",
        "liên thông",
        "= 2,5 ngày làm việc ≤ thời hạn giải quyết theo quy định 5 ngày làm việc",
    ):
        assert text in section, text


def test_excel_annex_round_trips_the_process(demo, session_factory):
    with transaction(session_factory) as session:
        decision = process_decision(
            session, "93/QĐ-UBND", {"1.001233": PROCESS_OK, "2.000840": PROCESS_OVER}, status="draft"
        )
        content = decision_workbook(decision)
        stored = {e.code: e.record["process"] for e in decision.entries}
    [(_, flat)] = read_decision_workbook(io.BytesIO(content))
    from tthc.records.process import normalize_process

    for entry in flat["entries"]:
        assert normalize_process(entry["record"]["process"]) == normalize_process(stored[entry["code"]])


def test_excel_process_sheet_problems_name_the_cell(demo, session_factory):
    from openpyxl import load_workbook

    from tthc.annex import WorkbookProblem
    from tthc.annex.layout import SHEET_PROCESS

    with transaction(session_factory) as session:
        content = decision_workbook(process_decision(session, "94/QĐ-UBND", {"1.001233": PROCESS_OK}, status="draft"))
    book = load_workbook(io.BytesIO(content))
    book[SHEET_PROCESS]["I3"].value = "tùy trường hợp"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(WorkbookProblem) as raised:
        read_decision_workbook(io.BytesIO(buffer.getvalue()))
    [problem] = raised.value.problems
    assert (problem.sheet, problem.row, problem.column) == (SHEET_PROCESS, 3, "Thời gian")


def test_decision_document_prints_the_process(demo, session_factory):
    with transaction(session_factory) as session:
        decision = process_decision(session, "95/QĐ-UBND", {"1.001233": PROCESS_OK}, status="submitted")
        text = norm(" ".join(pdf_text(decision_doc.decision_pdf(session, decision))))
    for expected in (
        "Quy trình nội bộ (QT.STP.01)",
        "Lấy ý kiến Sở Nội vụ (liên thông)",
        "Phòng Bổ trợ tư pháp",
        "1/4 ngày",
    ):
        assert expected in text, expected


def test_flat_decision_lines_carry_processes_and_imports_report_the_long_one(session_factory, tmp_path):
    from tthc.catalogue.io import import_baseline
    from tthc.decisions.importing import import_decisions
    from tthc.problems import ImportProblem
    from tthc.records import from_flat

    record = {
        "code": "1.000001",
        "name": "Thủ tục thử",
        "field": "Tư pháp",
        "agency": "Sở Tư pháp",
        "applicants": "Công dân",
        "steps": "Nộp hồ sơ",
        "documents": ["Tờ khai"],
        "channels": ["Trực tiếp"],
        "time_limit": "3 ngày làm việc",
        "fee": "Không",
        "process": PROCESS_OVER,
    }
    assert from_flat(record)["process"]["code"] == "QT.STP.02"
    path = tmp_path / "baseline.jsonl"
    import json

    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with transaction(session_factory) as session:
        result = import_baseline(session, path, dt.date(2025, 1, 1))
    [item] = result["quality_report"]
    assert any(p["field"] == "process.cases.0" and "vượt thời hạn" in p["message"] for p in item["problems"])
    with session_factory() as session:
        with pytest.raises(ImportProblem, match="«process» \\(quy trình nội bộ\\) phải là một đối tượng JSON"):
            import_decisions(
                session,
                [
                    (
                        1,
                        {
                            "number": "1/QĐ-UBND",
                            "entries": [{"action": "amended", "code": "1.000001", "process": "QT.01"}],
                        },
                    )
                ],
                signed=False,
            )
