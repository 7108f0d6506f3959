"""Excel annexes whose sheets declare more than they hold (issue 25, item 2): a 13 KB workbook declaring
five million rows was read for 44 s inside the request. A declared dimension past Excel's limits or
past the row cap is refused before any row is read, row numbers past the cap stop the reading, the
total number of rows is capped (MAX_ANNEX_ROWS), and a workbook that unzips large is read by the
background job even when the file sent is small."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tthc.annex import SHEET_LIST, read_decision_workbook, template_workbook
from tthc.annex.read import EXCEL_MAX_COLUMNS, EXCEL_MAX_ROWS
from tthc.decisions import import_jobs
from tthc.models.decisions import Decision
from tthc.problems import ImportProblem

AGENCY = "Sở Tư pháp"


def annex_workbook(rows: int = 2) -> bytes:
    book = load_workbook(io.BytesIO(template_workbook()))
    for i in range(1, rows + 1):
        book[SHEET_LIST].append([str(i), "Mới ban hành", f"9.{i:06d}", "", f"Thủ tục thử số {i}", "", "", "", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_part(archive: zipfile.ZipFile, title: str) -> str:
    workbook = archive.read("xl/workbook.xml").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*r:id="([^"]+)"', workbook).group(1)
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels) or re.search(
        rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels
    )
    return "xl/" + target.group(1).removeprefix("/xl/")


def _edit_sheet(data: bytes, edit, title: str = SHEET_LIST) -> bytes:
    """The workbook with one sheet's XML passed through `edit(xml) -> xml` (zip edited directly, as an
    attacker would: openpyxl would rewrite what we want to keep)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        part = _sheet_part(source, title)
        for item in source.infolist():
            content = source.read(item)
            target.writestr(item, edit(content.decode()).encode() if item.filename == part else content)
    return out.getvalue()


def _dimension(ref: str):
    return lambda xml: re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', xml)


def _far_row(number: int):
    """One more row, far below the real ones, holding an entry."""
    row = (
        f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>9</t></is></c>'
        f'<c r="B{number}" t="inlineStr"><is><t>Mới ban hành</t></is></c>'
        f'<c r="E{number}" t="inlineStr"><is><t>Thủ tục ở dòng xa</t></is></c></row>'
    )
    return lambda xml: xml.replace("</sheetData>", row + "</sheetData>")


def _read(data: bytes, **options):
    calls: list[tuple[int, int]] = []
    try:
        return read_decision_workbook(
            io.BytesIO(data), progress=lambda done, total: calls.append((done, total)), **options
        )
    finally:
        # Structural bound on the work done: progress is reported every 500 rows read.
        assert all(total <= EXCEL_MAX_ROWS for _, total in calls) and len(calls) < 50


def test_a_13_kb_workbook_declaring_five_million_rows_is_refused_before_reading():
    data = _edit_sheet(annex_workbook(), _dimension("A1:J5000000"))
    assert len(data) < 14_000
    with pytest.raises(ImportProblem) as refused:
        _read(data)
    message = str(refused.value)
    assert f"«{SHEET_LIST}»" in message and "5.000.000 dòng" in message and "1.048.576" in message


def test_a_dimension_past_excels_columns_is_refused():
    with pytest.raises(ImportProblem, match=f"{EXCEL_MAX_COLUMNS:,} cột".replace(",", ".")):
        _read(_edit_sheet(annex_workbook(), _dimension("A1:XFE3")))


def test_a_dimension_past_the_row_cap_is_refused_before_reading():
    with pytest.raises(ImportProblem, match="tối đa 1.000 dòng"):
        _read(_edit_sheet(annex_workbook(), _dimension("A1:J900000")), max_rows=1000)


def test_a_row_number_far_past_the_real_rows_stops_the_reading():
    data = _edit_sheet(annex_workbook(), _far_row(900_000))  # the dimension still says A1:J3
    with pytest.raises(ImportProblem) as refused:
        _read(data, max_rows=1000)
    assert f"«{SHEET_LIST}»" in str(refused.value) and "tối đa 1.000 dòng" in str(refused.value)


