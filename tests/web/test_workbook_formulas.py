"""No workbook the app writes carries a live formula (issue 25, item 7): a procedure, sector or decision
text that starts with = + - @ or a tab is stored as text with Excel's quote prefix (shown as typed, never
run, and still text when someone edits the cell), through one function, tthc.security.neutralise_workbook.
The statistics report carried live HYPERLINK formulas; every workbook is checked here, as served."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tthc.catalogue.apply import apply_decision
from tthc.db import transaction
from tthc.models.decisions import Decision, DecisionEntry
from tthc.security import FORMULA_TRIGGERS

LINK = '=HYPERLINK("http://phishing.example/dang-nhap","Tải mẫu đơn")'
HOSTILE = {
    "name": LINK,
    "sector": "+SUM(1,1)",
    "agencies": {"executing": ["@Sở Tư pháp"]},
    "fee": "-2+3",
    "time_limit": "\t=1+1",
    "level": "tinh",
}


@pytest.fixture
def hostile_catalogue(demo):
    """The demo catalogue plus one procedure, in force today, whose texts look like formulas."""
    with transaction(demo) as session:
        decision = Decision(
            kind="cong_bo",
            number="=1+1/QĐ-UBND",
            title="Công bố thủ tục thử",
            issuer="UBND tỉnh",
            status="signed",
            signed_date=dt.date.today(),
            effective_date=dt.date.today(),
        )
        decision.entries = [DecisionEntry(position=0, action="new", code="9.000777", record=dict(HOSTILE))]
        session.add(decision)
        session.flush()
        apply_decision(session, decision, actor="test")
    return demo


def live_cells(data: bytes) -> list[str]:
    """Every cell a spreadsheet would run: a formula element, or text that looks like one without the
    quote prefix. Empty means the workbook is safe."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and re.search(rb"<(\w+:)?f[ >]", archive.read(name)):
                found.append(f"{name}: a <f> formula element")
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                text = cell.value
                if cell.data_type == "f" or (
                    isinstance(text, str) and text.startswith(FORMULA_TRIGGERS) and not cell.quotePrefix
                ):
                    found.append(f"{sheet.title}!{cell.coordinate}: {str(text)[:40]}")
    return found


def texts(data: bytes) -> set[str]:
    book = load_workbook(io.BytesIO(data))
    return {c.value for s in book.worksheets for row in s.iter_rows() for c in row if isinstance(c.value, str)}


def test_the_statistics_report_has_no_live_formula(hostile_catalogue, client):
    response = client.get("/thong-ke/bao-cao.xlsx")
    assert response.status_code == 200
    assert LINK in texts(response.data)  # the text is kept as it was typed
    assert live_cells(response.data) == []


def test_the_catalogue_download_has_no_live_formula(hostile_catalogue, client):
    response = client.get("/api/v1/catalogue.xlsx")
    assert response.status_code == 200
    assert LINK in texts(response.data)
    assert live_cells(response.data) == []


def test_the_draft_annex_and_the_template_have_no_live_formula(app, hostile_catalogue, make_user, client, auth):
    from tests.support.form_files import draft_with_entry

    app.config["WTF_CSRF_ENABLED"] = False
    make_user("soan", "drafter", "Sở Tư pháp")
    auth.login("soan")
    decision_id, entry_id = draft_with_entry(client)
    with transaction(hostile_catalogue) as session:
        entry = session.get(DecisionEntry, entry_id)
        entry.record = {**(entry.record or {}), "fee": "=1+1", "requirements": "@cmd", "notes": "-x"}
    annex = client.get(f"/soan-thao/{decision_id}/excel")
    assert annex.status_code == 200
    assert "=1+1" in texts(annex.data) and live_cells(annex.data) == []
    template = client.get("/soan-thao/mau-phu-luc.xlsx")
    assert template.status_code == 200 and live_cells(template.data) == []


def test_the_stats_command_writes_no_live_formula(hostile_catalogue, runner, tmp_path):
    path = tmp_path / "thong-ke.xlsx"
    result = runner.invoke(args=["stats", "--xlsx", str(path)])
    assert result.exit_code == 0, result.output
    assert LINK in texts(path.read_bytes()) and live_cells(path.read_bytes()) == []


def test_a_neutralised_annex_reads_back_exactly_as_written(hostile_catalogue):
    """The quote prefix is a style, not a character: the texts round-trip through the Excel reader."""
    from tthc.annex import decision_workbook, read_decision_workbook

    with hostile_catalogue() as session:
        decision = session.scalar(select(Decision).where(Decision.number == "=1+1/QĐ-UBND"))
        data = decision_workbook(decision)
    assert live_cells(data) == []
    flat = read_decision_workbook(io.BytesIO(data))[0][1]
    assert flat["number"] == "=1+1/QĐ-UBND"
    assert flat["entries"][0]["record"]["name"] == LINK
