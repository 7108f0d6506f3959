"""The Excel annex: round trip of the sample decisions, strict import, codes and counts as text."""

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tthc.annex import (
    SHEET_CONTENT,
    SHEET_DOSSIER,
    SHEET_LIST,
    SHEET_METHODS,
    WorkbookProblem,
    catalogue_workbook,
    decision_workbook,
    read_decision_workbook,
    template_workbook,
)
from tthc.decisions.importing import decision_from_flat
from tthc.models.decisions import Decision, DecisionEntry
from tthc.records import normalize_record
from tthc.records.flat import read_jsonl


def _entry_key(entry):
    record = {k: v for k, v in (entry.record or {}).items() if k != "code"}  # the entry's code is authoritative
    return (entry.position, entry.action, entry.code, entry.replaces_code, record, list(entry.basis or []), entry.note)


def _decision_key(decision):
    return (
        decision.number,
        decision.title,
        decision.issuer,
        decision.signer,
        decision.signed_date,
        decision.effective_date,
        list(decision.legal_acts or []),
        [_entry_key(e) for e in decision.entries],
    )


def test_sample_decisions_survive_the_excel_round_trip(demo, session):
    decisions = session.scalars(select(Decision).where(Decision.kind == "cong_bo").order_by(Decision.id)).all()
    assert len(decisions) == 2
    for decision in decisions:
        rows = read_decision_workbook(io.BytesIO(decision_workbook(decision)))
        assert len(rows) == 1
        again = decision_from_flat(rows[0][1], "Excel", signed=True)
        assert _decision_key(again) == _decision_key(decision)


def test_structured_record_round_trips_with_every_part(sample_dir):
    """A full record (methods per channel, dossier cases with counts, agencies by role, flags, extra)."""
    rows = read_jsonl(sample_dir / "procedures.jsonl")
    from tthc.catalogue.io import to_record

    record = to_record(rows[0][1])
    record["dossier"].append(
        {
            "case": "Trường hợp nộp qua bưu chính",
            "documents": [{"name": "Phong bì", "originals": 3, "copies": None, "form": "Mẫu 01"}],
        }
    )
    record["agencies"]["coordinating"] = ["Công an tỉnh", "Sở Ngoại vụ"]
    record.update(postal=True, non_territorial=True, online_level="toan_trinh", levels=["tinh", "trung_uong"])
    flat = {
        "number": "07/QĐ-UBND",
        "title": "Thử",
        "entries": [
            {"action": "new", "code": record["code"], "record": record},
            {
                "action": "amended",
                "code": "1.001233",
                "record": {
                    "methods": [
                        {
                            "channel": "truc_tuyen",
                            "time_limit": "03 ngày",
                            "time_limit_value": 3,
                            "time_limit_unit": "ngay",
                            "fee": "=1+1",
                            "note": "",
                        }
                    ]
                },
            },
            {"action": "replaced", "code": "1.999999", "replaces": "1.003160", "record": {"name": "Tên mới"}},
            {
                "action": "abolished",
                "code": "2.000596",
                "abolition_basis": ["Nghị định 1/2027"],
                "record": {"name": "Thủ tục đăng ký tham gia trợ giúp pháp lý"},
            },
        ],
    }
    decision = decision_from_flat(flat, "x", signed=False)
    for i, entry in enumerate(decision.entries):
        entry.id = i + 1
    data = decision_workbook(decision)
    again = decision_from_flat(read_decision_workbook(io.BytesIO(data))[0][1], "y", signed=False)
    assert [_entry_key(e) for e in again.entries] == [_entry_key(e) for e in decision.entries]
    assert normalize_record(again.entries[0].record) == normalize_record(record)
    # Codes, counts and formula-looking text are stored as text cells.
    book = load_workbook(io.BytesIO(data))
    assert book[SHEET_LIST]["C2"].value == record["code"] and book[SHEET_LIST]["C2"].data_type == "s"
    assert book[SHEET_METHODS]["G" + str(book[SHEET_METHODS].max_row)].data_type == "s"  # "=1+1" stays text


