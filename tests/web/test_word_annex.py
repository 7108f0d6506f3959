"""Decisions read from Word: the shipped real layouts give exactly their expected entries; generated
layouts cover the variants real annexes use; bad files are refused with one message, nothing written."""

import io
import json
import zipfile

import pytest
from docx import Document
from sqlalchemy import func, select

from tests.support.config import second_app
from tests.support.word import BIG_DOUBTED, add_row, big_annex, first_page, header, merge_down, save, span_row
from tthc.annex.word import ENTRY_KEYS, WordProblem, read_decision_docx
from tthc.annex.word_columns import column_key, parse_code
from tthc.config import PROJECT_ROOT
from tthc.models.decisions import Decision, DecisionEntry
from tthc.records.references import is_as_above, resolve_as_above

ANNEX_DIR = PROJECT_ROOT / "catalogue_data" / "annex"
EXPECTED = [
    json.loads(line) for line in (ANNEX_DIR / "expected.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()
]


def run_json(runner, *args):
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- the shipped real layouts ------------------------------------------------------------------------
@pytest.mark.parametrize("expected", EXPECTED, ids=[e["file"] for e in EXPECTED])
def test_each_sample_file_imports_to_exactly_its_expected_entries(expected):
    parsed = read_decision_docx((ANNEX_DIR / expected["file"]).read_bytes())
    assert {k: parsed.heading[k] for k in ("number", "date", "issuer", "signer")} == {
        k: expected[k] for k in ("number", "date", "issuer", "signer")
    }
    assert [{k: e.values[k] for k in ENTRY_KEYS} for e in parsed.entries] == expected["entries"]
    # the shipped files carry Phần I only (expected.jsonl has no Phần II parts): nothing is taken as content
    assert [e.content for e in parsed.entries] == [{}] * len(expected["entries"])
    assert parsed.heading["signing_title"].replace("KT. ", "KT.") == "KT.CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    assert parsed.heading["effective_text"] == "có hiệu lực thi hành kể từ ngày ký"
    assert parsed.heading["effective_date"] == expected["date"]


def test_nhu_tren_and_merged_cells_are_marked_with_the_row_they_come_from():
    parsed = read_decision_docx((ANNEX_DIR / "2715_QĐ-UBND_nhu-tren-groups.docx").read_bytes())
    second = parsed.entries[1]
    assert second.row == 4 and [c[1] for c in second.cells if c[0] == "Địa điểm thực hiện"] == ["Như trên"]
    assert {"kind": "reference", "column": "place", "text": "Như trên → lấy từ dòng 3"} in second.marks
    assert any(m["text"].startswith("cấp từ dòng nhóm «A. Thủ tục hành chính cấp tỉnh»") for m in second.marks)
    ministry = read_decision_docx((ANNEX_DIR / "2715_QĐ-UBND_ministry-form.docx").read_bytes())
    assert {"kind": "merged", "column": "agency", "text": "ô gộp dọc → lấy từ dòng 3"} in ministry.entries[1].marks
    published = read_decision_docx((ANNEX_DIR / "2715_QĐ-UBND.docx").read_bytes())
    assert published.entries[0].localised_code == "1.013401.H50"


def test_cli_imports_a_word_decision_and_show_gives_the_contract_shape(runner, session_factory):
    created = run_json(runner, "decision", "import", str(ANNEX_DIR / "2715_QĐ-UBND_nhu-tren-groups.docx"), "--json")
    assert [(d["number"], d["status"], d["entries"]) for d in created] == [("2715/QĐ-UBND", "draft", 17)]
    shown = run_json(runner, "decision", "show", str(created[0]["id"]), "--json")
    assert set(shown) == {"decision", "entries"}
    assert {"id", "number", "date", "issuer", "signer", "title", "status", "kind", "effective_date"} <= set(
        shown["decision"]
    )
    assert shown["decision"]["signing_title"] == "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    first, second = shown["entries"][:2]
    assert {"action", "code", "name", "level", "sector", "record", "source"} <= set(first)
    assert first["source"] == {"table": 3, "row": 3} and second["source"] == {"table": 3, "row": 4}
    assert second["record"]["place"] == first["record"]["place"] and "Như trên" not in json.dumps(shown)
    abolished = shown["entries"][-1]
    assert abolished["action"] == "abolished" and abolished["basis"][0] == "Luật Điện lực số 61/2024/QH15"
    missing = runner.invoke(args=["decision", "show", "999", "--json"])
    assert missing.exit_code == 1 and "Không có quyết định" in missing.output


def _catalogue_after(app, sources) -> dict:
    """Baseline on 2025-01-01, `sources` imported as signed decisions, every due one applied."""
    from tthc.catalogue.queries import catalogue_on

    cli = app.test_cli_runner()
    run_json(
        cli,
        "catalogue",
        "import",
        str(PROJECT_ROOT / "catalogue_data" / "procedures.jsonl"),
        "--effective",
        "2025-01-01",
        "--json",
    )
    for source in sources:
        run_json(cli, "decision", "import", str(source), "--signed", "--json")
    applied = run_json(cli, "decision", "apply-due", "--today", "2025-11-30", "--json")
    assert [a["status"] for a in applied] == ["applied", "applied"]
    with app.extensions["tthc"].session_factory() as session:
        records = {v.code: v.record for v in catalogue_on(session)}
    app.extensions["tthc"].engine.dispose()
    return records


def test_sample_decisions_from_word_give_the_same_catalogue_as_from_json_lines(app, migrated_template, tmp_path):
    from_jsonl = _catalogue_after(app, [PROJECT_ROOT / "catalogue_data" / "decisions.jsonl"])
    second = second_app(migrated_template, tmp_path / "second")
    from_word = _catalogue_after(second, [ANNEX_DIR / "2682_QĐ-UBND.docx", ANNEX_DIR / "2715_QĐ-UBND.docx"])
    assert sorted(from_word) == sorted(from_jsonl) and len(from_word) == 36
    for code, record in from_jsonl.items():
        other = from_word[code]
        # everything the JSON Lines state, the Word file states the same way (it may state more: the
        # published 2682 annex cites its legal basis, the JSON Lines copy does not)
        for key in ("name", "sector", "legal_basis", "fee", "time_limit"):
            if record[key]:
                assert other[key] == record[key], (code, key)
        assert other["place"].replace("\n", " ") == record["place"], code
        assert other.get("state", True)


# --- layouts of our own, from the variants real annexes use -------------------------------------------
def _decision(build, **first) -> bytes:
    doc = Document()
    first_page(doc, **first)
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH")
    build(doc)
    return save(doc)


def test_wording_variants_unknown_columns_and_code_in_the_name_cell():
    def build(doc):
        doc.add_paragraph("A. DANH MỤC THỦ TỤC HÀNH CHÍNH SỬA ĐỔI, BỔ SUNG")
        table = header(
            doc,
            [
                "TT",
                "Tên TTHC",
                "Mã hồ sơ TTHC[1]",
                "Thời gian giải quyết",
                "Địa điểm, cách thức thực hiện",
                "Phí/ lệ phí (ĐVT: đồng)",
                "Tên VBQPPL quy định nội dung sửa đổi, bổ sung",
                "Lĩnh vực",
                "Cơ quan thực hiện",
                "TTHC liên thông",
            ],
        )
        add_row(
            table,
            [
                "1",
                "Chứng thực bản sao từ bản chính[1]",
                "2.000908",
                "Ngay trong ngày",
                "Trực tiếp tại UBND cấp xã",
                "2.000 đồng/trang",
                "- Nghị định 23/2015/NĐ-CP;",
                "Chứng thực",
                "UBND cấp xã",
                "x",
            ],
        )
        doc.add_paragraph("B. DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH")
        table = header(doc, ["Stt", "Tên thủ tục hành chính (Mã TTHC)", "Thời hạn giải quyết", "Căn cứ pháp lý"])
        add_row(table, ["1", "Đăng ký khai sinh (Mã TTHC: 1.001193)", "Ngay", "Luật Hộ tịch"])
        add_row(table, ["2", "Đăng ký kết hôn\nMã TTHC: 1.014466. H05", "05 ngày", "Luật Hộ tịch"])
        add_row(table, ["3", "Đăng ký giám hộ", "03 ngày", "Luật Hộ tịch"])

    parsed = read_decision_docx(_decision(build))
    amended, birth, marriage, no_code = parsed.entries
    assert amended.values | {} == {
        "action": "amended",
        "code": "2.000908",
        "name": "Chứng thực bản sao từ bản chính",
        "level": None,
        "field": "Chứng thực",
        "time_limit": "Ngay trong ngày",
        "fee": "2.000 đồng/trang",
        "place": "Trực tiếp tại UBND cấp xã",
        "legal_basis": ["Nghị định 23/2015/NĐ-CP"],
        "agency": "UBND cấp xã",
    }
    assert amended.extra == {"TTHC liên thông": "x"}  # an unknown column is kept, never dropped
    assert (birth.values["action"], birth.values["code"], birth.values["name"]) == (
        "new",
        "1.001193",
        "Đăng ký khai sinh",
    )
    assert (marriage.values["code"], marriage.localised_code, marriage.values["name"]) == (
        "1.014466",
        "1.014466. H05",
        "Đăng ký kết hôn",
    )
    assert no_code.values["code"] is None and "thiếu mã: mã tạm" in no_code.doubts
    flat = amended.flat()
    assert flat["extra"] == {"TTHC liên thông": "x"} and flat["annex_source"] == {"table": 3, "row": 2}


def test_group_rows_totals_repeated_headers_restarts_and_nhu_tren_across_a_group_row():
    def build(doc):
        doc.add_paragraph("I. DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH (04 TTHC)")
        headers = ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Địa điểm thực hiện", "Căn cứ pháp lý"]
        table = header(doc, headers)
        span_row(table, "A. Thủ tục hành chính cấp tỉnh")
        span_row(table, "LĨNH VỰC: CHỨNG THỰC (02 TTHC)")
        add_row(
            table,
            [
                "1",
                "1.000001",
                "Thủ tục một",
                "- Trung tâm Phục vụ hành chính công;\n- Bưu chính",
                "- Luật A;\n- Nghị định B.",
            ],
        )
        add_row(table, ["2", "1.000002", "Thủ tục hai", "Như trên", "Như trên"])
        add_row(table, headers)  # the header repeated on the next page
        row = table.add_row()  # a two-cell group row: "II ‖ CẤP XÃ"
        row.cells[0].text = "II"
        row.cells[1].merge(row.cells[-1]).text = "CẤP XÃ"
        add_row(table, ["1", "1.000003", "Thủ tục ba", "- Như trên -", "Như trên"])  # numbering restarts
        add_row(table, ["2", "1.000003", "Thủ tục bốn", "UBND cấp xã", "Luật C"])
        add_row(table, ["Tổng cộng: 04 TTHC", "", "", "", ""])
        doc.add_paragraph("Ghi chú: [1] chú thích sau bảng.")
        process = header(doc, ["TT", "Trình tự", "Trách nhiệm", "Thời gian", "Biểu mẫu/Kết quả"])
        add_row(process, ["B1", "Tiếp nhận hồ sơ", "Bộ phận một cửa", "0,25 ngày", "Mẫu 01"])

    parsed = read_decision_docx(_decision(build))
    assert [e.values["name"] for e in parsed.entries] == ["Thủ tục một", "Thủ tục hai", "Thủ tục ba", "Thủ tục bốn"]
    one, two, three, four = parsed.entries
    assert [e.values["level"] for e in parsed.entries] == ["tinh", "tinh", "xa", "xa"]
    assert [e.values["field"] for e in parsed.entries] == ["Chứng thực", "Chứng thực", None, None]
    assert two.values["place"] == one.values["place"] and two.values["legal_basis"] == ["Luật A", "Nghị định B"]
    # "Như trên" across the group row: the last procedure row before it
    assert three.values["place"] == one.values["place"]
    assert {"kind": "reference", "column": "place", "text": "Như trên → lấy từ dòng 4"} in three.marks
    assert "cấp từ dòng nhóm «II CẤP XÃ» (dòng 7)" in [m["text"] for m in three.marks]
    assert "mã 1.000003 trùng với dòng 8 của bảng" in four.doubts
    assert parsed.skipped == [{"table": 4, "reason": "quy trình nội bộ"}]


def test_vertical_merges_action_from_note_column_and_malformed_codes():
    def build(doc):
        table = header(doc, ["TT", "Mã số TTHC", "Tên thủ tục hành chính", "Cơ quan thực hiện", "Ghi chú"])
        add_row(table, ["1", "2.001561", "Thủ tục cũ một", "Sở Công Thương", "Bãi bỏ"])
        add_row(table, ["2", "1.0125010", "Thủ tục cũ hai", "", "Bãi bỏ"])
        add_row(table, ["3", "1.01443", "Thủ tục cũ ba", "", "Sửa đổi căn cứ pháp lý"])
        merge_down(table, 3, 1, 3)

    parsed = read_decision_docx(_decision(build))
    first, second, third = parsed.entries
    assert [e.values["action"] for e in parsed.entries] == ["abolished", "abolished", "amended"]
    assert [e.values["agency"] for e in parsed.entries] == ["Sở Công Thương"] * 3
    assert {"kind": "merged", "column": "agency", "text": "ô gộp dọc → lấy từ dòng 2"} in third.marks
    assert second.values["code"] is None and second.localised_code == "1.0125010"
    assert "mã «1.0125010» không đúng dạng: chưa nhận, cần kiểm tra" in second.doubts
    assert third.values["code"] is None and third.doubts


def test_blank_number_placeholder_and_effective_date_in_the_text():
    def build(doc):
        table = header(doc, ["STT", "Tên thủ tục hành chính", "Mã TTHC"])
        add_row(table, ["1", "Thủ tục một", "1.000001"])

    parsed = read_decision_docx(
        _decision(
            build,
            number="       /QĐ-UBND",
            date_line="Quảng Trị, ngày      tháng      năm 2025",
            effective="Quyết định này có hiệu lực thi hành kể từ ngày 01/01/2026.",
        )
    )
    assert parsed.heading["number"] == "" and parsed.heading["date"] is None
    assert parsed.heading["effective_date"] == "2026-01-01"
    assert parsed.heading["effective_text"] == "có hiệu lực thi hành kể từ ngày 01/01/2026"


def test_column_keys_and_codes():
    assert [
        column_key(h)
        for h in (
            "Số TT",
            "Mã số TTHC",
            "Số hồ sơ TTHC",
            "TÊN TTHC",
            "Tên TTHC/ Mã TTHC",
            "Thời hạn giải quyết",
            "Cách thức, địa điểm thực hiện",
            "Phí, lệ phí (nếu có)",
            "Căn cứ hoặc lý do bãi bỏ",
            "TTHC không phụ thuộc địa giới hành chính",
            "Mức độ DVC trực tuyến",
            "Quyết định đã công bố danh mục TTHC",
        )
    ] == [
        "stt",
        "code",
        "code",
        "name",
        "name_code",
        "time_limit",
        "place_channel",
        "fee",
        "legal_basis",
        "non_territorial",
        "online",
        "unknown",
    ]
    assert parse_code("2.000894.000.00.00.H48") == ("2.000894", "2.000894.000.00.00.H48")
    assert parse_code("1.001193.H 61") == ("1.001193", "1.001193.H61")
    assert parse_code("1.01443")[0] is None


def test_nhu_tren_resolves_in_every_import_path(session_factory):
    from tthc.db import transaction
    from tthc.decisions.importing import import_decisions

    rows = [{"place": "Bộ phận một cửa"}, {"place": "như trên."}, {"place": "(Như trên)"}, {"place": "Nt"}]
    references = resolve_as_above(rows)
    assert [r["place"] for r in rows] == ["Bộ phận một cửa"] * 4 and [r.source for r in references] == [0, 0, 0]
    assert not is_as_above("Như trên đã nêu tại Điều 2 của Nghị định")
    flat = {
        "number": "1/QĐ",
        "date": "2025-12-01",
        "issuer": "UBND tỉnh X",
        "entries": [
            {"action": "new", "name": "A", "place": "Trung tâm", "legal_basis": ["Luật A"]},
            {"action": "new", "name": "B", "place": "Như trên", "legal_basis": ["Như trên"]},
        ],
    }
    with transaction(session_factory) as session:
        decision = import_decisions(session, [(1, flat)], signed=False)[0]
        assert [e.record["place"] for e in decision.entries] == ["Trung tâm", "Trung tâm"]
        assert decision.entries[1].record["legal_basis"] == ["Luật A"]


# --- files that are not decisions --------------------------------------------------------------------
def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (50 * 1024 * 1024) + b"</w:document>")
    return buffer.getvalue()