def test_rows_within_the_cap_are_read_and_the_cap_counts_every_sheet():
    flat = _read(annex_workbook(40), max_rows=200)[0][1]
    assert len(flat["entries"]) == 40
    with pytest.raises(ImportProblem, match="tối đa 30 dòng"):
        _read(annex_workbook(40), max_rows=30)


def test_a_lying_dimension_within_the_cap_pads_nothing():
    """A dimension wider and longer than the rows (a stale one) is not trusted: the rows are read as
    they are, not padded to 200 columns each."""
    flat = _read(_edit_sheet(annex_workbook(3), _dimension("A1:GR5000")))[0][1]
    assert [e["code"] for e in flat["entries"]] == ["9.000001", "9.000002", "9.000003"]


def test_a_row_past_excels_last_row_is_refused_whatever_the_cap():
    data = _edit_sheet(annex_workbook(), _far_row(EXCEL_MAX_ROWS + 1))
    with pytest.raises(ImportProblem, match=f"«{SHEET_LIST}»"):
        read_decision_workbook(io.BytesIO(data), max_rows=EXCEL_MAX_ROWS * 3)


@pytest.mark.parametrize("number", ["²", "abc", "1e400", "99999999999999999999"])
def test_a_row_number_that_is_not_a_number_is_a_clear_refusal(number):
    data = _edit_sheet(annex_workbook(2), lambda xml: xml.replace('<row r="3"', f'<row r="{number}"', 1))
    with pytest.raises(ImportProblem, match="Không đọc được tệp Excel|dòng"):
        _read(data)


# --- the web door ---------------------------------------------------------------------------------------
@pytest.fixture
def drafter(app, demo, make_user, client, auth):
    app.config["WTF_CSRF_ENABLED"] = False
    make_user("soan", "drafter", AGENCY)
    auth.login("soan")
    yield client
    import_jobs.wait_all(timeout=120)


def _upload(client, data: bytes):
    return client.post(
        "/soan-thao/nhap-excel",
        data={"file": (io.BytesIO(data), "phu-luc-2715.xlsx")},
        content_type="multipart/form-data",
    )


def test_the_drafter_gets_the_refusal_at_once(drafter, session):
    before = session.scalar(select(func.count(Decision.id)))
    response = _upload(drafter, _edit_sheet(annex_workbook(), _dimension("A1:J5000000")))
    assert response.status_code == 302 and "/soan-thao/nhap/" not in response.headers["Location"]
    page = drafter.get(response.headers["Location"]).get_data(as_text=True)
    assert "5.000.000 dòng" in page
    assert session.scalar(select(func.count(Decision.id))) == before


def test_the_row_cap_is_a_setting(app, drafter, session):
    services = app.extensions["tthc"]
    services.settings = services.settings.replace(max_annex_rows=20)
    response = _upload(drafter, annex_workbook(40))
    page = drafter.get(response.headers["Location"]).get_data(as_text=True)
    assert "tối đa 20 dòng" in page


def _with_long_note(data: bytes) -> bytes:
    """The workbook with 600 KB of notes in its guide sheet: sent small (they compress well), unzipped large."""
    book = load_workbook(io.BytesIO(data))
    guide = book.worksheets[-1]
    for i in range(20):
        guide.cell(row=100 + i, column=1, value=f"Ghi chú {i}: " + "thủ tục hành chính " * 800)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_small_file_that_unzips_large_is_read_in_the_background(app, drafter):
    """Sent size alone let a compact file with many rows be read inside the request."""
    services = app.extensions["tthc"]
    data = _with_long_note(annex_workbook(2))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unzipped = sum(item.file_size for item in archive.infolist())
    assert len(data) < 40_000 < 600_000 < unzipped
    # what is sent stays well under the threshold (settings are frozen: the app's services get new ones)
    services.settings = settings = services.settings.replace(import_in_background_bytes=64 * 1024)
    assert import_jobs.in_background(settings, len(data), data)
    response = _upload(drafter, data)
    assert response.status_code == 302 and "/soan-thao/nhap/" in response.headers["Location"]
    services.settings = settings = services.settings.replace(import_in_background_bytes=unzipped)  # small both ways
    assert not import_jobs.in_background(settings, len(data), data)
    assert not import_jobs.in_background(settings, len(data), b"not a zip")
