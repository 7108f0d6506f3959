"""Phần I of an Excel annex is what the draft holds (issue 24, item 8): an amended procedure's new name,
sector, level or agency written in Phần I is applied, as the Word import applies it, and a Phần I-only
amendment is not stored empty nor reported as identical to the version in force."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.support.word import add_row, first_page, header, save, span_row
from tests.support.workbooks import PART_ONE, PART_ONE_CODE, part_one_workbook
from tthc.annex import template_workbook
from tthc.annex.layout import LIST_COLUMNS, SHEET_HELP, SHEET_LIST
from tthc.annex.read import read_decision_workbook
from tthc.annex.word import read_decision_docx
from tthc.catalogue.queries import version_in_force
from tthc.db import transaction
from tthc.decisions.import_report import entry_report
from tthc.decisions.importing import import_decisions
from tthc.decisions.starting_point import full_record, starting_record

CODE = PART_ONE_CODE  # in force in the sample: "Thủ tục thay đổi nội dung Giấy đăng ký tham gia trợ giúp pháp lý"
NEW_NAME, NEW_SECTOR, NEW_AGENCY = PART_ONE["name"], PART_ONE["sector"], PART_ONE["agency"]


def _excel_annex(level: str = "Cấp tỉnh") -> bytes:
    return part_one_workbook(level)


def _word_annex(level: str = "cấp tỉnh") -> bytes:
    """The same amendment written in Word: Phần I's table of amended procedures."""
    from docx import Document

    doc = Document()
    first_page(doc, number="2715/QĐ-UBND")
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG")
    table = header(doc, ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực", "Cơ quan thực hiện"])
    span_row(table, f"A. Thủ tục hành chính {level}")
    add_row(table, ["1", CODE, NEW_NAME, NEW_SECTOR, NEW_AGENCY])
    return save(doc)


def _import(session_factory, flat: dict) -> int:
    with transaction(session_factory) as session:
        [decision] = import_decisions(session, [(1, flat)], signed=False, actor="test")
        return decision.id


def _what_the_draft_holds(session_factory, decision_id: int) -> tuple[dict, dict]:
    from tthc.models.decisions import Decision

    with session_factory() as session:
        decision = session.get(Decision, decision_id)
        [entry] = decision.entries
        base = starting_record(session, decision, entry)
        after = full_record(session, decision, entry, base)
        return after, entry_report(session, decision, entry)


def test_phan_i_changes_of_an_amended_procedure_are_applied_as_the_word_import_does(demo):
    with demo() as session:
        before = version_in_force(session, CODE).record
    assert before["name"] != NEW_NAME and before["sector"] != NEW_SECTOR

    [(_, excel_flat)] = read_decision_workbook(io.BytesIO(_excel_annex()))
    excel_after, excel_report = _what_the_draft_holds(demo, _import(demo, excel_flat))
    assert excel_after["name"] == NEW_NAME
    assert excel_after["sector"] == NEW_SECTOR
    assert excel_after["level"] == "tinh"
    assert excel_after["agencies"]["executing"] == [NEW_AGENCY]
    # Not "identical to the version in force": the report names what changes.
    assert {"Tên thủ tục", "Lĩnh vực"} <= {label.split(":")[0] for label in excel_report["changed"]}, excel_report

    word_flat = read_decision_docx(_word_annex()).flat()
    word_flat["number"] = "2716/QĐ-UBND"  # two drafts side by side
    word_after, _ = _what_the_draft_holds(demo, _import(demo, word_flat))
    keys = ("name", "sector", "level")
    assert {k: excel_after[k] for k in keys} == {k: word_after[k] for k in keys}
    assert excel_after["agencies"]["executing"] == word_after["agencies"]["executing"]


def test_phan_i_that_repeats_the_version_in_force_changes_nothing(demo):
    """An exported annex names each amended procedure in Phần I as it stands: importing it back stores no
    change for those columns."""
    with demo() as session:
        before = version_in_force(session, CODE).record
    book = load_workbook(io.BytesIO(_excel_annex()))
    row = [c for c in book[SHEET_LIST].iter_rows(min_row=2) if c[0].value == "1"][0]
    columns = {name: i for i, name in enumerate(LIST_COLUMNS)}
    row[columns["Tên thủ tục hành chính"]].value = before["name"]
    row[columns["Lĩnh vực"]].value = before["sector"]
    row[columns["Cơ quan thực hiện"]].value = "\n".join(before["agencies"]["executing"])
    buffer = io.BytesIO()
    book.save(buffer)
    [(_, flat)] = read_decision_workbook(io.BytesIO(buffer.getvalue()))
    decision_id = _import(demo, flat)
    from tthc.models.decisions import Decision

    with demo() as session:
        [entry] = session.get(Decision, decision_id).entries
        assert not {"name", "sector", "agencies"} & set(entry.record)


def test_the_template_guide_says_phan_i_is_what_the_draft_holds():
    guide = load_workbook(io.BytesIO(template_workbook()))[SHEET_HELP]
    lines = {row[0].value: row[1].value for row in guide.iter_rows(min_row=2) if row[0].value}
    assert "Phần I của mục sửa đổi" in lines
    assert "như khi nhập từ văn bản Word" in lines["Phần I của mục sửa đổi"]


def test_a_new_level_in_phan_i_is_applied_by_both_paths(demo):
    """The level too: the same procedure moved to the communes, in Excel ("Cấp xã") and in Word (a section
    "A. Thủ tục hành chính cấp xã"), is a commune procedure in both drafts."""
    with demo() as session:
        assert version_in_force(session, CODE).record["level"] == "tinh"
    [(_, excel_flat)] = read_decision_workbook(io.BytesIO(_excel_annex("Cấp xã")))
    excel_after, excel_report = _what_the_draft_holds(demo, _import(demo, excel_flat))
    word_flat = read_decision_docx(_word_annex("cấp xã")).flat()
    word_flat["number"] = "2716/QĐ-UBND"
    word_after, _ = _what_the_draft_holds(demo, _import(demo, word_flat))
    assert excel_after["level"] == word_after["level"] == "xa"
    assert any(label.startswith("Cấp thực hiện") for label in excel_report["changed"]), excel_report
