"""The PDF reader on layouts a word processor prints (issue 22, item 6): each class of difference
found by printing the real Word decisions to PDF (benchmarks/annex_accuracy.py --via-pdf), laid out
by hand (tests/support/pdf_layout) so that no LibreOffice is needed."""

from __future__ import annotations

import pytest

from tests.support.pdf_layout import Page, pdf
from tthc.annex.pdf import JOINED_BY_GUESS, KEPT_APART_BY_GUESS, document_items
from tthc.annex.word import read_decision_items
from tthc.annex.word_split import _Cell
from tthc.search.dictionary import syllables

XS = [50.0, 100.0, 300.0, 500.0]


def _tables(pages: list[Page]) -> tuple[list[list[list[str]]], list[str], list[tuple[str, object]]]:
    items, grids, notices = document_items(pdf(pages))
    tables = [[[c.text for c in row] for row in grids[i]] for i, (kind, _) in enumerate(items) if kind == "tbl"]
    return tables, notices, items


def _header(page: Page, top: float) -> Page:
    return page.text(55, top + 4, "TT").text(105, top + 4, "Name").text(305, top + 4, "Basis")


def test_a_row_cut_by_the_page_break_is_one_row_even_under_an_unnumbered_label():
    first = _header(Page().grid(XS, [700, 720, 800]), 700)
    first.text(55, 724, "B3").text(105, 724, "Check the file and").text(305, 724, "Decree of the")
    second = _header(Page().grid(XS, [50, 70, 100, 130]), 50)
    second.text(105, 74, "send it back").text(305, 74, "government")
    second.text(55, 104, "B4").text(105, 104, "Sign").text(305, 104, "Law")
    tables, _, _ = _tables([first, second])
    assert tables == [
        [
            ["TT", "Name", "Basis"],
            ["B3", "Check the file and send it back", "Decree of the government"],
            ["B4", "Sign", "Law"],
        ]
    ]


XS4 = [50.0, 100.0, 250.0, 400.0, 500.0]


def _header4(page: Page, top: float) -> Page:
    return _header(page, top).text(405, top + 4, "Days")


def test_a_row_starting_its_own_sentences_under_a_label_merged_across_the_break_is_a_row_of_its_own():
    # B2 spans two rows: its second row is printed on the next page, the label's cell blank there
    first = _header4(Page(), 680).grid(XS4, [680, 700]).hline(50, 500, 800).hline(100, 500, 750)
    for x in XS4:
        first.vline(x, 700, 800)
    first.text(55, 704, "B2").text(105, 704, "Study the file").text(255, 704, "Head of unit").text(405, 704, "1")
    first.text(105, 754, "Draft").text(255, 754, "Officer").text(405, 754, "2")
    second = _header4(Page().grid(XS4, [50, 70, 100, 130]), 50)
    second.text(105, 74, "Review").text(255, 74, "Deputy head").text(405, 74, "1")
    second.text(55, 104, "B3").text(105, 104, "Sign").text(255, 104, "Director").text(405, 104, "1")
    tables, _, _ = _tables([first, second])
    assert tables[0][1:] == [
        ["B2", "Study the file", "Head of unit", "1"],
        ["B2", "Draft", "Officer", "2"],
        ["B2", "Review", "Deputy head", "1"],
        ["B3", "Sign", "Director", "1"],
    ]


def test_a_cell_merged_down_across_the_page_break_holds_its_value_on_the_next_page():
    # the Basis cell spans rows 1 to 4 (printed once, on the first page); Days is not merged
    first = _header4(Page(), 660).grid(XS4, [660, 680]).hline(50, 250, 720).hline(400, 500, 720).hline(50, 500, 760)
    for x in XS4:
        first.vline(x, 680, 760)
    first.text(55, 684, "1").text(105, 684, "First").text(255, 684, "Law on power").text(405, 684, "5")
    first.text(55, 724, "2").text(105, 724, "Second").text(405, 724, "6")
    second = _header4(Page().grid(XS4, [50, 70]), 50).hline(50, 250, 110).hline(400, 500, 110).hline(50, 500, 150)
    for x in XS4:
        second.vline(x, 70, 150)
    second.text(55, 74, "3").text(105, 74, "Third").text(405, 74, "7")
    second.text(55, 114, "4").text(105, 114, "Fourth").text(405, 114, "8")
    items, grids, _ = document_items(pdf([first, second]))
    grid = next(grids[i] for i, (kind, _) in enumerate(items) if kind == "tbl")
    assert [[c.text for c in row] for row in grid][1:] == [
        ["1", "First", "Law on power", "5"],
        ["2", "Second", "Law on power", "6"],
        ["3", "Third", "Law on power", "7"],
        ["4", "Fourth", "Law on power", "8"],
    ]
    assert [row[2].merged_from for row in grid[1:]] == [None, 1, 1, 1]  # the value starts at row 1