def _broken_workbook(tmp_path):
    book = load_workbook(io.BytesIO(template_workbook()))
    listing, content, methods, dossier = (book[s] for s in (SHEET_LIST, SHEET_CONTENT, SHEET_METHODS, SHEET_DOSSIER))
    listing.append(
        ["1", "Mới ban hành", "1.777001", "", "Thủ tục thử một", "Hộ tịch", "Cấp tỉnh", "Sở Tư pháp", "", ""]
    )
    listing.append(["2", "Sửa đổi, bổ sung", "1.001233", "", "", "", "", "", "", ""])
    listing.append(["3", "Bãi bỏ", "1.001233", "", "", "", "", "", "Nghị định 1/2027", ""])  # duplicate code
    listing.append(["4", "Hủy bỏ", "1.003160", "", "", "", "", "", "", ""])  # unknown action
    listing.append(["5", "Mới ban hành", "", "", "", "", "", "", "", ""])  # no name: empty mandatory part
    content.append(["1", "1.777001", "Thủ tục thử một"])
    dossier.append(["1", "1.777001", "", "Tờ khai", "hai", "01", ""])  # text in a count
    methods.delete_cols(7)  # "Phí, lệ phí" column missing
    path = tmp_path / "hong.xlsx"
    book.save(path)
    return path


def test_broken_workbook_reports_every_problem_with_row_and_column(tmp_path):
    with pytest.raises(WorkbookProblem) as raised:
        read_decision_workbook(_broken_workbook(tmp_path))
    found = {(p.sheet, p.row, p.column) for p in raised.value.problems}
    assert (SHEET_METHODS, 1, "Phí, lệ phí") in found  # missing column
    assert (SHEET_DOSSIER, 2, "Bản chính") in found  # text in a count
    assert (SHEET_LIST, 4, "Mã TTHC") in found  # duplicate code
    assert (SHEET_LIST, 5, "Hình thức") in found  # unknown action
    assert (SHEET_LIST, 6, "Tên thủ tục hành chính") in found  # empty mandatory part
    assert len(found) == 5
    message = str(raised.value)
    assert "dòng 2, cột «Bản chính»" in message and "«hai» không phải số nguyên" in message


def test_broken_workbook_writes_nothing(demo, runner, session, tmp_path):
    path = _broken_workbook(tmp_path)
    before = (session.scalar(select(func.count(Decision.id))), session.scalar(select(func.count(DecisionEntry.id))))
    result = runner.invoke(args=["decision", "import", str(path), "--json"])
    assert result.exit_code == 1
    assert "Bản chính" in result.output and "dòng 4" in result.output
    session.expire_all()
    after = (session.scalar(select(func.count(Decision.id))), session.scalar(select(func.count(DecisionEntry.id))))
    assert before == after


