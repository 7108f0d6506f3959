"""The decision document as Word: same content as the PDF, Decree 30/2020 layout, and read back by the
Word importer into the same entries."""

import io
import json

import pytest
from docx import Document
from sqlalchemy import select

from tthc.annex.word import read_decision_docx
from tthc.models.decisions import Decision
from tthc.printing.decision_docx import decision_docx

pytestmark = pytest.mark.app_config(WTF_CSRF_ENABLED=False)


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def _by_number(session, number):
    return session.scalar(select(Decision).where(Decision.number == number))


def test_docx_has_the_first_page_articles_signature_and_the_annex(demo, session):
    decision = _by_number(session, "2715/QĐ-UBND")
    decision.signing_title = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    text = _text(decision_docx(session, decision))
    session.rollback()
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "TỈNH QUẢNG TRỊ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 2715/QĐ-UBND",
        "Quảng Trị, ngày 19 tháng 11 năm 2025",
        "QUYẾT ĐỊNH:",
        "Điều 1. ",
        "Điều 2. ",
        "Điều 3. ",
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "Lê Đức Tiến",
        "PHẦN I. DANH MỤC THỦ TỤC HÀNH CHÍNH",
        "1. Danh mục thủ tục hành chính mới ban hành",
        "2. Danh mục thủ tục hành chính bị bãi bỏ",
        "A. Thủ tục hành chính cấp tỉnh",
        "PHẦN II. NỘI DUNG CỤ THỂ CỦA TỪNG THỦ TỤC HÀNH CHÍNH",
        "Cấp giấy phép hoạt động phát điện thuộc thẩm quyền cấp của Ủy ban nhân dân cấp tỉnh",
        "a) Trình tự thực hiện:",
        "l) Căn cứ pháp lý:",
        "- Trực tiếp: Thời hạn giải quyết: 14 ngày làm việc",
    ):
        assert expected in text, expected


def test_the_docx_imports_back_to_the_same_entries(demo, session):
    for number in ("2715/QĐ-UBND", "2682/QĐ-UBND"):
        decision = _by_number(session, number)
        parsed = read_decision_docx(decision_docx(session, decision))
        assert (parsed.heading["number"], parsed.heading["issuer"], parsed.heading["signer"]) == (
            decision.number,
            decision.issuer,
            decision.signer,
        )
        assert parsed.heading["date"] == decision.signed_date.isoformat()
        original = [
            (
                e.action,
                e.code,
                e.record.get("name") or None,
                e.record.get("level") or None,
                e.record.get("sector") or None,
                list(e.basis) if e.action == "abolished" else e.record.get("legal_basis") or [],
            )
            for e in sorted(decision.entries, key=lambda e: e.position)
        ]
        read_back = [
            (
                e.values["action"],
                e.values["code"],
                e.values["name"],
                e.values["level"],
                e.values["field"],
                e.values["legal_basis"] or [],
            )
            for e in parsed.entries
        ]
        assert sorted(read_back, key=json.dumps) == sorted(original, key=json.dumps)
        assert not [d for d in parsed.doubts() if "trùng" in d or "không đúng dạng" in d]


def _full_records(decision) -> list:
    return sorted(
        ([e.action, e.code, e.replaces_code, e.record, list(e.basis)] for e in decision.entries), key=json.dumps
    )


def test_every_sample_decision_round_trips_through_docx_with_its_full_records(demo, session):
    """Phần I and Phần II: printing a decision as .docx and importing it back gives the same entries with
    the same records (steps, methods per channel, place, fee, legal basis, … and what is not recorded)."""
    from tthc.decisions.importing import decision_from_flat

    decisions = session.scalars(select(Decision).where(Decision.kind == "cong_bo")).all()
    assert len(decisions) == 2
    for decision in decisions:
        parsed = read_decision_docx(decision_docx(session, decision))
        read_back = decision_from_flat(parsed.flat(), "docx", signed=False)
        assert _full_records(read_back) == _full_records(decision), decision.number
        new = [e for e in parsed.entries if e.values["action"] == "new"]
        assert new and all(any(m["kind"] == "content" for m in e.marks) for e in new)


