"""The Excel annex as Excel stores it: numbers in text-only columns refused, dates accepted."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select

from tthc.annex import SHEET_DOSSIER, SHEET_LIST, WorkbookProblem, read_decision_workbook, template_workbook
from tthc.annex.layout import DOSSIER_COLUMNS, LIST_COLUMNS
from tthc.models.decisions import Decision, DecisionEntry

NUMERIC_CODE_MESSAGE = "Mã TTHC phải được nhập dạng văn bản (ô đang là số 2.00084): định dạng cột là Text rồi nhập lại"


def _numeric_code_workbook(tmp_path):
    book = load_workbook(io.BytesIO(template_workbook()))
    # what Excel keeps when 2.000840 is typed into a General cell: the float 2.00084
    book[SHEET_LIST].append([1, "Sửa đổi, bổ sung", 2.00084, "", "", "", "", "", "Nghị định 1/2027", ""])
    path = tmp_path / "ma-so.xlsx"
    book.save(path)
    return path


def test_numeric_code_cell_is_refused_with_sheet_row_and_the_fix(tmp_path):
    with pytest.raises(WorkbookProblem) as raised:
        read_decision_workbook(_numeric_code_workbook(tmp_path))
    problems = raised.value.problems
    assert [(p.sheet, p.row, p.column, p.message) for p in problems] == [
        (SHEET_LIST, 2, "Mã TTHC", NUMERIC_CODE_MESSAGE)
    ]  # no misleading "missing field" after it
    assert f"trang «{SHEET_LIST}», dòng 2, cột «Mã TTHC»: {NUMERIC_CODE_MESSAGE}" in str(raised.value)


def test_numeric_code_workbook_writes_nothing(demo, runner, session, tmp_path):
    counts = (select(func.count(Decision.id)), select(func.count(DecisionEntry.id)))
    before = [session.scalar(q) for q in counts]
    result = runner.invoke(args=["decision", "import", str(_numeric_code_workbook(tmp_path))])
    assert result.exit_code == 1
    assert NUMERIC_CODE_MESSAGE in result.output
    session.expire_all()
    assert [session.scalar(q) for q in counts] == before


def test_numeric_count_is_refused_like_a_code(tmp_path):
    book = load_workbook(io.BytesIO(template_workbook()))
    book[SHEET_LIST].append(["1", "Mới ban hành", "1.777001", "", "Thủ tục thử", "", "", "", "", ""])
    book[SHEET_DOSSIER].append(["1", "1.777001", "", "Tờ khai", 3, "01", ""])  # "03" typed into General
    path = tmp_path / "so-luong.xlsx"
    book.save(path)
    with pytest.raises(WorkbookProblem) as raised:
        read_decision_workbook(path)
    assert [(p.sheet, p.row, p.column, p.message) for p in raised.value.problems] == [
        (
            SHEET_DOSSIER,
            2,
            "Bản chính",
            "Bản chính phải được nhập dạng văn bản (ô đang là số 3): định dạng cột là Text rồi nhập lại",
        )
    ]


def test_template_formats_code_and_count_columns_as_text():
    book = load_workbook(io.BytesIO(template_workbook()))
    for sheet, columns, names in (
        (SHEET_LIST, LIST_COLUMNS, ("Mã TTHC", "Mã TTHC bị thay thế")),
        (SHEET_DOSSIER, DOSSIER_COLUMNS, ("Mã TTHC", "Bản chính", "Bản sao")),
    ):
        for name in names:
            letter = get_column_letter(columns.index(name) + 1)
            assert book[sheet].column_dimensions[letter].number_format == "@", (sheet, name)


def test_dates_typed_as_excel_dates_are_accepted(tmp_path):
    book = load_workbook(io.BytesIO(template_workbook()))
    sheet = book["Quyết định"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "Ngày ký":
            row[1].value = dt.datetime(2026, 11, 19)
            row[1].number_format = "dd/mm/yyyy"
        if row[0].value == "Ngày có hiệu lực":
            row[1].value = 46346  # a serial number whose date format was lost: 2026-11-20
            row[1].number_format = "General"
    book[SHEET_LIST].append(["1", "Mới ban hành", "1.777001", "", "Thủ tục thử", "", "", "", "", ""])
    path = tmp_path / "ngay.xlsx"
    book.save(path)
    flat = read_decision_workbook(path)[0][1]
    assert flat["signed_date"] == "2026-11-19"
    assert flat["effective_date"] == "2026-11-20"