def test_cli_imports_an_excel_annex_as_a_draft(demo, runner, session, tmp_path):
    decision = session.scalars(select(Decision).where(Decision.number == "2715/QĐ-UBND")).one()
    path = tmp_path / "phu-luc.xlsx"
    path.write_bytes(decision_workbook(decision))
    book = load_workbook(path)
    book["Quyết định"]["B2"] = "15/QĐ-UBND"
    book.save(path)
    result = runner.invoke(args=["decision", "import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    created = json.loads(result.stdout.strip().splitlines()[-1])
    assert created[0]["number"] == "15/QĐ-UBND" and created[0]["status"] == "draft" and created[0]["entries"] == 17


def test_formula_cells_are_refused_not_evaluated(tmp_path):
    book = load_workbook(io.BytesIO(template_workbook()))
    book[SHEET_LIST].append(["1", "Mới ban hành", "1.777001", "", "=CONCAT(\"a\",\"b\")", "", "", "", "", ""])
    path = tmp_path / "congthuc.xlsx"
    book.save(path)
    with pytest.raises(WorkbookProblem) as raised:
        read_decision_workbook(path)
    assert any(p.column == "Tên thủ tục hành chính" and "công thức" in p.message for p in raised.value.problems)


def test_not_a_workbook_is_a_clear_message(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    from tthc.problems import ImportProblem

    with pytest.raises(ImportProblem, match="Không đọc được tệp Excel"):
        read_decision_workbook(path)


def test_catalogue_export_keeps_codes_as_text(demo, runner, tmp_path):
    out = tmp_path / "danh-muc.xlsx"
    result = runner.invoke(args=["catalogue", "export", "--format", "xlsx", "--at", "2025-06-01", "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    codes = [row[2].value for row in book[SHEET_LIST].iter_rows(min_row=2)]
    assert len(codes) == 34 and "1.001233" in codes
    assert all(isinstance(c, str) for c in codes)
    assert book["Quyết định"]["B7"].value == "01/06/2025"
    # The catalogue on a date reads back as records identical to the ones in force.
    data = catalogue_workbook([], dt.date(2025, 6, 1))
    assert load_workbook(io.BytesIO(data))[SHEET_LIST].max_row == 1


def test_template_offers_choices_as_drop_downs():
    book = load_workbook(io.BytesIO(template_workbook()))
    validations = book[SHEET_LIST].data_validations.dataValidation
    assert any("B2:B" in str(v.sqref) and "Danh sách" in v.formula1 for v in validations)
    choices = [c.value for c in book["Danh sách"]["A"][1:] if c.value]
    assert choices == ["Mới ban hành", "Sửa đổi, bổ sung", "Thay thế", "Bãi bỏ"]
    assert book["Danh sách"].sheet_state == "hidden"


def test_cli_shows_progress_for_large_workbooks(demo, runner, tmp_path):
    book = load_workbook(io.BytesIO(template_workbook()))
    for i in range(1, 1101):
        book[SHEET_LIST].append([str(i), "Mới ban hành", f"9.{i:06d}", "", f"Thủ tục thử số {i}", "", "", "", "", ""])
    path = tmp_path / "lon.xlsx"
    book.save(path)
    seen = []
    read_decision_workbook(path, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] >= 1100 and len(seen) >= 3
    result = runner.invoke(args=["decision", "import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert "Đã đọc 500/" in result.stderr
    assert json.loads(result.stdout)[0]["entries"] == 1100  # stdout stays clean JSON


def test_drafting_upload_refuses_a_zip_bomb_before_openpyxl_opens_it(app, make_user, session_factory, auth):
    import zipfile

    from sqlalchemy import func, select

    from tthc.models.decisions import Decision

    app.config["WTF_CSRF_ENABLED"] = False  # the browser tests cover the real CSRF tokens
    client = auth.client
    make_user("soan-bom", "drafter", agency="Sở Công Thương")
    auth.login("soan-bom")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    response = client.post(
        "/soan-thao/nhap-excel",
        data={"file": (io.BytesIO(bomb.getvalue()), "phu-luc.xlsx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "bom nén" in response.get_data(as_text=True)
    with session_factory() as session:
        assert session.scalar(select(func.count(Decision.id))) == 0


def test_the_receiving_agency_has_its_column_and_older_workbooks_still_import(sample_dir):
    """Phần II carries "Cơ quan tiếp nhận hồ sơ" (the role a record has only when a decision names it); an
    annex made before the column existed imports as before, the role simply not given."""
    from tthc.catalogue.io import to_record

    record = to_record(read_jsonl(sample_dir / "procedures.jsonl")[0][1])
    record["agencies"]["receiving"] = ["Trung tâm Phục vụ hành chính công tỉnh"]
    decision = decision_from_flat(
        {
            "number": "08/QĐ-UBND",
            "title": "Thử",
            "entries": [{"action": "new", "code": record["code"], "record": record}],
        },
        "x",
        signed=False,
    )
    decision.entries[0].id = 1
    data = decision_workbook(decision)
    again = decision_from_flat(read_decision_workbook(io.BytesIO(data))[0][1], "y", signed=False)
    assert again.entries[0].record["agencies"]["receiving"] == ["Trung tâm Phục vụ hành chính công tỉnh"]
    book = load_workbook(io.BytesIO(data))
    content = book[SHEET_CONTENT]
    column = next(c.column for c in content[1] if c.value == "Cơ quan tiếp nhận hồ sơ")
    content.delete_cols(column)
    older = io.BytesIO()
    book.save(older)
    older.seek(0)
    read = decision_from_flat(read_decision_workbook(older)[0][1], "z", signed=False).entries[0].record
    assert "receiving" not in read["agencies"]
    assert read["agencies"]["executing"] == record["agencies"]["executing"]


def test_a_part_one_amendment_uploaded_on_the_web_is_previewed_and_drafted_as_written(
    app, demo, make_user, client, auth, session
):
    """Issue 24, item 8, through the drafter's door: the preview reports the new name and sector (not
    "nothing changes"), and the draft made from the kept upload holds them."""
    from tests.support.workbooks import PART_ONE, PART_ONE_CODE, part_one_workbook
    from tthc.decisions.starting_point import full_record

    app.config["WTF_CSRF_ENABLED"] = False
    make_user("soan", "drafter", "Sở Tư pháp")
    auth.login("soan")
    preview = client.post(
        "/soan-thao/nhap-excel",
        data={"file": (io.BytesIO(part_one_workbook()), "2715-QĐ-UBND.xlsx"), "xem_truoc": "1"},
        content_type="multipart/form-data",
    )
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and PART_ONE_CODE in html
    changed = html.split('class="report-changed">')[1].split("</td>")[0]
    assert changed == (
        f"<ul><li>Tên thủ tục</li><li>Lĩnh vực</li><li>Cơ quan thực hiện: {PART_ONE['agency']}</li></ul>"
    ), changed
    kept = int(html.split('action="/soan-thao/nhap-excel/')[1].split("/nap")[0])
    drafted = client.post(f"/soan-thao/nhap-excel/{kept}/nap")
    assert drafted.status_code == 302
    decision_id = int(drafted.headers["Location"].rstrip("/").split("/")[-1])
    decision = session.get(Decision, decision_id)
    [entry] = decision.entries
    after = full_record(session, decision, entry)
    assert (after["name"], after["sector"]) == (PART_ONE["name"], PART_ONE["sector"])
    assert after["agencies"]["executing"] == [PART_ONE["agency"]]


def test_the_preview_of_a_long_annex_shows_its_first_rows_and_counts_them_all(app, demo, make_user, client, auth):
    """Issue 24, item 2: the Excel preview of 3,065 rows was 740 KB of HTML on one answer; it shows two hundred
    and counts every row (the draft's pages and the review show each once imported)."""
    from tests.support.workbooks import annex_workbook

    app.config["WTF_CSRF_ENABLED"] = False
    make_user("soan", "drafter", "Sở Tư pháp")
    auth.login("soan")
    preview = client.post(
        "/soan-thao/nhap-excel",
        data={"file": (io.BytesIO(annex_workbook(250)), "250-QĐ-UBND.xlsx"), "xem_truoc": "1"},
        content_type="multipart/form-data",
    )
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "đọc được 250 mục" in html
    assert "Bảng dưới nêu 200 mục đầu trong 250 mục. Trong cả 250 mục: mới ban hành 250;" in html
    rows = html.split('<table class="import-report">')[1].split("</tbody>")[0].count("<tr>")
    assert rows == 200 + 1  # the header's row, then two hundred entries
    assert "Thủ tục thử số 200<" in html and "Thủ tục thử số 201<" not in html