def test_a_rich_record_round_trips_through_docx(demo, session):
    """Every part the printed Phần II carries: cases of the dossier with counts and forms, agencies by role,
    several channels with their own limits and fees, steps, results, forms, requirements, notes; a part not
    recorded stays not recorded (never read back as "Không")."""
    from tthc.decisions.importing import decision_from_flat
    from tthc.records import normalize_record

    decision = _by_number(session, "2682/QĐ-UBND")
    entry = decision.entries[0]
    entry.record = normalize_record(
        {
            **entry.record,
            "applicants": "Người nghiện ma túy từ đủ 18 tuổi trở lên",
            "steps": ["Bước 1: Nộp hồ sơ tại Ủy ban nhân dân cấp xã.", "Bước 2: Kiểm tra hồ sơ; trả kết quả."],
            "methods": [
                {
                    "channel": "truc_tiep",
                    "time_limit": "03 ngày làm việc",
                    "time_limit_value": 3,
                    "time_limit_unit": "ngay_lam_viec",
                    "fee": "Không",
                    "note": "",
                },
                {
                    "channel": "truc_tuyen",
                    "time_limit": "02 ngày làm việc",
                    "time_limit_value": 2,
                    "time_limit_unit": "ngay_lam_viec",
                    "fee": "10.000 đồng; miễn cho hộ nghèo",
                    "note": "qua Cổng Dịch vụ công quốc gia",
                },
            ],
            "dossier": [
                {
                    "case": "Trường hợp người nghiện tự đăng ký",
                    "documents": [
                        {"name": "Đơn đăng ký cai nghiện", "originals": 1, "copies": None, "form": "Mẫu số 01"},
                        {"name": "Bản sao giấy tờ tùy thân", "originals": None, "copies": 1, "form": ""},
                    ],
                },
                {
                    "case": "Trường hợp người dưới 18 tuổi",
                    "documents": [
                        {"name": "Đơn của cha, mẹ hoặc người giám hộ", "originals": 1, "copies": 2, "form": ""}
                    ],
                },
            ],
            "agencies": {
                "executing": ["Ủy ban nhân dân cấp xã"],
                "competent": ["Chủ tịch Ủy ban nhân dân cấp xã"],
                "coordinating": ["Công an cấp xã", "Trạm Y tế"],
            },
            "results": ["Quyết định cai nghiện ma túy tự nguyện tại gia đình"],
            "forms": ["Mẫu số 01: Đơn đăng ký"],
            "requirements": "Không",
            "notes": "Áp dụng từ 01/7/2025",
            "online_level": "mot_phan",
            "place": "- Ủy ban nhân dân cấp xã;\n- Trung tâm Phục vụ hành chính công",
        }
    )
    expected = entry.record
    parsed = read_decision_docx(decision_docx(session, decision))
    session.rollback()
    record = decision_from_flat(parsed.flat(), "docx", signed=False).entries[0].record
    assert record == expected
    assert record["requirements"] == "Không" and record["process"] is None
    empty = read_decision_docx(decision_docx(session, decision))
    record = decision_from_flat(empty.flat(), "docx", signed=False).entries[0].record
    assert record["steps"] == [] and record["dossier"] == [] and record["requirements"] == ""
    assert record["agencies"]["executing"] == []