def _with_entities() -> bytes:
    source = (ANNEX_DIR / "2682_QĐ-UBND.docx").read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', 1)
            out.writestr(item, data)
    return buffer.getvalue()


def _no_columns() -> bytes:
    doc = Document()
    first_page(doc)
    doc.add_paragraph("PHỤ LỤC")
    table = header(doc, ["Cột một", "Cột hai", "Cột ba"])
    add_row(table, ["a", "b", "c"])
    return save(doc)


def _xlsx() -> bytes:
    from tthc.annex import template_workbook

    return template_workbook()


BAD_FILES = {
    "renamed-xlsx": (_xlsx, "bảng tính Excel (.xlsx), không phải văn bản Word"),
    "doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000, "văn bản Word cũ (.doc)"),
    "empty": (lambda: b"", "Tệp tải lên rỗng"),
    "encrypted": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 600,
        "đặt mật khẩu",
    ),
    "bomb": (_bomb, "bom nén"),
    "entities": (_with_entities, "DOCTYPE/ENTITY"),
    "no-columns": (_no_columns, "Không tìm thấy bảng danh mục thủ tục hành chính"),
    "text": (lambda: "Quyết định số 1".encode(), "không phải văn bản Word"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_files_get_one_clear_message_and_write_nothing(kind, runner, session_factory, tmp_path):
    make, message = BAD_FILES[kind]
    data = make()
    with pytest.raises(WordProblem) as error:
        read_decision_docx(data)
    assert message in str(error.value)
    path = tmp_path / f"{kind}.docx"
    path.write_bytes(data)
    result = runner.invoke(args=["decision", "import", str(path), "--json"])
    assert result.exit_code == 1 and message in result.output and len(result.output.strip().splitlines()) == 1
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Decision)) == 0
        assert session.scalar(select(func.count()).select_from(DecisionEntry)) == 0


# The file is built once per process (tests/support/word.py): in the process of the page-size walk, which
# previews the same file.
@pytest.mark.xdist_group("large_catalogue")
def test_a_300_entry_annex_reads_every_row():
    parsed = read_decision_docx(big_annex(300, True, BIG_DOUBTED))
    assert len(parsed.entries) == 300
    assert [i for i, e in enumerate(parsed.entries) if e.doubts] == list(BIG_DOUBTED)  # their malformed codes
    assert parsed.entries[-1].values["place"] == parsed.entries[275].values["place"]
    assert parsed.entries[-1].values["field"] == "Thử nghiệm 12" and parsed.entries[0].values["level"] == "tinh"
    # Phần II: every procedure gets its content, matched by the code in its heading
    assert all(len(e.content["steps"]) == 3 and len(e.content["methods"]) == 3 for e in parsed.entries)
    assert parsed.entries[-1].content["agencies"] == {
        "competent": ["Ủy ban nhân dân tỉnh"],
        "executing": ["Sở Thử nghiệm"],
    }