def test_pages_splitting_the_columns_differently_are_one_table_with_spanning_cells():
    first = Page().grid([50, 100, 500], [700, 720, 740])
    first.text(55, 704, "1").text(105, 704, "Process code QT.01")
    first.text(55, 724, "2").text(105, 724, "Conditions: none")
    second = Page().grid([50, 100, 300, 500], [50, 70, 90])
    second.text(55, 54, "TT").text(105, 54, "Step").text(305, 54, "Who")
    second.text(55, 74, "B1").text(105, 74, "Receive").text(305, 74, "Clerk")
    tables, _, _ = _tables([first, second])
    assert tables == [
        [
            ["1", "Process code QT.01", "Process code QT.01"],
            ["2", "Conditions: none", "Conditions: none"],
            ["TT", "Step", "Who"],
            ["B1", "Receive", "Clerk"],
        ]
    ]


def test_footnote_markers_and_footnotes_are_left_out_as_word_keeps_them_apart():
    page = _header(Page().grid(XS, [100, 120, 160]), 100)
    page.text(55, 124, "1").text(105, 124, "Register")
    page.text(305, 124, "case a1").text(347.02, 122, "1", size=7).text(350.91, 124, ": 10 days")
    page.text(50, 500, "Body text under the table.")
    page.hline(50, 200, 760).text(50, 764, "1", size=9).text(60, 764, "a1: case of a new project", size=9)
    tables, _, items = _tables([page])
    assert tables[0][1] == ["1", "Register", "case a1: 10 days"]
    assert [v for k, v in items if k == "p"] == ["Body text under the table."]


def test_a_blank_page_is_no_scan():
    page = _header(Page().grid(XS, [100, 120, 140]), 100).text(55, 124, "1").text(105, 124, "One")
    _, notices, _ = _tables([page, Page(), page])
    assert notices == []


@pytest.mark.skipif(not syllables()[0], reason="needs hunspell-vi (scripts/setup.sh installs it)")
def test_a_word_wider_than_its_cell_is_put_back_but_a_word_of_its_own_keeps_its_space():
    # "Khong" does not fit the Fee column: printed "Khon" / "g"; "nghiem" / "so" wraps between two words
    xs = [50.0, 88.0, 138.0, 258.0]
    page = Page().grid(xs, [100, 120, 170])
    page.text(55, 104, "Fee").text(93, 104, "Name").text(143, 104, "Basis")
    page.text(55, 124, "Khon").text(55, 138, "g")
    page.text(93, 124, "nghiem").text(93, 138, "so 1")
    page.text(143, 124, "https://dichvucong.g").text(143, 138, "ov.vn")
    tables, _, _ = _tables([page])
    assert tables[0][1] == ["Khong", "nghiem so 1", "https://dichvucong.gov.vn"]


def test_a_space_printed_at_the_end_of_a_line_is_kept_and_carries_the_text_on():
    # "TT- " / "BKHCN": the source has the space; "dong " / "+ (0,5%": one paragraph, "+" wrapped to the start
    page = Page().grid([50, 100, 225, 380], [100, 120, 200])
    page.text(55, 104, "TT").text(105, 104, "Basis").text(235, 104, "Fee")
    page.text(55, 124, "1").text(105, 124, "Circular 10/2025/TT- ").text(105, 138, "BKHCN of the ministry")
    page.text(235, 124, "- Up to 10 billion dong ").text(235, 138, "the fee is 10 million dong ")
    page.text(235, 152, "+ (0,5% of the cost).").text(235, 168, "- Above 10 billion dong")
    tables, _, _ = _tables([page])
    assert tables[0][1] == [
        "1",
        "Circular 10/2025/TT- BKHCN of the ministry",
        "- Up to 10 billion dong the fee is 10 million dong + (0,5% of the cost).\n- Above 10 billion dong",
    ]


def test_a_cell_merged_down_in_a_three_column_table_holds_its_value_not_the_name_beside_it():
    page = Page().grid([50, 100, 300, 500], [100, 120, 140]).hline(50, 300, 160).hline(50, 500, 180)
    for x in (50, 100, 300, 500):
        page.vline(x, 140, 180)
    page.text(55, 104, "TT").text(105, 104, "Name").text(305, 104, "Decision")
    page.text(55, 124, "1").text(105, 124, "First").text(305, 124, "Decision 1388")
    page.text(55, 144, "2").text(105, 144, "Second").text(305, 144, "Decision 1390")
    page.text(55, 164, "3").text(105, 164, "Third")
    tables, _, _ = _tables([page])
    assert tables[0][2:] == [["2", "Second", "Decision 1390"], ["3", "Third", "Decision 1390"]]