def test_cli_and_review_page_give_the_docx(demo, runner, tmp_path, session, make_user, client):
    decision = _by_number(session, "2682/QĐ-UBND")
    out = tmp_path / "qd.docx"
    result = runner.invoke(args=["print", "decision", str(decision.id), "--format", "docx", "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["format"] == "docx"
    assert "Đăng ký cai nghiện ma túy tự nguyện" in _text(out.read_bytes())
    pdf = tmp_path / "qd.pdf"
    assert runner.invoke(args=["print", "decision", str(decision.id), "-o", str(pdf)]).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF-")  # pdf stays the default
    make_user("tham", "reviewer")
    client.get("/dang-nhap")
    client.post("/dang-nhap", data={"username": "tham", "password": "mat-khau-an-toan-1"})
    page = client.get(f"/tham-dinh/{decision.id}").get_data(as_text=True)
    link = next(part.split('"')[0] for part in page.split('href="')[1:] if part.split('"')[0].endswith(".docx"))
    response = client.get(link)
    assert response.status_code == 200 and response.data.startswith(b"PK")
    assert "attachment" in response.headers["Content-Disposition"]
    assert read_decision_docx(response.data).entries[0].values["code"] == "3.000527"


PROCESS_CASES = {
    "code": "QT.TP.07",
    "cases": [
        {
            "case": "Trường hợp nộp hồ sơ trực tiếp",
            "channel": "truc_tiep",
            "total": "1,5 ngày làm việc",
            "steps": [
                {
                    "order": "B1",
                    "work": "Tiếp nhận, kiểm tra hồ sơ",
                    "unit": "Bộ phận một cửa",
                    "time": "Giờ hành chính",
                    "product": "Mẫu 01",
                },
                {
                    "order": "B2",
                    "work": "Lấy ý kiến Sở Nội vụ",
                    "unit": "Sở Nội vụ",
                    "time": "1/4 ngày",
                    "linked": True,
                },
                {
                    "order": "B3",
                    "work": "Phê duyệt\nký văn bản",
                    "unit": "Lãnh đạo Sở",
                    "time": "4 giờ",
                    "product": "Quyết định",
                },
            ],
        },
        {
            "case": "Nộp qua bưu chính",
            "channel": "buu_chinh",
            "total": "",
            "steps": [{"order": "B1", "work": "Nhận hồ sơ từ bưu điện", "unit": "Bộ phận một cửa", "time": "0,5 ngày"}],
        },
    ],
}


def test_internal_processes_are_printed_after_phan_ii_and_import_back_the_same(demo, session):
    """Every entry's internal process is in the .docx as the PDF prints it (the Hà Tĩnh table form, with
    its code, cases and totals) and reads back to the same process; Phần II is unchanged by it."""
    from tests.support.processes import PROCESS_OK, PROCESS_OVER, process_decision
    from tthc.decisions.importing import decision_from_flat
    from tthc.records.process import normalize_process

    uncoded = {**PROCESS_OVER, "code": ""}  # a process code not recorded stays not recorded
    processes = {"1.001233": PROCESS_OK, "2.000840": uncoded, "2.000954": PROCESS_CASES}
    decision = process_decision(session, "96/QĐ-UBND", processes, status="draft")
    data = decision_docx(session, decision)
    text = _text(data)
    for expected in (
        "m) Quy trình nội bộ giải quyết thủ tục hành chính:",
        "KÝ HIỆU QUY TRÌNH: QT.STP.01",
        "KÝ HIỆU QUY TRÌNH: Chưa cập nhật",
        "Lấy ý kiến Sở Nội vụ (liên thông)",
        "Trường hợp: Nộp qua bưu chính",
        "Tổng thời gian giải quyết",
        "1,5 ngày làm việc",
        "Biểu mẫu/Kết quả",
    ):
        assert expected in text, expected
    parsed = read_decision_docx(data)
    assert {e.values["code"]: normalize_process(e.process) for e in parsed.entries} == {
        code: normalize_process(p) for code, p in processes.items()
    }
    assert not parsed.notices
    read_back = decision_from_flat(parsed.flat(), "docx", signed=False)
    printed = {e.code: e.record for e in read_back.entries}
    for code, process in processes.items():
        assert printed[code]["process"] == normalize_process(process), code
        assert printed[code]["legal_basis"] and printed[code]["steps"]  # Phần II still read whole
    without = {e.code: {k: v for k, v in e.record.items() if k != "process"} for e in read_back.entries}
    for entry in decision.entries:
        entry.record = {"process": None}
    plain = decision_from_flat(read_decision_docx(decision_docx(session, decision)).flat(), "docx", signed=False)
    session.rollback()
    assert {e.code: {k: v for k, v in e.record.items() if k != "process"} for e in plain.entries} == without
