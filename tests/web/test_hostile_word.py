"""Word decisions whose table XML declares counts far past their content (issue 25, item 1): a row's
gridBefore, a cell's gridSpan. The grid read from a table is bounded by the table's real width (its
tblGrid and real cells, at most MAX_TABLE_COLUMNS), so a 30 KB file cannot make millions of cells; a
count that is not a number is a clear refusal, not a 500."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from sqlalchemy import func, select

from tests.support.word import add_row, first_page, header, save
from tthc.annex.word import WordProblem, read_decision_docx
from tthc.annex.word_grid import MAX_TABLE_COLUMNS, W, table_grid
from tthc.models.decisions import Decision

AGENCY = "Sở Tư pháp"
HEADERS = ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Địa điểm thực hiện", "Căn cứ pháp lý"]
ROW = ["1", "1.888001", "Đăng ký khai sinh", "Trung tâm Phục vụ hành chính công tỉnh", "Luật Hộ tịch"]


def _decision(edit=None) -> bytes:
    """A one-entry decision; `edit(row)` changes the XML of its procedure row."""
    doc = Document()
    first_page(doc, number="2715/QĐ-UBND")
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH")
    table = header(doc, HEADERS)
    row = add_row(table, ROW)
    if edit:
        edit(row)
    return save(doc)


def _grid_before(value: str):
    def edit(row):
        element = OxmlElement("w:gridBefore")
        element.set(qn("w:val"), value)
        row._tr.get_or_add_trPr().insert(0, element)

    return edit


def _grid_span(value: str, cell: int = 2):
    def edit(row):
        element = OxmlElement("w:gridSpan")
        element.set(qn("w:val"), value)
        row.cells[cell]._tc.get_or_add_tcPr().append(element)

    return edit


def _annex_table(data: bytes):
    document = Document(io.BytesIO(data))
    return document.element.body.findall(f"{W}tbl")[2]  # motto, signature block, then the annex


def test_a_huge_grid_before_makes_no_more_cells_than_the_table_has():
    data = _decision(_grid_before("300000"))
    assert len(data) < 40_000
    grid = table_grid(_annex_table(data))
    assert [len(row) for row in grid] == [5, 5]  # not 300,005 cells in the second row
    entry = read_decision_docx(data).entries[0]
    assert (entry.values["code"], entry.values["name"]) == ("1.888001", "Đăng ký khai sinh")


def test_a_huge_grid_span_is_cut_to_the_table_width():
    grid = table_grid(_annex_table(_decision(_grid_span("9000000", cell=0))))
    assert [len(row) for row in grid] == [5, 5]  # the span is cut so the four cells after it still fit
    assert [c.text for c in grid[1]][-1] == "Luật Hộ tịch"  # the cells after the span are still read


def test_a_real_grid_before_still_shifts_the_row():
    """A row that starts one column in (gridBefore=1, as Word writes for an indented row) keeps its
    cells under the right headers."""

    def edit(row):
        row._tr.remove(row._tr.tc_lst[-1])
        _grid_before("1")(row)

    grid = table_grid(_annex_table(_decision(edit)))
    assert [c.text for c in grid[1]] == [
        "",
        "1",
        "1.888001",
        "Đăng ký khai sinh",
        "Trung tâm Phục vụ hành chính công tỉnh",
    ]


def test_no_row_is_wider_than_the_hard_cap():
    def edit(row):
        tr = row._tr
        for _ in range(MAX_TABLE_COLUMNS + 5):
            tr.append(OxmlElement("w:tc"))

    with pytest.raises(WordProblem, match=f"hơn {MAX_TABLE_COLUMNS} cột"):
        read_decision_docx(_decision(edit))


@pytest.mark.parametrize(
    "edit",
    [
        _grid_before("abc"),
        _grid_before("²"),
        _grid_before("٣"),
        _grid_before("9" * 5000),
        _grid_span("-"),
        _grid_span(""),
    ],
    ids=[
        "before-letters",
        "before-superscript",
        "before-arabic-digit",
        "before-5000-digits",
        "span-dash",
        "span-empty",
    ],
)
def test_a_count_that_is_not_a_number_is_a_clear_refusal(edit):
    with pytest.raises(WordProblem) as error:
        read_decision_docx(_decision(edit))
    message = str(error.value)
    assert "Bảng 3, dòng 2" in message and "không phải số" in message


@pytest.fixture
def drafter_client(app, demo, make_user, client, auth):
    app.config["WTF_CSRF_ENABLED"] = False
    make_user("soan", "drafter", AGENCY)
    auth.login("soan")
    return client


@pytest.mark.parametrize("edit", [_grid_before("abc"), _grid_span("x")], ids=["gridBefore", "gridSpan"])
def test_the_drafter_sees_the_refusal_instead_of_a_500(edit, drafter_client, session):
    before = session.scalar(select(func.count(Decision.id)))
    response = drafter_client.post(
        "/soan-thao/word/",
        data={"file": (io.BytesIO(_decision(edit)), "2715.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = drafter_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Không đọc được tệp Word" in page and "không phải số" in page
    assert session.scalar(select(func.count(Decision.id))) == before