def test_a_row_whose_label_is_cut_by_the_page_break_is_one_step():
    # "Step 2" printed "Step" / "2": its label cut too, the other rows labelled "Step 1"
    first = _header(Page().grid(XS, [700, 720, 740, 800]), 700)
    first.text(55, 724, "Step 1").text(105, 724, "Receive").text(305, 724, "Clerk")
    first.text(55, 744, "Step").text(105, 744, "Check the file and").text(305, 744, "Head of")
    second = _header(Page().grid(XS, [50, 70, 100, 130]), 50)
    second.text(55, 74, "2").text(105, 74, "send it back").text(305, 74, "unit")
    second.text(55, 104, "Step 3").text(105, 104, "Sign").text(305, 104, "Director")
    tables, _, _ = _tables([first, second])
    assert [row[0] for row in tables[0]] == ["TT", "Step 1", "Step 2", "Step 3"]
    assert tables[0][2] == ["Step 2", "Check the file and send it back", "Head of unit"]


def test_a_cell_ending_with_a_colon_goes_on_with_the_list_on_the_next_page():
    first = _header(Page().grid(XS, [700, 720, 800]), 700)
    first.text(55, 724, "Step 1").text(105, 724, "Check the file as follows:").text(305, 724, "Clerk")
    second = _header(Page().grid(XS, [50, 70, 100, 130]), 50)
    second.text(105, 74, "+ If complete, take it")
    second.text(55, 104, "Step 2").text(105, 104, "Sign").text(305, 104, "Director")
    tables, _, _ = _tables([first, second])
    assert tables[0][1:] == [
        ["Step 1", "Check the file as follows:\n+ If complete, take it", "Clerk"],
        ["Step 2", "Sign", "Director"],
    ]
    items, grids, _ = document_items(pdf([first, second]))
    assert [c.doubt for c in grids[0][1]] == ["", JOINED_BY_GUESS, ""]  # a guess: said on the joined cell


def test_a_first_row_without_a_label_kept_as_a_row_of_its_own_is_a_doubt_on_the_row_above():
    first = _header(Page().grid(XS, [700, 720, 800]), 700)
    first.text(55, 724, "Step 1").text(105, 724, "Check the file").text(305, 724, "Clerk")
    second = _header(Page().grid(XS, [50, 70, 100, 130]), 50)
    second.text(105, 74, "Then scan it")
    second.text(55, 104, "Step 2").text(105, 104, "Sign").text(305, 104, "Director")
    items, grids, _ = document_items(pdf([first, second]))
    grid = grids[0]
    assert [c.text for c in grid[2]] == ["", "Then scan it", ""]
    assert [c.doubt for c in grid[1]] == ["", KEPT_APART_BY_GUESS, ""]


def test_a_doubt_on_a_cell_is_a_doubt_on_its_entry_column():
    header = ["STT", "Tên thủ tục hành chính", "Lĩnh vực", "Cơ quan thực hiện"]
    row = ["1", "Cấp giấy phép xây dựng", "Xây dựng", "Sở Xây dựng"]
    grid = [
        [_Cell(text, c) for c, text in enumerate(header)],
        [_Cell(text, 4096 + c, doubt=KEPT_APART_BY_GUESS if c == 3 else "") for c, text in enumerate(row)],
    ]
    items = [("p", "DANH MỤC THỦ TỤC HÀNH CHÍNH"), ("tbl", None)]
    entries = read_decision_items(items, {1: grid}).entries
    assert ("agency", KEPT_APART_BY_GUESS) in [(m["column"], m["text"]) for m in entries[0].marks]
    assert not any(m["text"] == KEPT_APART_BY_GUESS and m["column"] != "agency" for m in entries[0].marks)


def test_a_province_wrapped_in_the_heading_column_is_one_line():
    # the issuer's column is too narrow for "THANH PHO HO CHI MINH": "MINH" wraps to a line of its own
    page = Page().text(97, 56, "UY BAN NHAN DAN").text(300, 56, "CONG HOA XA HOI CHU NGHIA VIET NAM")
    page.text(93, 74, "THANH PHO HO CHI").text(310, 74, "Doc lap - Tu do - Hanh phuc")
    page.text(141, 92, "MINH").text(351, 92, "---------------")
    page.text(103, 130, "So: 2848/QD-UBND").text(300, 130, "Ho Chi Minh, ngay 21 thang 11 nam 2025")
    page.text(266, 193, "QUYET DINH")
    items, grids, _ = document_items(pdf([page]))
    assert items[0][0] == "tbl"
    assert grids[0][0][0].text.split("\n")[:2] == ["UY BAN NHAN DAN", "THANH PHO HO CHI MINH"]
